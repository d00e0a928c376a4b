using MediatR;
using Microsoft.AspNetCore.Mvc;
using Streaming.Application.Recordings.Queries.HasRecordings;

namespace Streaming.Web.ViewComponents;

/// <summary>The "Recordings" menu item, only for people who have recordings.</summary>
public class RecordingsMenuViewComponent(IMediator mediator) : ViewComponent
{
    public async Task<IViewComponentResult> InvokeAsync() =>
        await mediator.Send(new HasRecordingsQuery(), HttpContext.RequestAborted)
            ? View()
            : Content(string.Empty);
}
