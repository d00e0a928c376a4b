using System.Diagnostics;
using System.Globalization;

namespace Streaming.TestSupport.Recordings;

/// <summary>
/// Real media made by FFmpeg for recording tests. Each video frame carries its own frame number
/// (left half luma = N mod 16, right half = N / 16 mod 16, in steps of 16), so a test can read
/// back which source frame a clip starts with, whatever the container's timestamps say.
/// </summary>
public static class TestMedia
{
    public const int FramesPerSecond = 25;

    /// <summary>
    /// An MP4 of <paramref name="seconds"/> with a keyframe every <paramref name="keyframeInterval"/> frames: H.264 by x264
    /// at <paramref name="preset"/> (ultrafast: no B-frames; veryfast: High profile with B-frames) or another
    /// <paramref name="videoCodec"/>, and AAC.
    /// </summary>
    public static async Task<string> CreateVideoAsync(string path, double seconds, int keyframeInterval = 250, int size = 64,
        string preset = "ultrafast", string videoCodec = "libx264", string audioCodec = "aac", string movFlags = "+faststart")
    {
        var filter = $"color=c=black:s={size}x{size}:r={FramesPerSecond}:d={Format(seconds)},format=gray," +
                     "geq=lum='if(lt(X,W/2),mod(N,16)*16+8,mod(floor(N/16),16)*16+8)'";
        await RunAsync("ffmpeg", "-hide_banner", "-v", "error", "-y", "-f", "lavfi", "-i", filter,
            "-f", "lavfi", "-i", $"sine=frequency=440:duration={Format(seconds)}",
            "-c:v", videoCodec, "-preset", preset, "-g", keyframeInterval.ToString(CultureInfo.InvariantCulture),
            "-sc_threshold", "0", "-pix_fmt", "yuv420p",
            "-c:a", audioCodec, "-shortest", "-movflags", movFlags, path);
        return path;
    }

    /// <summary>The source frame number (mod 256) shown by every frame of <paramref name="path"/>, in presentation order.</summary>
    public static async Task<IReadOnlyList<int>> FrameNumbersAsync(string path)
    {
        // passthrough: one picture per decoded frame (constant-rate output would repeat frames to fill gaps).
        var bytes = await RunForBytesAsync("ffmpeg", "-v", "error", "-i", path, "-map", "0:v:0", "-fps_mode", "passthrough",
            "-vf", "scale=2:1:flags=area,format=gray", "-f", "rawvideo", "-");
        return bytes.Chunk(2).Select(pixels => Digit(pixels[0]) + 16 * Digit(pixels[1])).ToList();
    }

    private static int Digit(byte value) => Math.Clamp((int)Math.Round((value - 8) / 16.0), 0, 15);

    /// <summary>
    /// A 320×180 MP4 of <paramref name="seconds"/> at a constant <paramref name="kilobitsPerSecond"/>
    /// (keyframe every 2 s, like a replay): big enough that a browser cannot buffer it whole, so
    /// seeking far ahead makes it fetch again.
    /// </summary>
    public static async Task<string> CreateConstantBitrateVideoAsync(string path, double seconds, int kilobitsPerSecond = 1200)
    {
        var rate = $"{kilobitsPerSecond.ToString(CultureInfo.InvariantCulture)}k";
        await RunAsync("ffmpeg", "-hide_banner", "-v", "error", "-y", "-f", "lavfi", "-i", $"testsrc2=s=320x180:r={FramesPerSecond}:d={Format(seconds)}",
            "-f", "lavfi", "-i", $"sine=frequency=440:duration={Format(seconds)}",
            "-c:v", "libx264", "-preset", "ultrafast", "-g", (2 * FramesPerSecond).ToString(CultureInfo.InvariantCulture),
            "-b:v", rate, "-minrate", rate, "-maxrate", rate, "-bufsize", $"{(kilobitsPerSecond / 2).ToString(CultureInfo.InvariantCulture)}k",
            "-x264-params", "nal-hrd=cbr", "-pix_fmt", "yuv420p", "-c:a", "aac", "-shortest", "-movflags", "+faststart", path);
        return path;
    }

    /// <summary>The source frame number shown by the first frame of <paramref name="path"/>.</summary>
    public static async Task<int> FirstFrameNumberAsync(string path)
    {
        var bytes = await RunForBytesAsync("ffmpeg", "-v", "error", "-i", path, "-frames:v", "1",
            "-vf", "scale=2:1:flags=area,format=gray", "-f", "rawvideo", "-");
        if (bytes.Length < 2) throw new InvalidOperationException($"No frame could be read from {path}.");
        return Digit(bytes[0]) + 16 * Digit(bytes[1]);
    }

    /// <summary>The container's duration (ffprobe), in seconds.</summary>
    public static async Task<double> DurationAsync(string path)
    {
        var output = System.Text.Encoding.ASCII.GetString(await RunForBytesAsync("ffprobe", "-v", "error",
            "-show_entries", "format=duration", "-of", "csv=p=0", path));
        return double.Parse(output.Trim(), CultureInfo.InvariantCulture);
    }

    /// <summary>The number of video frames (ffprobe counts them).</summary>
    public static async Task<int> VideoFrameCountAsync(string path)
    {
        var output = System.Text.Encoding.ASCII.GetString(await RunForBytesAsync("ffprobe", "-v", "error", "-select_streams", "v:0",
            "-count_frames", "-show_entries", "stream=nb_read_frames", "-of", "csv=p=0", path));
        return int.Parse(output.Trim().TrimEnd(','), CultureInfo.InvariantCulture);
    }

    private static string Format(double value) => value.ToString("0.###", CultureInfo.InvariantCulture);

    private static async Task RunAsync(string executable, params string[] arguments) => await RunForBytesAsync(executable, arguments);

    private static async Task<byte[]> RunForBytesAsync(string executable, params string[] arguments)
    {
        var start = new ProcessStartInfo(executable) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{executable} did not start.");
        using var output = new MemoryStream();
        var copy = process.StandardOutput.BaseStream.CopyToAsync(output);
        var error = process.StandardError.ReadToEndAsync();
        await Task.WhenAll(copy, error, process.WaitForExitAsync());
        if (process.ExitCode != 0) throw new InvalidOperationException($"{executable} failed: {await error}");
        return output.ToArray();
    }
}
