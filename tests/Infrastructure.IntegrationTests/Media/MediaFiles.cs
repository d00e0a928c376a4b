using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Configuration;
using Streaming.Infrastructure.Media;

namespace Streaming.Infrastructure.IntegrationTests.Media;

/// <summary>
/// A temporary folder of real images made by the machine's FFmpeg, broken files derived from them,
/// and ffprobe to read back what the processor wrote.
/// </summary>
public sealed class MediaFiles : IDisposable
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("image-processor-");

    public static MediaTools Tools { get; } = new(new ConfigurationBuilder().Build());

    public string Folder => _folder.FullName;

    /// <summary>One frame of the lavfi <paramref name="pattern"/> at <paramref name="width"/>×<paramref name="height"/>, in the format of <paramref name="extension"/>.</summary>
    public async Task<byte[]> GenerateAsync(string extension, int width = 1920, int height = 1080, string pattern = "testsrc")
    {
        var target = Path.Combine(Folder, $"{pattern}-{width}x{height}-{Guid.NewGuid():N}.{extension}");
        var (exitCode, _, errors) = await Tools.RunAsync(Tools.Ffmpeg,
            ["-v", "error", "-y", "-f", "lavfi", "-i", $"{pattern}=size={width}x{height}", "-frames:v", "1", target],
            TimeSpan.FromSeconds(60), CancellationToken.None);
        Assert.That(exitCode, Is.Zero, $"ffmpeg could not make the test image: {errors}");
        return await File.ReadAllBytesAsync(target);
    }

    /// <summary>What ffprobe reads from <paramref name="bytes"/>: codec and frame size (fails the test when it cannot).</summary>
    public async Task<(string Codec, int Width, int Height)> ProbeAsync(byte[] bytes)
    {
        var file = Path.Combine(Folder, $"probe-{Guid.NewGuid():N}");
        await File.WriteAllBytesAsync(file, bytes);
        var (exitCode, output, errors) = await Tools.RunAsync(Tools.Ffprobe,
            ["-v", "error", "-select_streams", "v:0", "-show_entries", "stream=codec_name,width,height", "-of", "csv=p=0", file],
            TimeSpan.FromSeconds(60), CancellationToken.None);
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
        var (exitCode, _, errors) = await Tools.RunAsync(Tools.Ffmpeg, ["-v", "error", "-i", file, "-f", "null", "-"],
            TimeSpan.FromSeconds(60), CancellationToken.None);
        return exitCode == 0 ? errors.Trim() : $"exit {exitCode}: {errors.Trim()}";
    }

    public static bool IsJpeg(byte[] bytes) => bytes.Length > 3 && bytes[0] == 0xFF && bytes[1] == 0xD8 && bytes[2] == 0xFF;

    public static void EnsureToolsInstalled()
    {
        foreach (var tool in new[] { Tools.Ffmpeg, Tools.Ffprobe })
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

    public void Dispose() => _folder.Delete(recursive: true);
}
