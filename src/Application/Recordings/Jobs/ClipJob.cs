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
    IApplicationDbContext db, IBlobStorage storage, IScratchFiles scratch, IVideoTrimmer trimmer, IMediaProbe probe, TimeProvider clock,
    IOptions<RecordingsOptions> options, ILogger<ClipJob> logger, StreamingMetrics metrics) : IClipJob
{
    /// <summary>How often progress is written while FFmpeg runs (it also proves the job is alive).</summary>
    private static readonly TimeSpan ProgressInterval = TimeSpan.FromSeconds(1);

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
            failure = await CutAsync(clip, cancellationToken);
        }
        catch (MediaProcessingException e)
        {
            failure = e.Message;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogError(e, "Clip {ClipId} failed", clip.Id);
            failure = "Something went wrong while cutting the clip. Try again.";
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

    /// <summary>Cuts, verifies and stores the clip; returns why it failed, or null when it is Ready.</summary>
    private async Task<string?> CutAsync(RecordingClip clip, CancellationToken cancellationToken)
    {
        var location = clip.SourceType == RecordingSourceType.Meet
            ? await db.MeetRooms.Where(r => r.Id == clip.SourceId).Select(r => r.RecordingLocation).SingleOrDefaultAsync(cancellationToken)
            : await db.VoiceCalls.Where(c => c.Id == clip.SourceId).Select(c => c.RecordingLocation).SingleOrDefaultAsync(cancellationToken);
        if (location is null) return "The recording no longer exists.";
        var input = Uri.TryCreate(location, UriKind.Absolute, out _)
            ? storage.TryGetKey(location, out var key) ? await storage.GetProcessingInputAsync(key, cancellationToken) : location
            : await storage.GetProcessingInputAsync(location, cancellationToken);

        const string FileName = "clip.mp4";
        var folder = scratch.CreateFolder("clip");
        var output = folder.PathOf(FileName);
        try
        {
            var latest = 0.0;
            // A hung FFmpeg (e.g. a source that stalls) must not keep the clip in Processing forever.
            using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(Math.Max(600, clip.LengthSeconds * 30)), clock);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, limit.Token);
            var trim = trimmer.TrimAsync(input, clip.StartSeconds, clip.EndSeconds, output, new SynchronousProgress(p => Volatile.Write(ref latest, p)), linked.Token);
            while (!trim.IsCompleted)
            {
                await Task.WhenAny(trim, Task.Delay(ProgressInterval, clock, cancellationToken));
                clip.ReportProgress((int)(Volatile.Read(ref latest) * 100), clock.GetUtcNow());
                await db.SaveChangesAsync(cancellationToken);
            }

            try
            {
                await trim;
            }
            catch (OperationCanceledException) when (limit.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                return "Cutting the clip took too long (the recording may be unreachable). Try again.";
            }

            // FFmpeg can exit 0 with an empty or 0-second file (e.g. a source without range support).
            var media = await probe.ProbeAsync(output, cancellationToken);
            var expected = clip.LengthSeconds;
            if (media is null || media.DurationSeconds <= 0)
                return "The clip came out empty. The recording may not allow seeking; try again later or download the whole recording.";
            if (media.DurationSeconds < expected - 0.25)
                return $"The clip came out {media.DurationSeconds:0.##} s long instead of {expected:0.##} s: the recording may be shorter than it says.";

            var clipKey = BlobKeys.New("clips", clip.Id, ".mp4", clock.GetUtcNow());
            long size;
            await using (var file = folder.OpenRead(FileName))
                size = await storage.PutAsync(clipKey, file, "video/mp4", cancellationToken);
            clip.Complete(clipKey, size, media.DurationSeconds, clock.GetUtcNow());
            await db.SaveChangesAsync(cancellationToken);
            logger.LogInformation("Clip {ClipId} ready ({Seconds:0.##} s, {Bytes} bytes)", clip.Id, media.DurationSeconds, size);
            return null;
        }
        finally
        {
            await folder.DisposeAsync();
        }
    }

    /// <summary>Reports on the caller's thread (Progress&lt;T&gt; would post to the thread pool, out of order).</summary>
    private sealed class SynchronousProgress(Action<double> report) : IProgress<double>
    {
        public void Report(double value) => report(value);
    }
}
