using FFMpegCore;
using Streaming.Application.Common.Interfaces;

namespace Streaming.Infrastructure.Media;

/// <summary>
/// Checks an uploaded image by its content (magic bytes, then ffprobe must decode it) and turns it
/// into a web-sized JPEG with FFmpeg. A renamed text file, a truncated image or another format
/// is refused with a message.
/// </summary>
public sealed class FfmpegImageProcessor(Ffmpeg ffmpeg) : IImageProcessor
{
    public const long MaxBytes = 5 * 1024 * 1024;
    public const int MaxSide = 8192;
    public const long MaxPixels = 40_000_000;

    public async Task<ImageResult> ToWebJpegAsync(Stream input, ImageSize maxSize, CancellationToken cancellationToken)
    {
        var folder = Directory.CreateTempSubdirectory("streaming-image-");
        try
        {
            var source = Path.Combine(folder.FullName, "upload");
            long size;
            await using (var file = File.Create(source))
            {
                await input.CopyToAsync(file, cancellationToken);
                size = file.Length;
            }

            if (size == 0) return ImageResult.Refused("The file is empty.");
            if (size > MaxBytes) return ImageResult.Refused("The image is larger than 5 MB.");
            var format = await SniffAsync(source, cancellationToken);
            if (format is null) return ImageResult.Refused("Only JPEG, PNG or WebP images can be used.");

            var (probe, _) = await ffmpeg.ProbeAsync(source, cancellationToken);
            // ffprobe reads a truncated image "successfully" but complains: any complaint refuses it.
            if (probe?.PrimaryVideoStream is not { } picture || probe.StandardError.Any(line => !string.IsNullOrWhiteSpace(line)))
                return ImageResult.Refused($"The {format} file is damaged and cannot be read.");

            // Refuse huge dimensions before decoding anything: a small file can expand to gigabytes.
            if (picture.Width is not > 0 || picture.Height is not > 0)
                return ImageResult.Refused($"The {format} file is damaged and cannot be read.");
            var (width, height) = (picture.Width.Value, picture.Height.Value);
            if (width > MaxSide || height > MaxSide || (long)width * height > MaxPixels)
                return ImageResult.Refused($"The image is {width}×{height} pixels; at most {MaxSide} pixels a side and 40 megapixels are accepted.");

            var target = Path.Combine(folder.FullName, "thumbnail.jpg");
            FfmpegRun convert;
            try
            {
                convert = await ffmpeg.RunAsync(FFMpegArguments.FromFileInput(source).OutputToFile(target, overwrite: true, o => o
                        .WithCustomArgument("-frames:v 1")
                        .WithCustomArgument($"-vf \"scale='min({maxSize.MaxWidth},iw)':'min({maxSize.MaxHeight},ih)':force_original_aspect_ratio=decrease,format=yuvj420p\"")
                        .WithCustomArgument("-q:v 4")),
                    ffmpeg.Settings.ImageTimeout, cancellationToken);
            }
            catch (MediaProcessingException)
            {
                return ImageResult.Refused($"The {format} file could not be converted; it may be damaged.");
            }

            // FFmpeg exits 0 on a truncated JPEG ("overread") and fills the rest with grey: any error refuses.
            if (!convert.Succeeded || convert.Errors.Any(line => !string.IsNullOrWhiteSpace(line)) || !File.Exists(target) || new FileInfo(target).Length == 0)
                return ImageResult.Refused($"The {format} file could not be converted; it may be damaged.");

            return ImageResult.Ok(await File.ReadAllBytesAsync(target, cancellationToken));
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    private static async Task<string?> SniffAsync(string path, CancellationToken cancellationToken)
    {
        var header = new byte[12];
        await using var file = File.OpenRead(path);
        var read = await file.ReadAtLeastAsync(header, header.Length, throwOnEndOfStream: false, cancellationToken);
        if (read >= 3 && header[0] == 0xFF && header[1] == 0xD8 && header[2] == 0xFF) return "JPEG";
        if (read >= 8 && header.AsSpan(0, 8).SequenceEqual(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A })) return "PNG";
        if (read >= 12 && header.AsSpan(0, 4).SequenceEqual("RIFF"u8) && header.AsSpan(8, 4).SequenceEqual("WEBP"u8)) return "WebP";
        return null;
    }
}
