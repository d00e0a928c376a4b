using Microsoft.Extensions.Options;
using System.Security.Cryptography;
using Streaming.Application.Common.Interfaces;
using Streaming.Infrastructure.Media;

namespace Streaming.Infrastructure.IntegrationTests.Media;

/// <summary>
/// The thumbnail processor with the machine's real FFmpeg/ffprobe: real PNG, JPEG and WebP files
/// (made by FFmpeg) become a JPEG of at most 1280×720 with the same aspect ratio; a renamed text
/// file, an empty file, a file over 5 MB, damaged images and other formats are refused with a message.
/// </summary>
public class FfmpegImageProcessorTests
{
    private MediaFiles _files = null!;
    private FfmpegImageProcessor _processor = null!;

    [OneTimeSetUp]
    public void CheckTools() => MediaFiles.EnsureToolsInstalled();

    [SetUp]
    public void CreateFolder()
    {
        _files = new MediaFiles();
        _processor = new FfmpegImageProcessor(MediaFiles.Ffmpeg);
    }

    [TearDown]
    public void DeleteFolder() => _files.Dispose();

    private async Task<ImageResult> ProcessAsync(byte[] bytes)
    {
        using var input = new MemoryStream(bytes);
        return await _processor.ToWebJpegAsync(input, ImageSize.Thumbnail, CancellationToken.None);
    }

    private async Task<(string Codec, int Width, int Height)> AcceptedAsync(byte[] bytes)
    {
        var result = await ProcessAsync(bytes);
        Assert.That(result.Error, Is.Null, "the image is accepted");
        Assert.That(result.Jpeg, Is.Not.Null.And.Not.Empty);
        Assert.That(MediaFiles.IsJpeg(result.Jpeg!), Is.True, "the output starts with the JPEG magic bytes FF D8 FF");
        Assert.That(await _files.DecodeErrorsAsync(result.Jpeg!), Is.Empty, "the output decodes cleanly");
        return await _files.ProbeAsync(result.Jpeg!);
    }

    [TestCase("png")]
    [TestCase("jpg")]
    [TestCase("webp")]
    public async Task A_real_full_hd_image_becomes_a_1280x720_jpeg(string extension)
    {
        var image = await _files.GenerateAsync(extension, 1920, 1080);

        var (codec, width, height) = await AcceptedAsync(image);

        Assert.That((codec, width, height), Is.EqualTo(("mjpeg", 1280, 720)));
    }

    [TestCase("jpg", 1000, 800, 256, 205, TestName = "An avatar fits 256 pixels")]
    [TestCase("png", 300, 900, 85, 256, TestName = "A tall avatar fits 256 pixels high")]
    public async Task An_avatar_is_scaled_into_its_own_box(string extension, int width, int height, int expectedWidth, int expectedHeight)
    {
        using var input = new MemoryStream(await _files.GenerateAsync(extension, width, height));

        var result = await _processor.ToWebJpegAsync(input, ImageSize.Avatar, CancellationToken.None);

        Assert.That(result.Error, Is.Null);
        var (codec, w, h) = await _files.ProbeAsync(result.Jpeg!);
        Assert.That(codec, Is.EqualTo("mjpeg"));
        Assert.That(w, Is.InRange(expectedWidth - 1, expectedWidth + 1));
        Assert.That(h, Is.InRange(expectedHeight - 1, expectedHeight + 1));
    }

