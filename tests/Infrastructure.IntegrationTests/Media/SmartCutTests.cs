using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Streaming.Infrastructure.IntegrationTests.Tokens.Http;
using Streaming.Infrastructure.Media;
using Streaming.TestSupport.Recordings;

namespace Streaming.Infrastructure.IntegrationTests.Media;

/// <summary>
/// The clip cutter's smart cut on real FFmpeg: every frame of the clip is the source's frame at that
/// place (each frame shows its own number), the copied middle is the source's packets byte for byte,
/// the file decodes without an error and audio lasts as long as video; sources it cannot copy from
/// are re-encoded whole, just as exactly.
/// </summary>
[Parallelizable(ParallelScope.Self)]
public class SmartCutTests
{
    private const int Fps = TestMedia.FramesPerSecond;
    private string _folder = null!;

    [OneTimeSetUp]
    public void MakeFolder() => _folder = Directory.CreateTempSubdirectory("smart-cut-").FullName;

    [OneTimeTearDown]
    public void Delete() => Directory.Delete(_folder, recursive: true);

    private static FfmpegClipCutter Cutter(bool smart = true, ILogger<SmartCut>? logger = null)
    {
        var ffmpeg = new Ffmpeg(Options.Create(new MediaOptions { SmartCut = smart }));
        return new FfmpegClipCutter(ffmpeg, new SmartCut(ffmpeg, logger ?? NullLogger<SmartCut>.Instance), NullLogger<FfmpegClipCutter>.Instance);
    }

    // Keyframes every 2 s. Without B-frames the copy runs to the out-point; with them (x264 veryfast)
    // the frames after the last keyframe are re-encoded too.
    [TestCase("ultrafast", 3.04, 9.52, TestName = "No B-frames: head re-encoded, copied to the out-point")]
    [TestCase("veryfast", 3.04, 9.52, TestName = "B-frames: head and last partial group re-encoded")]
    [TestCase("veryfast", 4.00, 10.00, TestName = "B-frames, in- and out-point on keyframes: all copied")]
    [TestCase("ultrafast", 0.52, 13.36, TestName = "No B-frames, a span over several keyframes")]
    // Spans over a minute: only the packets around the in- and out-point are listed.
    [TestCase("ultrafast", 1.04, 73.52, 76, TestName = "No B-frames, a long span")]
    [TestCase("veryfast", 3.04, 71.52, 76, TestName = "B-frames, a long span")]
    // Keyframes further apart than the listing's window after the in-point: every packet of the span is listed after all.
    [TestCase("ultrafast", 1.04, 80.52, 84, 26, TestName = "No B-frames, a long span with keyframes 26 s apart")]
    public Task A_smart_cut_holds_exactly_the_frames_of_the_span_and_copies_the_source_between_keyframes(string preset, double start, double end,
        double seconds = 16, int keyframeSeconds = 2) => AssertSmartCutAsync(preset, start, end, seconds, keyframeSeconds, overHttp: false);

    // A recording in S3 is read through a signed URL: the index and the copied packets by range requests (FFmpeg reads the head and the audio the same way).
    [TestCase("ultrafast", 3.04, 9.52, TestName = "Over HTTP, no B-frames: head re-encoded, copied to the out-point")]
    [TestCase("veryfast", 3.04, 9.52, TestName = "Over HTTP, B-frames: head and last partial group re-encoded")]
    [TestCase("veryfast", 3.04, 71.52, 76, TestName = "Over HTTP, B-frames, a long span")]
    public Task A_smart_cut_of_a_recording_at_a_URL_is_just_as_exact(string preset, double start, double end, double seconds = 16) =>
        AssertSmartCutAsync(preset, start, end, seconds, 2, overHttp: true);

