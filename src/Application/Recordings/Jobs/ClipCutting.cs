using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Streaming.Application.Common.Interfaces;
using Streaming.Application.Recordings.Common;
using Streaming.Domain.Recordings;

namespace Streaming.Application.Recordings.Jobs;

/// <summary>
/// One clip's cut for <see cref="ClipJob"/>: FFmpeg through <see cref="IVideoTrimmer"/>, its progress
/// saved on the clip as it goes, the output verified with ffprobe and stored.
/// </summary>
public sealed class ClipCutting(
    IApplicationDbContext db, IBlobStorage storage, IScratchFiles scratch, IVideoTrimmer trimmer, IMediaProbe probe, TimeProvider clock,
    ILogger<ClipCutting> logger)
{
    /// <summary>Progress is saved when it passes a step, or at the latest this often (which also proves the job is alive).</summary>
    public static readonly TimeSpan ProgressInterval = TimeSpan.FromSeconds(1);

    public const int ProgressStepPercent = 5;

    /// <summary>Cuts, verifies and stores the clip; returns why it failed, or null when it is Ready.</summary>
    public async Task<string?> CutAsync(RecordingClip clip, CancellationToken cancellationToken)
    {
        var location = await db.Recordings.Where(r => r.Id == clip.RecordingId).Select(r => r.File!.Location).SingleOrDefaultAsync(cancellationToken);
        if (location is null) return "The recording no longer exists.";
        var input = Uri.TryCreate(location, UriKind.Absolute, out _)
            ? storage.TryGetKey(location, out var key) ? await storage.GetProcessingInputAsync(key, cancellationToken) : location
            : await storage.GetProcessingInputAsync(location, cancellationToken);

        const string FileName = "clip.mp4";
        await using var folder = scratch.CreateFolder("clip");
        // A hung FFmpeg (e.g. a source that stalls) must not keep the clip in Processing forever.
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(Math.Max(600, clip.LengthSeconds * 30)), clock);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, limit.Token);
        try
        {
            await TrimSavingProgressAsync(clip, input, folder.PathOf(FileName), linked.Token, cancellationToken);
        }
        catch (OperationCanceledException) when (limit.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            return "Cutting the clip took too long (the recording may be unreachable). Try again.";
        }

        // FFmpeg can exit 0 with an empty or 0-second file (e.g. a source without range support).
        var media = await probe.ProbeAsync(folder.PathOf(FileName), cancellationToken);
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

    /// <summary>
    /// FFmpeg reports many times a second on its own thread; the clip row is written from here (the
    /// DbContext's thread) only when progress passed a step or the interval is up, never per report.
    /// </summary>
    private async Task TrimSavingProgressAsync(RecordingClip clip, string input, string output, CancellationToken trimToken, CancellationToken cancellationToken)
    {
        var progress = new ClipProgress(ProgressStepPercent);
        var trim = trimmer.TrimAsync(input, clip.StartSeconds, clip.EndSeconds, output, progress, trimToken);
        while (!trim.IsCompleted)
        {
            var step = progress.NextStep;
            await Task.WhenAny(trim, step, Task.Delay(ProgressInterval, clock, cancellationToken));
            if (step.IsCompleted) progress.Rearm();
            clip.ReportProgress(progress.Percent, clock.GetUtcNow());
            await db.SaveChangesAsync(cancellationToken);
        }

        await trim;
    }
}
