using FFMpegCore;
using Microsoft.Extensions.Logging;
using Streaming.Application.Common.Interfaces;

namespace Streaming.Infrastructure.Media;

/// <summary>
/// Reads recordings with ffprobe and cuts clips with FFmpeg. Clips are cut exactly: stream copy
/// alone can only start at a keyframe, which may be seconds early (STACK.md). An H.264 MP4 is cut
/// by <see cref="SmartCut"/> (only the frames up to the first keyframe, and the last partial group
/// when B-frames need it, are re-encoded; the rest is copied); anything else, or with
/// <c>Media:SmartCut</c> off, is re-encoded whole (H.264 + AAC, faststart). Progress comes from
/// FFmpeg's own statistics through FFMpegCore.
/// </summary>
public sealed class FfmpegClipCutter(Ffmpeg ffmpeg, SmartCut smartCut, ILogger<FfmpegClipCutter> logger) : IMediaProbe, IVideoTrimmer
{
    public async Task<MediaInfo?> ProbeAsync(string input, CancellationToken cancellationToken)
    {
        var (analysis, problem) = await ffmpeg.ProbeAsync(input, cancellationToken);
        if (analysis is null || (analysis.VideoStreams.Count == 0 && analysis.AudioStreams.Count == 0))
        {
            logger.LogInformation("ffprobe refused {Input}: {Problem}", input, problem ?? "no audio or video stream");
            return null;
        }

        var video = analysis.PrimaryVideoStream;
        return new MediaInfo(analysis.Format.Duration.TotalSeconds, video is not null, analysis.AudioStreams.Count > 0,
            video?.StartTime.TotalSeconds);
    }

    public async Task TrimAsync(string input, double startSeconds, double endSeconds, string outputPath, IProgress<double>? progress, CancellationToken cancellationToken)
    {
        if (ffmpeg.Settings.SmartCut && await smartCut.TryCutAsync(input, startSeconds, endSeconds, outputPath, progress, cancellationToken)) return;

        var length = TimeSpan.FromSeconds(endSeconds - startSeconds);
        // -ss before -i seeks by range requests on URLs; with re-encoding the cut is still frame-exact.
        var command = FFMpegArguments
            .FromUrlInput(input, o => o.WithStartTime(TimeSpan.FromSeconds(startSeconds)))
            .OutputToFile(outputPath, overwrite: true, o => o
                .WithDuration(length)
                .WithCustomArgument("-map 0:v:0? -map 0:a:0?")
                .WithVideoCodec("libx264").WithCustomArgument($"-preset {ffmpeg.Settings.ClipPreset}")
                .WithConstantRateFactor(20).WithCustomArgument("-pix_fmt yuv420p")
                .WithAudioCodec("aac").WithAudioBitrate(128)
                .WithFastStart()
                .ForceFormat("mp4"));
        if (progress is not null) command.NotifyOnPercentageProgress(percent => progress.Report(Math.Clamp(percent / 100, 0, 1)), length);

        // The clip job bounds the cut itself (its cancellation token), so no second limit here.
        var run = await ffmpeg.RunAsync(command, Timeout.InfiniteTimeSpan, cancellationToken);
        if (run.Succeeded) return;

        logger.LogWarning("ffmpeg failed ({Exit}) cutting {Input}: {Error}", run.ExitCode, input, run.Tail());
        throw new MediaProcessingException(Explain(run.ErrorText));
    }

    /// <summary>A sentence the user can act on, from FFmpeg's last error lines.</summary>
    private static string Explain(string error)
    {
        if (error.Contains("Server returned 4", StringComparison.Ordinal) || error.Contains("No such file", StringComparison.Ordinal))
            return "The recording's file could not be read (it may have been moved or deleted).";
        if (error.Contains("Invalid data found", StringComparison.Ordinal) || error.Contains("moov atom not found", StringComparison.Ordinal))
            return "The recording's file is damaged or not a video/audio file FFmpeg can read.";
        return $"FFmpeg could not cut the clip: {(error.Length <= 200 ? error : error[^200..])}";
    }
}
