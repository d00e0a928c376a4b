using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Streaming.Application.Common.Interfaces;
using Streaming.Infrastructure.Media;
using Streaming.Infrastructure.Media.Mp4;
using Streaming.TestSupport.Recordings;

namespace Streaming.Infrastructure.IntegrationTests.Media;

/// <summary>
/// The smart cut's reader of MP4 sample tables against files FFmpeg wrote, and against damaged ones
/// (a recording cut off while it was written, or not an MP4 at all): those it leaves to FFmpeg.
/// </summary>
[Parallelizable(ParallelScope.Self)]
public class Mp4FileTests
{
    private string _folder = null!;

    [OneTimeSetUp]
    public void MakeFolder() => _folder = Directory.CreateTempSubdirectory("mp4-file-").FullName;

    [OneTimeTearDown]
    public void Delete() => Directory.Delete(_folder, recursive: true);

    [Test]
    public async Task Reads_the_tracks_and_samples_FFmpeg_wrote()
    {
        var path = await TestMedia.CreateVideoAsync(Path.Combine(_folder, $"{Guid.NewGuid():N}.mp4"), 8, keyframeInterval: 50, preset: "veryfast");

        var file = Mp4File.Read(path);

        var video = file?.FirstOf("vide");
        var audio = file?.FirstOf("soun");
        var (_, frames, _) = await MediaFiles.RunAsync("ffprobe", "-v", "error", "-select_streams", "v:0", "-count_packets", "-show_entries", "stream=nb_read_packets", "-of", "csv=p=0", path);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(video, Is.Not.Null);
            Assert.That((video!.EntryType, video.Samples.Count), Is.EqualTo(("avc1", int.Parse(frames.Trim(), CultureInfo.InvariantCulture))));
            Assert.That(video.Samples.Count(s => s.Sync), Is.EqualTo(4), "a keyframe every 2 s");
            Assert.That(video.Samples.Select(s => s.Dts), Is.Ordered.Ascending);
            Assert.That(video.Samples.Any(s => s.CompositionOffset > 0), Is.True, "B-frames are shown after they are decoded");
            Assert.That(audio?.EntryType, Is.EqualTo("mp4a"));
            Assert.That(video.Samples.Concat(audio!.Samples).All(s => s.Offset + s.Size <= new FileInfo(path).Length), Is.True);
        }
    }

    [Test]
    public async Task A_file_cut_off_while_it_was_written_or_not_an_MP4_is_not_read()
    {
        var path = await TestMedia.CreateVideoAsync(Path.Combine(_folder, $"{Guid.NewGuid():N}.mp4"), 8, keyframeInterval: 50);
        var cutOff = Path.Combine(_folder, $"cut-off-{Guid.NewGuid():N}.mp4");
        await File.WriteAllBytesAsync(cutOff, CutOff(await File.ReadAllBytesAsync(path)));
        var notMp4 = Path.Combine(_folder, $"text-{Guid.NewGuid():N}.mp4");
        await File.WriteAllTextAsync(notMp4, "this is no video, just text long enough to hold a box header or two");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(Mp4File.Read(cutOff), Is.Null, "its index points past the end of the file");
            Assert.That(Mp4File.Read(notMp4), Is.Null);
            Assert.That(Mp4File.Read(Path.Combine(_folder, "missing.mp4")), Is.Null);
        }
    }

    [Test]
    public async Task Cutting_a_clip_of_a_cut_off_file_fails_with_a_message_or_succeeds_never_anything_else()
    {
        var path = await TestMedia.CreateVideoAsync(Path.Combine(_folder, $"{Guid.NewGuid():N}.mp4"), 8, keyframeInterval: 50);
        var cutOff = Path.Combine(_folder, $"cut-off-{Guid.NewGuid():N}.mp4");
        await File.WriteAllBytesAsync(cutOff, CutOff(await File.ReadAllBytesAsync(path)));
        var ffmpeg = new Ffmpeg(Options.Create(new MediaOptions()));
        var cutter = new FfmpegClipCutter(ffmpeg, new SmartCut(ffmpeg, NullLogger<SmartCut>.Instance), NullLogger<FfmpegClipCutter>.Instance);

        var output = Path.Combine(_folder, $"clip-{Guid.NewGuid():N}.mp4");
        try
        {
            await cutter.TrimAsync(cutOff, 1.04, 6.52, output, null, CancellationToken.None);
            Assert.That(File.Exists(output), Is.True);
        }
        catch (MediaProcessingException e)
        {
            Assert.That(e.Message, Is.Not.Empty);
        }
    }

    /// <summary>The file's last 40 % gone, the <c>mdat</c> header (last, after faststart) fixed to what is left: as a recorder stopped mid-write leaves it.</summary>
    private static byte[] CutOff(byte[] bytes)
    {
        var keep = bytes.Length * 6 / 10;
        var at = 0;
        while (at + 8 <= bytes.Length && Encoding.ASCII.GetString(bytes, at + 4, 4) != "mdat") at += (int)BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(at));
        Assert.That(at, Is.LessThan(keep), "the media data comes after the index");
        var cut = bytes[..keep];
        BinaryPrimitives.WriteUInt32BigEndian(cut.AsSpan(at), (uint)(keep - at));
        return cut;
    }
}
