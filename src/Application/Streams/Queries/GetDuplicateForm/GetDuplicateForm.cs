using MediatR;
using Streaming.Application.Common.Interfaces;
using Streaming.Application.Streams.Commands.CreateStream;
using Streaming.Application.Streams.Common;
using Streaming.Application.Common.Security;

namespace Streaming.Application.Streams.Queries.GetDuplicateForm;

/// <summary>"Duplicate": the create form filled from the caller's class, one week after the original (or a week from now).</summary>
[Authorize(Policy = Policies.StreamOwner)]
public record GetDuplicateFormQuery(Guid Id, string? TimeZone) : IRequest<CreateStreamCommand>;

public class GetDuplicateFormHandler(IApplicationDbContext db, ICurrentUser currentUser, TimeProvider clock)
    : IRequestHandler<GetDuplicateFormQuery, CreateStreamCommand>
{
    public async Task<CreateStreamCommand> Handle(GetDuplicateFormQuery request, CancellationToken cancellationToken)
    {
        var stream = await db.FindOwnedAsync(currentUser, request.Id, cancellationToken);
        var zone = StreamForm.FindZone(request.TimeZone) ?? TimeZoneInfo.Utc;

        // Same wall-clock time a week later (also across a daylight-saving change), in the future.
        var local = TimeZoneInfo.ConvertTime(stream.ScheduledStart, zone).DateTime;
        var form = StreamForms.Fill(new CreateStreamCommand(), stream, stream.ScheduledStart, request.TimeZone);
        do
        {
            local = local.AddDays(7);
            form.StartLocal = local;
        }
        while (form.StartUtc() is not { } utc || utc <= clock.GetUtcNow());

        return form;
    }
}
