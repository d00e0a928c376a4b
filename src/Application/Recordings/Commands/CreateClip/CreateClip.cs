using MediatR;
using Microsoft.Extensions.Options;
using Streaming.Application.Common.Exceptions;
using Streaming.Application.Common.Interfaces;
using Streaming.Application.Common.Jobs;
using Streaming.Application.Common.Telemetry;
using Streaming.Application.Recordings.Common;
using Streaming.Domain.Common;
using Streaming.Domain.Recordings;
using Streaming.Application.Common.Security;

namespace Streaming.Application.Recordings.Commands.CreateClip;

/// <summary>
/// Stores a Pending clip of a recording the caller may see; the clip job cuts it. Start and end are
/// written as people write times (<see cref="ClipTime"/>: 1:05, 1:02.5, 65); the validator reads them.
/// </summary>
[Authorize(Policy = Policies.RecordingOwner, Resource = nameof(CreateClipCommand.SourceId))]
public record CreateClipCommand(string? Type, Guid SourceId, string? Start, string? End, string? Name = null) : IRequest<Guid>;

public class CreateClipHandler(
    IApplicationDbContext db, ICurrentUser currentUser, TimeProvider clock, IOptions<RecordingsOptions> options, IJobScheduler jobs, StreamingMetrics metrics)
    : IRequestHandler<CreateClipCommand, Guid>
{
    public async Task<Guid> Handle(CreateClipCommand request, CancellationToken cancellationToken)
    {
        var kind = RecordingKinds.Parse(request.Type);
        if (kind == RecordingKind.Clip) throw new ValidationException("type", "Clips are cut from a meeting or a call, not from another clip.");
        if (currentUser.Id is not { } userId) throw new ForbiddenAccessException("Log in to create clips.");
        var source = await RecordingSources.FindAsync(db, new RecordingAccess(currentUser, options.Value), kind, request.SourceId, cancellationToken);
        if (!source.HasFile || source.DurationSeconds is not { } duration) throw new DomainException("This recording has no file yet.");

        var clip = RecordingClip.Request(source.Id, source.Product, userId,
            ClipTime.Parse(request.Start).Seconds, ClipTime.Parse(request.End).Seconds, duration, options.Value.MaxClipLength, clock.GetUtcNow(), request.Name);
        db.RecordingClips.Add(clip);
        await db.SaveChangesAsync(cancellationToken);
        metrics.ClipQueued();
        await jobs.TriggerAsync(JobNames.ClipCutting, cancellationToken); // cut now, not at the next sweep
        return clip.Id;
    }
}
