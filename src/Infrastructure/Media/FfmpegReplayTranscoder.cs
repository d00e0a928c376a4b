using FFMpegCore;
using Microsoft.Extensions.Logging;
using Streaming.Application.Common.Interfaces;

namespace Streaming.Infrastructure.Media;

/// <summary>
/// FFmpeg (through FFMpegCore): each WebM part is re-encoded to H.264 (CFR 30 fps, a keyframe every
/// 2 s) + AAC at the first part's picture size; several parts are then joined without re-encoding
/// (the concat demuxer). The MP4's index (moov) goes in front (<c>+faststart</c>) so players seek
/// with range requests before the whole file arrives.
/// </summary>
public sealed class FfmpegReplayTranscoder(Ffmpeg ffmpeg, ILogger<FfmpegReplayTranscoder> logger) : IReplayTranscoder
{
    private const int FramesPerSecond = 30;
    private const int KeyframeSeconds = 2;

    public async Task TranscodeAsync(IReadOnlyList<string> parts, string outputPath, CancellationToken cancellationToken)
    {
        if (parts.Count == 0) throw new MediaProcessingException("Nothing was recorded.");
        var first = await ProbePartAsync(parts[0], cancellationToken)
                    ?? throw new MediaProcessingException("The recording could not be read (FFmpeg does not recognise it as a video).");
        if (first.Width is null || first.Height is null) throw new MediaProcessingException("The recording holds no camera picture.");
        // H.264 4:2:0 needs even dimensions.
        var width = first.Width.Value / 2 * 2;
        var height = first.Height.Value / 2 * 2;

        if (parts.Count == 1)
        {
            await EncodeAsync(parts[0], first.HasAudio, width, height, outputPath, cancellationToken);
            return;
        }

        var folder = Path.GetDirectoryName(Path.GetFullPath(outputPath))!;
        var segments = new List<string>();
        try
        {
            for (var i = 0; i < parts.Count; i++)
            {
                var info = i == 0 ? first : await ProbePartAsync(parts[i], cancellationToken);
                if (info?.Width is null)
                {
                    // A part FFmpeg cannot read (e.g. a tab that died right after it reopened) is left out.
                    logger.LogWarning("Replay part {Part} is unreadable and left out", parts[i]);
                    continue;
                }

                var segment = Path.Combine(folder, $"segment-{i:D3}-{Guid.NewGuid():N}.mp4");
                segments.Add(segment);
                await EncodeAsync(parts[i], info.HasAudio, width, height, segment, cancellationToken);
            }

            await RunAsync(FFMpegArguments
                .FromConcatDemuxerInput(segments)
                .OutputToFile(outputPath, overwrite: true, o => o.WithCustomArgument("-c copy").WithFastStart().ForceFormat("mp4")), cancellationToken);
        }
        finally
        {
            foreach (var segment in segments) File.Delete(segment);
        }
    }

    public async Task<ReplayMediaInfo?> ProbeAsync(string path, CancellationToken cancellationToken)
    {
        var info = await ProbePartAsync(path, cancellationToken);
        return info is null ? null : new ReplayMediaInfo(info.Duration, info.VideoCodec, info.AudioCodec);
    }

    private Task EncodeAsync(string input, bool hasAudio, int width, int height, string output, CancellationToken cancellationToken)
    {
        var video = $"scale={width}:{height}:force_original_aspect_ratio=decrease,pad={width}:{height}:(ow-iw)/2:(oh-ih)/2," +
                    $"setsar=1,fps={FramesPerSecond},setpts=PTS-STARTPTS,format=yuv420p";
        const int gop = FramesPerSecond * KeyframeSeconds;
        var arguments = FFMpegArguments.FromFileInput(input);
        // A part without sound gets silence, so every segment has the same streams to join.
        if (!hasAudio) arguments = arguments.AddUrlInput("anullsrc=channel_layout=stereo:sample_rate=48000", o => o.ForceFormat("lavfi"));
        return RunAsync(arguments.OutputToFile(output, overwrite: true, o =>
        {
            o.WithCustomArgument($"-map 0:v:0 -map {(hasAudio ? "0:a:0" : "1:a:0")}")
                .WithCustomArgument($"-vf \"{video}\"")
                .WithVideoCodec("libx264").WithCustomArgument("-preset veryfast").WithConstantRateFactor(23)
                .WithCustomArgument($"-profile:v high -g {gop} -keyint_min {gop} -sc_threshold 0")
                .WithCustomArgument($"-force_key_frames \"expr:gte(t,n_forced*{KeyframeSeconds})\"")
                .WithCustomArgument("-af asetpts=PTS-STARTPTS")
                .WithAudioCodec("aac").WithAudioBitrate(128).WithAudioSamplingRate(48000).WithCustomArgument("-ac 2");
            if (!hasAudio) o.WithShortest();
            o.WithFastStart().ForceFormat("mp4");
        }), cancellationToken);
    }

    private async Task RunAsync(FFMpegArgumentProcessor command, CancellationToken cancellationToken)
    {
        var run = await ffmpeg.RunAsync(command, ffmpeg.Settings.ReplayTimeout, cancellationToken);
        if (run.Succeeded) return;
        logger.LogWarning("ffmpeg failed ({Exit}) making a replay: {Errors}", run.ExitCode, run.Tail(1000));
        var errors = run.ErrorText;
        throw new MediaProcessingException(
            errors.Contains("Invalid data found", StringComparison.Ordinal) || errors.Contains("EBML header parsing failed", StringComparison.Ordinal)
                ? "The recording is damaged or not a WebM video FFmpeg can read."
                : $"FFmpeg could not make the replay: {run.Tail(200)}");
    }

    private sealed record PartInfo(double Duration, string? VideoCodec, string? AudioCodec, int? Width, int? Height)
    {
        public bool HasAudio => AudioCodec is not null;
    }

    private async Task<PartInfo?> ProbePartAsync(string path, CancellationToken cancellationToken)
    {
        var (analysis, problem) = await ffmpeg.ProbeAsync(path, cancellationToken);
        var video = analysis?.PrimaryVideoStream;
        var audio = analysis?.PrimaryAudioStream;
        if (analysis is null || (video is null && audio is null))
        {
            logger.LogInformation("ffprobe refused {Path}: {Problem}", path, problem ?? "no audio or video stream");
            return null;
        }

        static string Codec(MediaStream stream) => string.IsNullOrEmpty(stream.CodecName) ? "unknown" : stream.CodecName;
        static int? Positive(int? value) => value is > 0 ? value : null;
        return new PartInfo(analysis.Format.Duration.TotalSeconds, video is null ? null : Codec(video), audio is null ? null : Codec(audio),
            Positive(video?.Width), Positive(video?.Height));
    }
}
