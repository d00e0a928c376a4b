using MediatR;
using Microsoft.Extensions.Options;
using Streaming.Application.Common.Exceptions;
using Streaming.Application.Common.Interfaces;
using Streaming.Application.Common.Jobs;
using Streaming.Application.Common.Telemetry;
using Streaming.Application.Recordings.Common;
using Streaming.Domain.Common;
using Streaming.Domain.Recordings;

namespace Streaming.Application.Recordings.Commands.CreateClip;

/// <summary>Stores a Pending clip of a recording the caller may see; the clip job cuts it.</summary>
public record CreateClipCommand(string? Type, Guid SourceId, double? StartSeconds, double? EndSeconds) : IRequest<Guid>;

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
        if (request.StartSeconds is not { } start) throw new ValidationException(nameof(request.StartSeconds), "Enter the start in seconds.");
        if (request.EndSeconds is not { } end) throw new ValidationException(nameof(request.EndSeconds), "Enter the end in seconds.");

        var clip = RecordingClip.Request(kind == RecordingKind.Meet ? RecordingSourceType.Meet : RecordingSourceType.Voice,
            source.Id, source.Product, userId, start, end, duration, options.Value.MaxClipLength, clock.GetUtcNow());
        db.RecordingClips.Add(clip);
        await db.SaveChangesAsync(cancellationToken);
        metrics.ClipQueued();
        await jobs.TriggerAsync(JobNames.ClipCutting, cancellationToken); // cut now, not at the next sweep
        return clip.Id;
    }
}