    [TestCase("png", 1080, 1920, 405, 720, TestName = "A portrait image fits the 720 height")]
    [TestCase("webp", 3000, 1000, 1280, 427, TestName = "A panorama fits the 1280 width")]
    [TestCase("jpg", 640, 480, 640, 480, TestName = "A small image is not enlarged")]
    [TestCase("png", 1281, 721, 1280, 720, TestName = "An image a pixel too large is scaled down")]
    [TestCase("png", 333, 777, 309, 720, TestName = "An odd-sized portrait keeps its shape")]
    public async Task The_aspect_ratio_is_preserved_within_1280x720(string extension, int width, int height, int expectedWidth, int expectedHeight)
    {
        var image = await _files.GenerateAsync(extension, width, height);

        var (_, w, h) = await AcceptedAsync(image);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(w, Is.LessThanOrEqualTo(1280));
            Assert.That(h, Is.LessThanOrEqualTo(720));
            Assert.That(w, Is.InRange(expectedWidth - 1, expectedWidth + 1));
            Assert.That(h, Is.InRange(expectedHeight - 1, expectedHeight + 1));
            Assert.That((double)w / h, Is.EqualTo((double)width / height).Within(1).Percent);
        }
    }

    [Test]
    public async Task A_file_of_exactly_5_MB_is_not_refused_for_its_size()
    {
        // A real PNG padded after its IEND chunk to the limit: decoders ignore what follows IEND.
        var png = await _files.GenerateAsync("png", 640, 360);
        var padded = new byte[FfmpegImageProcessor.MaxBytes];
        png.CopyTo(padded, 0);

        var result = await ProcessAsync(padded);

        Assert.That(result.Error, Is.Null.Or.Not.Contain("5 MB"));
    }

    [Test]
    public async Task A_text_file_renamed_png_is_refused()
    {
        var result = await ProcessAsync("Not an image, just a text file someone renamed to cover.png\n"u8.ToArray());

        Assert.That((result.Jpeg?.Length, result.Error), Is.EqualTo(((int?)null, "Only JPEG, PNG or WebP images can be used.")));
    }

    [Test]
    public async Task An_empty_file_is_refused()
    {
        var result = await ProcessAsync([]);

        Assert.That((result.Jpeg?.Length, result.Error), Is.EqualTo(((int?)null, "The file is empty.")));
    }

    [Test]
    public async Task A_file_over_5_MB_is_refused_before_any_decoding()
    {
        byte[] signature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];
        byte[] big = [.. signature, .. RandomNumberGenerator.GetBytes(6 * 1024 * 1024 - signature.Length)];

        // A processor whose FFmpeg and ffprobe do not exist: any attempt to decode would fail differently.
        var withoutTools = new FfmpegImageProcessor(new Ffmpeg(Options.Create(new MediaOptions { BinaryFolder = "/nonexistent" })));
        using var input = new MemoryStream(big);
        var result = await withoutTools.ToWebJpegAsync(input, ImageSize.Thumbnail, CancellationToken.None);

        Assert.That((result.Jpeg?.Length, result.Error), Is.EqualTo(((int?)null, "The image is larger than 5 MB.")));
    }

    [Test]
    public async Task A_file_one_byte_over_5_MB_is_refused()
    {
        var png = await _files.GenerateAsync("png", 640, 360);
        var padded = new byte[FfmpegImageProcessor.MaxBytes + 1];
        png.CopyTo(padded, 0);

        var result = await ProcessAsync(padded);

        Assert.That(result.Error, Is.EqualTo("The image is larger than 5 MB."));
    }

    [Test]
    public async Task A_png_signature_followed_by_garbage_is_refused_as_damaged()
    {
        byte[] signature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

        var result = await ProcessAsync([.. signature, .. RandomNumberGenerator.GetBytes(50_000)]);

        Assert.That((result.Jpeg?.Length, result.Error), Is.EqualTo(((int?)null, "The PNG file is damaged and cannot be read.")));
    }

    [TestCase(2000, TestName = "A PNG cut after its first 2000 bytes is refused")]
    [TestCase(-1, TestName = "A PNG cut in half is refused")]
    public async Task A_truncated_png_is_refused(int keep)
    {
        var png = await _files.GenerateAsync("png");

        var result = await ProcessAsync(png[..(keep < 0 ? png.Length / 2 : keep)]);

        Assert.That(result.Jpeg?.Length, Is.Null);
        Assert.That(result.Error, Does.StartWith("The PNG file").And.Contain("damaged"));
    }

    [Test]
    public async Task A_png_with_a_corrupted_middle_is_refused()
    {
        var png = await _files.GenerateAsync("png");
        var damaged = png.ToArray();
        RandomNumberGenerator.Fill(damaged.AsSpan(damaged.Length / 3, 4096));

        var result = await ProcessAsync(damaged);

        Assert.That(result.Jpeg?.Length, Is.Null, "a damaged PNG (CRC mismatch, broken deflate stream) must not become a thumbnail");
        Assert.That(result.Error, Does.StartWith("The PNG file"));
    }

    [Test]
    public async Task A_truncated_webp_is_refused()
    {
        var webp = await _files.GenerateAsync("webp");

        var result = await ProcessAsync(webp[..(webp.Length / 2)]);

        Assert.That(result.Jpeg?.Length, Is.Null);
        Assert.That(result.Error, Does.StartWith("The WebP file"));
    }

    /// <summary>
    /// BUG: FFmpeg's MJPEG decoder "conceals" a cut-off JPEG (grey lower half), prints
    /// "overread" on stderr and still exits 0, so the processor stores the half-grey picture.
    /// </summary>
    [Test]
    public async Task A_truncated_jpeg_is_refused()
    {
        var jpeg = await _files.GenerateAsync("jpg");
        var truncated = jpeg[..(jpeg.Length / 2)];
        Assert.That(await _files.DecodeErrorsAsync(truncated), Is.Not.Empty, "control: FFmpeg itself reports the damage");

        var result = await ProcessAsync(truncated);

        Assert.That(result.Jpeg?.Length, Is.Null, "a cut-off JPEG must not be published as a half-grey thumbnail");
        Assert.That(result.Error, Does.StartWith("The JPEG file"));
    }

    [Test]
    public async Task A_gif_is_refused()
    {
        var gif = await _files.GenerateAsync("gif", 320, 240);

        var result = await ProcessAsync(gif);

        Assert.That((result.Jpeg?.Length, result.Error), Is.EqualTo(((int?)null, "Only JPEG, PNG or WebP images can be used.")));
    }

    [TestCase("bmp")]
    [TestCase("tiff")]
    public async Task Other_image_formats_ffmpeg_could_read_are_refused(string extension)
    {
        var image = await _files.GenerateAsync(extension, 320, 240);

        var result = await ProcessAsync(image);

        Assert.That((result.Jpeg?.Length, result.Error), Is.EqualTo(((int?)null, "Only JPEG, PNG or WebP images can be used.")));
    }

    /// <summary>
    /// BUG (resource exhaustion): a 10000×10000 grey PNG of one colour is ~100 KB — far under 5 MB — but
    /// decoding it takes ~150 MB of memory (16000×16000 RGB: ~750 KB → ~880 MB and 6 s). The
    /// processor never looks at the dimensions ffprobe reports, so a handful of such uploads can
    /// exhaust the server. It should refuse absurd dimensions before FFmpeg decodes anything.
    /// </summary>
    [Test]
    public async Task A_decompression_bomb_is_refused_without_decoding_it()
    {
        var folder = _files.Folder;
        var target = Path.Combine(folder, "bomb.png");
        var (exitCode, _, errors) = await MediaFiles.RunAsync("ffmpeg",
            "-v", "error", "-y", "-f", "lavfi", "-i", "color=c=black:size=10000x10000", "-pix_fmt", "gray", "-frames:v", "1", target);
        Assert.That(exitCode, Is.Zero, errors);
        var bomb = await File.ReadAllBytesAsync(target);
        Assert.That(bomb, Has.Length.LessThan(1024 * 1024), "control: the file itself is small");

        var result = await ProcessAsync(bomb);

        Assert.That(result.Jpeg?.Length, Is.Null, "100 megapixels must be refused before decoding");
        Assert.That(result.Error, Is.Not.Null.And.Not.Empty);
    }

    [Test]
    public async Task The_input_stream_may_be_forward_only_like_a_request_body()
    {
        var png = await _files.GenerateAsync("png", 800, 450);
        await using var forwardOnly = new ForwardOnlyStream(png);

        var result = await _processor.ToWebJpegAsync(forwardOnly, ImageSize.Thumbnail, CancellationToken.None);

        Assert.That(result.Error, Is.Null);
        Assert.That(await _files.ProbeAsync(result.Jpeg!), Is.EqualTo(("mjpeg", 800, 450)));
    }

    private sealed class ForwardOnlyStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }

        public override long Seek(long offset, SeekOrigin loc) => throw new NotSupportedException();
    }
}
