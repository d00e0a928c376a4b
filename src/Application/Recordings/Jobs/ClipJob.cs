using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Streaming.Application.Common.Interfaces;
using Streaming.Application.Common.Telemetry;
using Streaming.Application.Recordings.Common;
using Streaming.Domain.Recordings;

namespace Streaming.Application.Recordings.Jobs;

/// <summary>
/// Cuts clips. A plain class behind an interface, run by the clip-cutting background job
/// (<see cref="Commands.CutClips.CutClipsCommand"/>): <see cref="RequeueStaleAsync"/> then <see cref="RunNextAsync"/> until it returns false.
/// </summary>
public interface IClipJob
{
    /// <summary>Puts clips whose job stopped (no progress for <c>Recordings:ClipStaleAfter</c>) back in the queue. Returns how many.</summary>
    Task<int> RequeueStaleAsync(CancellationToken cancellationToken);

    /// <summary>Takes the oldest pending clip and cuts it; false when there was none.</summary>
    Task<bool> RunNextAsync(CancellationToken cancellationToken);
}

public sealed class ClipJob(
    IApplicationDbContext db, ClipCutting cutting, TimeProvider clock, IOptions<RecordingsOptions> options, ILogger<ClipJob> logger, StreamingMetrics metrics) : IClipJob
{
    public async Task<int> RequeueStaleAsync(CancellationToken cancellationToken)
    {
        var before = clock.GetUtcNow() - options.Value.ClipStaleAfter;
        var stale = await db.RecordingClips.Where(c => c.Status == ClipStatus.Processing && c.UpdatedAt < before).ToListAsync(cancellationToken);
        foreach (var clip in stale) clip.Requeue(clock.GetUtcNow());
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            // Another instance requeued (or its job touched) one of them first.
            db.DiscardChanges();
            return 0;
        }

        if (stale.Count > 0) logger.LogWarning("Requeued {Count} clip(s) left in Processing by a stopped job", stale.Count);
        return stale.Count;
    }

    public async Task<bool> RunNextAsync(CancellationToken cancellationToken)
    {
        var clip = await db.RecordingClips.Where(c => c.Status == ClipStatus.Pending).OrderBy(c => c.UpdatedAt).FirstOrDefaultAsync(cancellationToken);
        if (clip is null) return false;
        clip.StartProcessing(clock.GetUtcNow());
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            db.DiscardChanges(); // another runner took it
            return true;
        }

        string? failure;
        try
        {
            failure = await cutting.CutAsync(clip, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // FFmpeg's failures carry a sentence for the user; anything else is logged, not shown.
            if (e is not MediaProcessingException) logger.LogError(e, "Clip {ClipId} failed", clip.Id);
            failure = e is MediaProcessingException ? e.Message : "Something went wrong while cutting the clip. Try again.";
        }

        if (failure is not null)
        {
            clip.Fail(failure, clock.GetUtcNow());
            await db.SaveChangesAsync(CancellationToken.None);
            metrics.ClipFailed();
            logger.LogWarning("Clip {ClipId} failed: {Reason}", clip.Id, failure);
        }

        return true;
    }
}
