// The hand-written FFmpeg code the app used before FFMpegCore (commit dd12e88), kept here only so
// that benchmarks/recordings.sh can time the old and the new code side by side in one run.
using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Streaming.Application.Common.Interfaces;
using Streaming.Application.Live.Replay;
using Streaming.Application.Recordings.Common;

namespace Streaming.Benchmarks.Media.Legacy;

/// <summary>
/// FFmpeg (through <see cref="LegacyMediaTools"/>): each WebM part is re-encoded to H.264 (CFR 30 fps,
/// a keyframe every 2 s) + AAC at the first part's picture size; several parts are then joined
/// without re-encoding. The MP4's index (moov) goes in front (<c>+faststart</c>) so players seek
/// with range requests before the whole file arrives.
/// </summary>
public sealed class LegacyReplayTranscoder(LegacyMediaTools tools, ILogger<LegacyReplayTranscoder> logger) : IReplayTranscoder
{
    private static readonly TimeSpan FfmpegTimeout = TimeSpan.FromHours(2);
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

            var list = Path.Combine(folder, $"segments-{Guid.NewGuid():N}.txt");
            segments.Add(list);
            await File.WriteAllLinesAsync(list, segments.Take(segments.Count - 1).Select(s => $"file '{s.Replace("'", "'\\''", StringComparison.Ordinal)}'"), cancellationToken);
            await RunFfmpegAsync(
            [
                "-hide_banner", "-nostdin", "-y", "-v", "error",
                "-f", "concat", "-safe", "0", "-i", list,
                "-c", "copy", "-movflags", "+faststart", "-f", "mp4", outputPath,
            ], cancellationToken);
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

    private async Task EncodeAsync(string input, bool hasAudio, int width, int height, string output, CancellationToken cancellationToken)
    {
        var video = $"scale={width}:{height}:force_original_aspect_ratio=decrease,pad={width}:{height}:(ow-iw)/2:(oh-ih)/2," +
                    $"setsar=1,fps={FramesPerSecond},setpts=PTS-STARTPTS,format=yuv420p";
        var gop = (FramesPerSecond * KeyframeSeconds).ToString(CultureInfo.InvariantCulture);
        var arguments = new List<string> { "-hide_banner", "-nostdin", "-y", "-v", "error", "-i", input };
        if (!hasAudio) arguments.AddRange(["-f", "lavfi", "-i", "anullsrc=channel_layout=stereo:sample_rate=48000"]);
        arguments.AddRange(
        [
            "-map", "0:v:0", "-map", hasAudio ? "0:a:0" : "1:a:0",
            "-vf", video,
            "-c:v", "libx264", "-preset", "veryfast", "-crf", "23", "-profile:v", "high",
            "-g", gop, "-keyint_min", gop, "-sc_threshold", "0",
            "-force_key_frames", $"expr:gte(t,n_forced*{KeyframeSeconds})",
            "-af", "asetpts=PTS-STARTPTS", "-c:a", "aac", "-b:a", "128k", "-ar", "48000", "-ac", "2",
        ]);
        if (!hasAudio) arguments.Add("-shortest");
        arguments.AddRange(["-movflags", "+faststart", "-f", "mp4", output]);
        await RunFfmpegAsync(arguments, cancellationToken);
    }

    private async Task RunFfmpegAsync(IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        var (exit, _, errors) = await tools.RunAsync(tools.Ffmpeg, arguments, FfmpegTimeout, cancellationToken);
        if (exit == 0) return;
        logger.LogWarning("ffmpeg failed ({Exit}) making a replay: {Errors}", exit, Tail(errors, 1000));
        throw new MediaProcessingException(exit == -1
            ? $"FFmpeg took longer than {FfmpegTimeout} and was stopped."
            : errors.Contains("Invalid data found", StringComparison.Ordinal) || errors.Contains("EBML header parsing failed", StringComparison.Ordinal)
                ? "The recording is damaged or not a WebM video FFmpeg can read."
                : $"FFmpeg could not make the replay: {Tail(errors, 200)}");
    }

    private sealed record PartInfo(double Duration, string? VideoCodec, string? AudioCodec, int? Width, int? Height)
    {
        public bool HasAudio => AudioCodec is not null;
    }

    private async Task<PartInfo?> ProbePartAsync(string path, CancellationToken cancellationToken)
    {
        var (exit, output, errors) = await tools.RunAsync(tools.Ffprobe,
            ["-v", "error", "-show_entries", "format=duration:stream=codec_type,codec_name,width,height", "-of", "json", path],
            TimeSpan.FromMinutes(5), cancellationToken);
        if (exit != 0)
        {
            logger.LogInformation("ffprobe refused {Path}: {Errors}", path, Tail(errors, 500));
            return null;
        }

        using var json = JsonDocument.Parse(output);
        var streams = json.RootElement.TryGetProperty("streams", out var s) ? s.EnumerateArray().ToList() : [];
        JsonElement? Of(string type) => streams.Where(x => x.TryGetProperty("codec_type", out var t) && t.GetString() == type)
            .Select(x => (JsonElement?)x).FirstOrDefault();
        var video = Of("video");
        var audio = Of("audio");
        if (video is null && audio is null) return null;
        var duration = json.RootElement.TryGetProperty("format", out var format) && format.TryGetProperty("duration", out var d)
            && double.TryParse(d.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) ? seconds : 0;
        static string? Codec(JsonElement? e) => e is { } x && x.TryGetProperty("codec_name", out var c) ? c.GetString() : null;
        static int? Int(JsonElement? e, string name) => e is { } x && x.TryGetProperty(name, out var v) && v.TryGetInt32(out var i) && i > 0 ? i : null;
        return new PartInfo(duration, video is null ? null : Codec(video) ?? "unknown", audio is null ? null : Codec(audio) ?? "unknown",
            Int(video, "width"), Int(video, "height"));
    }

    private static string Tail(string text, int max)
    {
        text = text.Trim();
        return text.Length <= max ? text : text[^max..];
    }
}
