using System.Diagnostics;
using System.Security.Cryptography;

namespace Streaming.Web.FunctionalTests.Support;

/// <summary>
/// Real images made by the machine's FFmpeg (the same tool the app uses), broken files made from
/// them, and the two questions the thumbnail tests ask of a JPEG: is it one, and how large is it.
/// </summary>
public static class TestImages
{
    /// <summary>
    /// An image of <paramref name="width"/>×<paramref name="height"/> in the format of
    /// <paramref name="extension"/> (png, jpg, webp, gif) from the lavfi <paramref name="pattern"/> source.
    /// </summary>
    public static byte[] Generate(string extension, int width = 1920, int height = 1080, string pattern = "testsrc")
    {
        var folder = Directory.CreateTempSubdirectory("thumbnail-test-");
        try
        {
            var target = Path.Combine(folder.FullName, $"image.{extension}");
            Run("ffmpeg", "-v", "error", "-y", "-f", "lavfi", "-i", $"{pattern}=size={width}x{height}", "-frames:v", "1", target);
            return File.ReadAllBytes(target);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    /// <summary>A PNG signature followed by random bytes: looks like a PNG by its magic bytes, decodes as nothing.</summary>
    public static byte[] CorruptedPng(int length = 20_000)
    {
        byte[] signature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];
        return [.. signature, .. RandomNumberGenerator.GetBytes(length - signature.Length)];
    }

    /// <summary>A PNG signature followed by random bytes up to <paramref name="length"/> bytes.</summary>
    public static byte[] OversizedPng(int length) => CorruptedPng(length);

    public static bool IsJpeg(byte[] bytes) => bytes.Length > 3 && bytes[0] == 0xFF && bytes[1] == 0xD8 && bytes[2] == 0xFF;

    /// <summary>The frame size from a JPEG's start-of-frame marker.</summary>
    public static (int Width, int Height) JpegSize(byte[] jpeg)
    {
        if (!IsJpeg(jpeg)) throw new AssertionException("Not a JPEG.");
        var i = 2;
        while (i + 9 < jpeg.Length)
        {
            if (jpeg[i] != 0xFF)
            {
                i++;
                continue;
            }

            var marker = jpeg[i + 1];
            if (marker is 0xD8 or 0x01 or (>= 0xD0 and <= 0xD7) or 0xFF)
            {
                i += marker == 0xFF ? 1 : 2;
                continue;
            }

            var length = (jpeg[i + 2] << 8) | jpeg[i + 3];
            // SOF0..SOF15 except DHT (C4), JPG (C8) and DAC (CC).
            if (marker is >= 0xC0 and <= 0xCF and not 0xC4 and not 0xC8 and not 0xCC)
                return ((jpeg[i + 7] << 8) | jpeg[i + 8], (jpeg[i + 5] << 8) | jpeg[i + 6]);
            i += 2 + length;
        }

        throw new AssertionException("The JPEG has no start-of-frame marker.");
    }

    private static void Run(string tool, params string[] arguments)
    {
        var start = new ProcessStartInfo(tool) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        using var process = Process.Start(start) ?? throw new AssertionException($"{tool} did not start (is FFmpeg installed? scripts/setup.sh installs it)");
        var errors = process.StandardError.ReadToEndAsync();
        _ = process.StandardOutput.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromSeconds(60)))
        {
            process.Kill(entireProcessTree: true);
            throw new AssertionException($"{tool} did not finish within 60 s");
        }

        process.WaitForExit();
        if (process.ExitCode != 0) throw new AssertionException($"{tool} failed ({process.ExitCode}): {errors.Result}");
    }
}
