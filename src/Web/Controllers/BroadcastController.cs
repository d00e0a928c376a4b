using MediatR;
using Microsoft.AspNetCore.Mvc;
using Streaming.Application.Live.Commands.EndStream;
using Streaming.Application.Live.Commands.GoLive;
using Streaming.Application.Live.Commands.RecordBroadcastHeartbeat;
using Streaming.Application.Live.Common;
using Streaming.Application.Live.Queries.GetBroadcast;
using Streaming.Application.Live.Queries.GetWatchingCount;
using Streaming.Web.Hubs;

namespace Streaming.Web.Controllers;

/// <summary>
/// The owning instructor's broadcast page. Anyone else gets 404 from the handlers. "Go live" and
/// "End stream" are called by the page's script (JSON, antiforgery token in a header).
/// </summary>
[Route("instructor/streams/{id:guid}/broadcast")]
public class BroadcastController(IMediator mediator, LiveStatusNotifier notifier, IWhepSignalling signalling) : Controller
{
    [HttpGet("")]
    public async Task<IActionResult> Index(Guid id, CancellationToken cancellationToken) =>
        View(await mediator.Send(new GetBroadcastQuery(id), cancellationToken));

    /// <summary>Members watching now, from their viewing sessions (polled by the page in Cloudflare mode).</summary>
    [HttpGet("viewers")]
    public async Task<WatchingDto> Viewers(Guid id, CancellationToken cancellationToken) =>
        new(await mediator.Send(new GetWatchingCountQuery(id), cancellationToken));

    [HttpPost("live")]
    public async Task<LiveStatusDto> GoLive(Guid id, CancellationToken cancellationToken)
    {
        var status = await mediator.Send(new GoLiveCommand(id), cancellationToken);
        await notifier.NotifyAsync(status);
        return status;
    }

    /// <summary>The page's sign of life while it sends video (about every 15 s); 409 with the reason once the class is not live.</summary>
    [HttpPost("heartbeat")]
    public Task<LiveStatusDto> Heartbeat(Guid id, CancellationToken cancellationToken) =>
        mediator.Send(new RecordBroadcastHeartbeatCommand(id), cancellationToken);

    [HttpPost("end")]
    public async Task<LiveStatusDto> End(Guid id, CancellationToken cancellationToken)
    {
        var status = await mediator.Send(new EndStreamCommand(id), cancellationToken);
        await signalling.StopStreamAsync(id);
        await notifier.NotifyAsync(status);
        return status;
    }
}

public sealed record WatchingDto(int Watching);
