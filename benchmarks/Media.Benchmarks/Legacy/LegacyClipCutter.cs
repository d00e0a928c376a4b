// The hand-written FFmpeg code the app used before FFMpegCore (commit dd12e88), kept here only so
// that benchmarks/recordings.sh can time the old and the new code side by side in one run.
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Streaming.Application.Common.Interfaces;
using Streaming.Application.Recordings.Common;

namespace Streaming.Benchmarks.Media.Legacy;

/// <summary>The <c>Recordings:Ffmpeg</c> settings.</summary>
public sealed class LegacyFfmpegOptions
{
    public string FfmpegPath { get; set; } = "ffmpeg";

    public string FfprobePath { get; set; } = "ffprobe";

    /// <summary>x264 preset for exact cuts (re-encoding): faster is bigger, slower is smaller.</summary>
    public string Preset { get; set; } = "veryfast";
}

/// <summary>
/// FFmpeg and ffprobe as processes. Clips are cut exactly (re-encoded, H.264 + AAC, faststart):
/// stream copy can only start at a keyframe, which may be seconds early (STACK.md).
/// </summary>
public sealed class LegacyClipCutter(LegacyFfmpegOptions options, ILogger<LegacyClipCutter> logger) : IMediaProbe, IVideoTrimmer
{
    public async Task<MediaInfo?> ProbeAsync(string input, CancellationToken cancellationToken)
    {
        var (exit, output, error) = await RunAsync(options.FfprobePath,
            ["-v", "error", "-show_entries", "format=duration:stream=codec_type,start_time", "-of", "json", input], null, cancellationToken);
        if (exit != 0)
        {
            logger.LogInformation("ffprobe refused {Input}: {Error}", input, Tail(error));
            return null;
        }

        using var json = JsonDocument.Parse(output);
        var streams = json.RootElement.TryGetProperty("streams", out var s) ? s.EnumerateArray().ToList() : [];
        var hasVideo = streams.Any(x => x.TryGetProperty("codec_type", out var t) && t.GetString() == "video");
        var hasAudio = streams.Any(x => x.TryGetProperty("codec_type", out var t) && t.GetString() == "audio");
        var duration = json.RootElement.TryGetProperty("format", out var format) && format.TryGetProperty("duration", out var d)
            && double.TryParse(d.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) ? seconds : 0;
        var firstVideo = streams.FirstOrDefault(x => x.TryGetProperty("codec_type", out var t) && t.GetString() == "video");
        double? start = firstVideo.ValueKind == JsonValueKind.Object && firstVideo.TryGetProperty("start_time", out var st)
            && double.TryParse(st.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var startTime) ? startTime : null;
        return hasVideo || hasAudio ? new MediaInfo(duration, hasVideo, hasAudio, start) : null;
    }

    public async Task TrimAsync(string input, double startSeconds, double endSeconds, string outputPath, IProgress<double>? progress, CancellationToken cancellationToken)
    {
        var length = endSeconds - startSeconds;
        string[] arguments =
        [
            "-hide_banner", "-nostdin", "-y", "-v", "error",
            // -ss before -i seeks by range requests on URLs; with re-encoding the cut is still frame-exact.
            "-ss", Seconds(startSeconds), "-i", input, "-t", Seconds(length),
            "-map", "0:v:0?", "-map", "0:a:0?",
            "-c:v", "libx264", "-preset", options.Preset, "-crf", "20", "-pix_fmt", "yuv420p",
            "-c:a", "aac", "-b:a", "128k",
            "-movflags", "+faststart", "-avoid_negative_ts", "make_zero",
            "-progress", "pipe:1", "-nostats",
            "-f", "mp4", outputPath,
        ];
        var (exit, _, error) = await RunAsync(options.FfmpegPath, arguments, line =>
        {
            // -progress prints key=value lines; out_time_us is the position written so far.
            if (progress is null || !line.StartsWith("out_time_us=", StringComparison.Ordinal)) return;
            if (long.TryParse(line.AsSpan("out_time_us=".Length), NumberStyles.Integer, CultureInfo.InvariantCulture, out var us) && length > 0)
                progress.Report(Math.Clamp(us / 1_000_000.0 / length, 0, 1));
        }, cancellationToken);
        if (exit != 0)
        {
            logger.LogWarning("ffmpeg failed ({Exit}) cutting {Input}: {Error}", exit, input, Tail(error));
            throw new MediaProcessingException(Explain(error));
        }
    }

    /// <summary>A sentence the user can act on, from FFmpeg's last error lines.</summary>
    private static string Explain(string error)
    {
        if (error.Contains("Server returned 4", StringComparison.Ordinal) || error.Contains("No such file", StringComparison.Ordinal))
            return "The recording's file could not be read (it may have been moved or deleted).";
        if (error.Contains("Invalid data found", StringComparison.Ordinal) || error.Contains("moov atom not found", StringComparison.Ordinal))
            return "The recording's file is damaged or not a video/audio file FFmpeg can read.";
        return $"FFmpeg could not cut the clip: {Tail(error, 200)}";
    }

    private static string Seconds(double value) => value.ToString("0.000", CultureInfo.InvariantCulture);

    private static string Tail(string text, int max = 500)
    {
        text = text.Trim();
        return text.Length <= max ? text : text[^max..];
    }

    private static async Task<(int Exit, string Output, string Error)> RunAsync(
        string executable, IEnumerable<string> arguments, Action<string>? onLine, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);

        using var process = new Process { StartInfo = start };
        var output = new StringBuilder();
        var error = new StringBuilder();
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null) return;
            if (onLine is null) lock (output) output.AppendLine(e.Data);
            else onLine(e.Data);
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is null) return;
            lock (error) if (error.Length < 20_000) error.AppendLine(e.Data);
        };
        if (!process.Start()) throw new MediaProcessingException($"{executable} could not be started.");
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await process.WaitForExitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        return (process.ExitCode, output.ToString(), error.ToString());
    }
}
