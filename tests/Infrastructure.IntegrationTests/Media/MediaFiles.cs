using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Options;
using Streaming.Infrastructure.Media;

namespace Streaming.Infrastructure.IntegrationTests.Media;

/// <summary>
/// A temporary folder of real images made by the machine's FFmpeg, broken files derived from them,
/// and ffprobe to read back what the processor wrote.
/// </summary>
public sealed class MediaFiles : IDisposable
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("image-processor-");

    /// <summary>The app's FFmpeg runner with the default <c>Media</c> settings (FFmpeg on the PATH).</summary>
    public static Ffmpeg Ffmpeg { get; } = new(Options.Create(new MediaOptions()));

    public string Folder => _folder.FullName;

    /// <summary>One frame of the lavfi <paramref name="pattern"/> at <paramref name="width"/>×<paramref name="height"/>, in the format of <paramref name="extension"/>.</summary>
    public async Task<byte[]> GenerateAsync(string extension, int width = 1920, int height = 1080, string pattern = "testsrc")
    {
        var target = Path.Combine(Folder, $"{pattern}-{width}x{height}-{Guid.NewGuid():N}.{extension}");
        var (exitCode, _, errors) = await RunAsync("ffmpeg",
            "-v", "error", "-y", "-f", "lavfi", "-i", $"{pattern}=size={width}x{height}", "-frames:v", "1", target);
        Assert.That(exitCode, Is.Zero, $"ffmpeg could not make the test image: {errors}");
        return await File.ReadAllBytesAsync(target);
    }

    /// <summary>What ffprobe reads from <paramref name="bytes"/>: codec and frame size (fails the test when it cannot).</summary>
    public async Task<(string Codec, int Width, int Height)> ProbeAsync(byte[] bytes)
    {
        var file = Path.Combine(Folder, $"probe-{Guid.NewGuid():N}");
        await File.WriteAllBytesAsync(file, bytes);
        var (exitCode, output, errors) = await RunAsync("ffprobe",
            "-v", "error", "-select_streams", "v:0", "-show_entries", "stream=codec_name,width,height", "-of", "csv=p=0", file);
        Assert.That((exitCode, errors.Trim()), Is.EqualTo((0, "")), "ffprobe reads the output cleanly");
        var parts = output.Trim().Split(',');
        Assert.That(parts, Has.Length.EqualTo(3), output);
        return (parts[0], int.Parse(parts[1], CultureInfo.InvariantCulture), int.Parse(parts[2], CultureInfo.InvariantCulture));
    }

    /// <summary>Fully decodes <paramref name="bytes"/> with FFmpeg and returns what it complained about (empty: a clean image).</summary>
    public async Task<string> DecodeErrorsAsync(byte[] bytes)
    {
        var file = Path.Combine(Folder, $"decode-{Guid.NewGuid():N}");
        await File.WriteAllBytesAsync(file, bytes);
        var (exitCode, _, errors) = await RunAsync("ffmpeg", "-v", "error", "-i", file, "-f", "null", "-");
        return exitCode == 0 ? errors.Trim() : $"exit {exitCode}: {errors.Trim()}";
    }

    public static bool IsJpeg(byte[] bytes) => bytes.Length > 3 && bytes[0] == 0xFF && bytes[1] == 0xD8 && bytes[2] == 0xFF;

    public static void EnsureToolsInstalled()
    {
        foreach (var tool in new[] { "ffmpeg", "ffprobe" })
        {
            try
            {
                using var process = Process.Start(new ProcessStartInfo(tool, "-version") { RedirectStandardOutput = true, UseShellExecute = false });
                process!.StandardOutput.ReadToEnd();
                process.WaitForExit();
            }
            catch (System.ComponentModel.Win32Exception e)
            {
                Assert.Fail($"{tool} is not installed ({e.Message}); scripts/setup.sh installs FFmpeg.");
            }
        }
    }

    /// <summary>Runs an FFmpeg tool from the PATH to completion (a test's own control, independent of the code under test).</summary>
    public static async Task<(int ExitCode, string Output, string Errors)> RunAsync(string tool, params string[] arguments)
    {
        var start = new ProcessStartInfo(tool) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{tool} did not start.");
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(limit.Token);
        return (process.ExitCode, await output, await errors);
    }

    public void Dispose() => _folder.Delete(recursive: true);
}