    private async Task AssertSmartCutAsync(string preset, double start, double end, double seconds, int keyframeSeconds, bool overHttp)
    {
        var gop = keyframeSeconds * Fps;
        var source = await TestMedia.CreateVideoAsync(Path.Combine(_folder, $"{preset}-{Guid.NewGuid():N}.mp4"), seconds, keyframeInterval: gop, preset: preset);
        var output = Path.Combine(_folder, $"clip-{Guid.NewGuid():N}.mp4");

        await using var server = overHttp ? await FileServer.StartAsync(source) : null;
        var log = new RecordingLogger<SmartCut>();
        await Cutter(logger: log).TrimAsync(server?.Url ?? source, start, end, output, null, CancellationToken.None);

        var first = (int)Math.Round(start * Fps);
        var count = (int)Math.Round((end - start) * Fps);
        var frames = await TestMedia.FrameNumbersAsync(output);
        // From the first keyframe at or after the in-point to the last one before the out-point: never
        // re-encoded, and copied byte for byte, keyframes included (the re-encoded parts bring their
        // own SPS/PPS in-band, so the copied packets need none put in front).
        var firstKey = (int)Math.Ceiling(start / keyframeSeconds) * gop;
        var lastKey = (int)Math.Floor((end - 0.001) / keyframeSeconds) * gop;
        var sourcePackets = await PacketHashesAsync(source);
        var groups = Enumerable.Range(0, (lastKey - firstKey) / gop)
            .Select(g => string.Join(' ', sourcePackets.Skip(firstKey + g * gop).Take(gop))).ToList();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(frames, Is.EqualTo(Enumerable.Range(first, count).Select(n => n % 256)), "every source frame of the span, in order, none twice");
            Assert.That(await DecodeErrorsAsync(output), Is.Empty);
            var outputPackets = string.Join(' ', await PacketHashesAsync(output));
            Assert.That(groups, Is.Not.Empty.And.All.Matches<string>(outputPackets.Contains), "the packets of each group of pictures are the source's");
            var (video, audio) = await StreamDurationsAsync(output);
            Assert.That(video, Is.EqualTo(end - start).Within(1.0 / Fps), "video lasts the span to within a frame");
            Assert.That(audio, Is.EqualTo(video).Within(0.05), "audio lasts as long as video");
            Assert.That(TopLevelBoxes(output).Take(2), Is.EqualTo(new[] { "ftyp", "moov" }), "the index in front: it plays while it downloads");
            // Joined by the app's own MP4 writer, from a file or over HTTP.
            Assert.That(log.Entries.Select(e => e.Message), Has.One.Contains("copied in place"));
            if (overHttp) Assert.That(server!.Requests, Is.GreaterThan(0));
        }
    }

    // A fragmented MP4 has no index to read up front: FFmpeg's concat demuxer joins it. With B-frames
    // such a file (no edit list) starts its video two frames (the reordering delay) after its audio,
    // so the frame a player shows at 1.04 s is frame 24, not 26: the clip starts with what was seen there.
    [TestCase("ultrafast", 26, TestName = "A fragmented source (no B-frames) is cut just as exactly")]
    [TestCase("veryfast", 24, TestName = "A fragmented source with B-frames is cut at the frame its timeline shows")]
    public async Task A_fragmented_source_which_has_no_index_to_read_is_joined_by_FFmpeg_just_as_exactly(string preset, int firstFrame)
    {
        var source = await TestMedia.CreateVideoAsync(Path.Combine(_folder, $"fragmented-{Guid.NewGuid():N}.mp4"), 12, keyframeInterval: 2 * Fps,
            movFlags: "frag_keyframe+empty_moov", preset: preset);
        var output = Path.Combine(_folder, $"clip-{Guid.NewGuid():N}.mp4");
        var log = new RecordingLogger<SmartCut>();

        await Cutter(logger: log).TrimAsync(source, 1.04, 9.52, output, null, CancellationToken.None);

        var sourcePackets = await PacketHashesAsync(source);
        var videoStart = await VideoStartAsync(source);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(videoStart, Is.EqualTo((firstFrame - 26) / -(double)Fps).Within(0.001), "where the source's video starts on its timeline");
            Assert.That(await TestMedia.FrameNumbersAsync(output), Is.EqualTo(Enumerable.Range(firstFrame, 212)));
            Assert.That(await DecodeErrorsAsync(output), Is.Empty);
            Assert.That(string.Join(' ', await PacketHashesAsync(output)), Does.Contain(string.Join(' ', sourcePackets.Skip(2 * Fps).Take(6 * Fps))), "the groups from 2 s to 8 s are copied");
            Assert.That(log.Entries.Select(e => e.Message), Has.None.Contains("in place").And.Some.Contains("the rest copied"));
        }
    }

    // AAC is copied beside the re-encode and joined in the one input; other audio comes re-encoded from a second input.
    [TestCase("libmp3lame", TestName = "MP3 audio: re-encoded to AAC, the video still cut smart")]
    [TestCase("aac", TestName = "AAC audio: copied")]
    public async Task The_audio_of_a_smart_cut_lasts_as_long_as_the_video_and_decodes_clean(string audioCodec)
    {
        var source = await TestMedia.CreateVideoAsync(Path.Combine(_folder, $"{audioCodec}-{Guid.NewGuid():N}.mp4"), 12, keyframeInterval: 2 * Fps, audioCodec: audioCodec);
        var output = Path.Combine(_folder, $"clip-{Guid.NewGuid():N}.mp4");

        await Cutter().TrimAsync(source, 1.04, 9.52, output, null, CancellationToken.None);

        var sourcePackets = await PacketHashesAsync(source);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(await TestMedia.FrameNumbersAsync(output), Is.EqualTo(Enumerable.Range(26, 212)));
            Assert.That(await DecodeErrorsAsync(output), Is.Empty);
            Assert.That(string.Join(' ', await PacketHashesAsync(output)), Does.Contain(string.Join(' ', sourcePackets.Skip(2 * Fps).Take(6 * Fps))), "the groups from 2 s to 8 s are copied");
            Assert.That(await CodecAsync(output, "a:0"), Is.EqualTo("aac"));
            var (video, audio) = await StreamDurationsAsync(output);
            Assert.That(audio, Is.EqualTo(video).Within(0.05), "audio lasts as long as video");
        }
    }

    [Test]
    public async Task A_source_that_is_not_H264_is_re_encoded_whole_just_as_exactly()
    {
        var source = await TestMedia.CreateVideoAsync(Path.Combine(_folder, $"mpeg4-{Guid.NewGuid():N}.mp4"), 8, keyframeInterval: 2 * Fps, videoCodec: "mpeg4");
        var output = Path.Combine(_folder, $"clip-{Guid.NewGuid():N}.mp4");

        await Cutter().TrimAsync(source, 1.04, 6.52, output, null, CancellationToken.None);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(await TestMedia.FrameNumbersAsync(output), Is.EqualTo(Enumerable.Range(26, 137)));
            Assert.That(await CodecAsync(output), Is.EqualTo("h264"));
            Assert.That(await DecodeErrorsAsync(output), Is.Empty);
            Assert.That((await PacketHashesAsync(source)).Intersect(await PacketHashesAsync(output)), Is.Empty, "no packet copied");
        }
    }

    [Test]
    public async Task A_span_without_a_keyframe_inside_is_re_encoded_whole()
    {
        var source = await TestMedia.CreateVideoAsync(Path.Combine(_folder, $"sparse-{Guid.NewGuid():N}.mp4"), 8, keyframeInterval: 250);
        var output = Path.Combine(_folder, $"clip-{Guid.NewGuid():N}.mp4");

        await Cutter().TrimAsync(source, 1.04, 3, output, null, CancellationToken.None);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(await TestMedia.FrameNumbersAsync(output), Is.EqualTo(Enumerable.Range(26, 49)));
            Assert.That(await DecodeErrorsAsync(output), Is.Empty);
        }
    }

    [Test]
    public async Task With_Media_SmartCut_off_every_frame_is_re_encoded()
    {
        var source = await TestMedia.CreateVideoAsync(Path.Combine(_folder, $"off-{Guid.NewGuid():N}.mp4"), 8, keyframeInterval: 2 * Fps);
        var output = Path.Combine(_folder, $"clip-{Guid.NewGuid():N}.mp4");

        await Cutter(smart: false).TrimAsync(source, 1.04, 6.52, output, null, CancellationToken.None);

        Assert.That(await TestMedia.FrameNumbersAsync(output), Is.EqualTo(Enumerable.Range(26, 137)));
        Assert.That((await PacketHashesAsync(source)).Intersect(await PacketHashesAsync(output)), Is.Empty, "no packet copied");
    }

    /// <summary>The types of the file's top-level boxes, in order.</summary>
    private static List<string> TopLevelBoxes(string path)
    {
        var types = new List<string>();
        using var file = File.OpenRead(path);
        var header = new byte[16];
        for (long at = 0; at + 8 <= file.Length; )
        {
            file.Position = at;
            file.ReadExactly(header, 0, 16);
            long size = System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(header);
            if (size == 1) size = (long)System.Buffers.Binary.BinaryPrimitives.ReadUInt64BigEndian(header.AsSpan(8));
            types.Add(System.Text.Encoding.ASCII.GetString(header, 4, 4));
            if (size < 8) break;
            at += size;
        }

        return types;
    }

    /// <summary>A local HTTP server for one file, with range requests, as a signed S3 URL serves it.</summary>
    private sealed class FileServer(WebApplication host, string url) : IAsyncDisposable
    {
        private int _requests;

        public string Url { get; } = url;

        public int Requests => _requests;

        public static async Task<FileServer> StartAsync(string path)
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            builder.Logging.ClearProviders();
            var host = builder.Build();
            FileServer? server = null;
            host.MapGet("/recording.mp4", () =>
            {
                Interlocked.Increment(ref server!._requests);
                return Results.File(path, "video/mp4", enableRangeProcessing: true);
            });
            await host.StartAsync();
            server = new FileServer(host, $"{host.Urls.First()}/recording.mp4");
            return server;
        }

        public ValueTask DisposeAsync() => host.DisposeAsync();
    }

    /// <summary>MD5 of every video packet as stored (no decoding), in decode order.</summary>
    private static async Task<List<string>> PacketHashesAsync(string path)
    {
        var (exit, output, errors) = await MediaFiles.RunAsync("ffmpeg", "-v", "error", "-i", path, "-map", "0:v:0", "-c", "copy", "-f", "framemd5", "-");
        Assert.That(exit, Is.Zero, errors);
        return output.Split('\n').Where(line => !line.StartsWith('#') && line.Contains(',')).Select(line => line.Split(',')[^1].Trim()).ToList();
    }

    private static async Task<string> DecodeErrorsAsync(string path)
    {
        var (exit, _, errors) = await MediaFiles.RunAsync("ffmpeg", "-v", "error", "-i", path, "-f", "null", "-");
        return exit == 0 ? errors.Trim() : $"exit {exit}: {errors.Trim()}";
    }

    private static async Task<string> CodecAsync(string path, string stream = "v:0")
    {
        var (_, output, _) = await MediaFiles.RunAsync("ffprobe", "-v", "error", "-select_streams", stream, "-show_entries", "stream=codec_name", "-of", "csv=p=0", path);
        return output.Trim();
    }

    /// <summary>When the first video frame is shown, in seconds after the file's start (its earliest stream).</summary>
    private static async Task<double> VideoStartAsync(string path)
    {
        var (_, output, _) = await MediaFiles.RunAsync("ffprobe", "-v", "error", "-show_entries", "format=start_time:stream=codec_type,start_time", "-of", "csv=p=0", path);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => line.Trim().Split(',')).ToList();
        var video = lines.Single(f => f[0] == "video")[1];
        var format = lines.Single(f => f.Length == 1)[0];
        return double.Parse(video, CultureInfo.InvariantCulture) - double.Parse(format, CultureInfo.InvariantCulture);
    }

    private static async Task<(double Video, double Audio)> StreamDurationsAsync(string path)
    {
        var (_, output, _) = await MediaFiles.RunAsync("ffprobe", "-v", "error", "-show_entries", "stream=codec_type,duration", "-of", "csv=p=0", path);
        var durations = output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => line.Trim().Split(','))
            .ToDictionary(f => f[0], f => double.Parse(f[1], CultureInfo.InvariantCulture));
        return (durations["video"], durations["audio"]);
    }
}
