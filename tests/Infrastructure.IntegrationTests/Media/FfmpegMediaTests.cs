using System.Collections.Concurrent;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Streaming.Application.Common.Interfaces;
using Streaming.Infrastructure.Media;
using Streaming.TestSupport.Recordings;

namespace Streaming.Infrastructure.IntegrationTests.Media;

/// <summary>
/// What FFMpegCore adds around the real FFmpeg: progress while a clip is cut, a cancelled cut that
/// leaves no FFmpeg running, and the replay's time limit.
/// </summary>
[Parallelizable(ParallelScope.Self)]
public class FfmpegMediaTests
{
    private string _folder = null!;
    private string _source = null!;

    [OneTimeSetUp]
    public async Task MakeASource()
    {
        _folder = Directory.CreateTempSubdirectory("ffmpeg-media-").FullName;
        _source = await TestMedia.CreateVideoAsync(Path.Combine(_folder, "source.mp4"), 20, keyframeInterval: 250, size: 320);
    }

    [OneTimeTearDown]
    public void Delete() => Directory.Delete(_folder, recursive: true);

    private static Ffmpeg Ffmpeg(MediaOptions? options = null) => new(Options.Create(options ?? new MediaOptions()));

    private static FfmpegClipCutter Cutter(MediaOptions? options = null) =>
        new(Ffmpeg(options), new SmartCut(Ffmpeg(options), NullLogger<SmartCut>.Instance), NullLogger<FfmpegClipCutter>.Instance);

    [Test]
    public async Task Cutting_a_clip_reports_progress_between_start_and_end_from_FFmpegs_statistics()
    {
        var reported = new ConcurrentQueue<double>();
        var output = Path.Combine(_folder, "progress.mp4");

        // A slow preset makes the cut take long enough for FFmpeg to report several times.
        await Cutter(new MediaOptions { ClipPreset = "slow", SmartCutPreset = "slow" })
            .TrimAsync(_source, 2, 18, output, new Recorder(reported), CancellationToken.None);

        var values = reported.ToList();
        Assert.Multiple(() =>
        {
            Assert.That(values.Where(v => v is > 0 and < 1), Is.Not.Empty, () => $"no progress between 0 and 1: {string.Join(", ", values)}");
            Assert.That(values, Is.Ordered, "progress only moves forward");
            Assert.That(values[^1], Is.EqualTo(1), "a finished cut reports 100 %");
            Assert.That(values, Has.All.InRange(0, 1));
        });
    }

    [Test]
    public async Task A_cancelled_cut_stops_FFmpeg_at_once()
    {
        var output = Path.Combine(_folder, $"cancelled-{Guid.NewGuid():N}.mp4");
        var started = new TaskCompletionSource();
        using var cancel = new CancellationTokenSource();

        // From 2 s: the smart cut re-encodes up to the keyframe at 10 s, slowly.
        var cut = Cutter(new MediaOptions { ClipPreset = "veryslow", SmartCutPreset = "veryslow" })
            .TrimAsync(_source, 2, 20, output, new Recorder(new ConcurrentQueue<double>(), started), cancel.Token);
        await started.Task.WaitAsync(TimeSpan.FromSeconds(60));
        await cancel.CancelAsync();

        Assert.That(async () => await cut, Throws.InstanceOf<OperationCanceledException>());
        Assert.That(() => FfmpegProcessesWriting(output), Is.Empty.After(5000, 100), "no FFmpeg left writing the clip");
    }

    [Test]
    public async Task A_replay_that_runs_past_Media_ReplayTimeout_fails_with_a_message()
    {
        var webm = Path.Combine(_folder, "part.webm");
        var (exit, _, errors) = await MediaFiles.RunAsync("ffmpeg", "-v", "error", "-y", "-f", "lavfi", "-i", "testsrc=size=320x240:rate=25:duration=4",
            "-c:v", "libvpx", "-deadline", "realtime", "-cpu-used", "8", "-f", "webm", webm);
        Assert.That(exit, Is.Zero, errors);
        var transcoder = new FfmpegReplayTranscoder(
            Ffmpeg(new MediaOptions { ReplayTimeout = TimeSpan.FromMilliseconds(10) }), NullLogger<FfmpegReplayTranscoder>.Instance);

        var error = Assert.ThrowsAsync<MediaProcessingException>(() =>
            transcoder.TranscodeAsync([webm], Path.Combine(_folder, "replay.mp4"), CancellationToken.None));

        Assert.That(error!.Message, Is.EqualTo("FFmpeg took longer than 00:00:00.0100000 and was stopped."));
    }

    [Test]
    public async Task Probing_a_missing_file_or_a_text_file_finds_nothing()
    {
        var text = Path.Combine(_folder, "notes.txt");
        await File.WriteAllTextAsync(text, "not a video");

        Assert.That(await Cutter().ProbeAsync(Path.Combine(_folder, "missing.mp4"), CancellationToken.None), Is.Null);
        Assert.That(await Cutter().ProbeAsync(text, CancellationToken.None), Is.Null);
        Assert.That(await Cutter().ProbeAsync(_source, CancellationToken.None),
            Is.EqualTo(new MediaInfo(20, HasVideo: true, HasAudio: true, FirstFrameSeconds: 0)).Using<MediaInfo>((a, b) =>
                Math.Abs(a.DurationSeconds - b.DurationSeconds) < 0.1 && a.HasVideo == b.HasVideo && a.HasAudio == b.HasAudio
                && Math.Abs((a.FirstFrameSeconds ?? -1) - (b.FirstFrameSeconds ?? -1)) < 0.1));
    }

    [Test]
    public async Task A_preview_frame_is_a_JPEG_of_the_video_at_that_time_and_nothing_for_a_file_without_video()
    {
        var grabber = new FfmpegFrameGrabber(Ffmpeg(), NullLogger<FfmpegFrameGrabber>.Instance);
        var text = Path.Combine(_folder, "not-a-video.txt");
        await File.WriteAllTextAsync(text, "not a video");

        var frame = await grabber.GrabJpegAsync(_source, 6, CancellationToken.None);
        var none = await grabber.GrabJpegAsync(text, 0, CancellationToken.None);

        Assert.That(frame is not null && MediaFiles.IsJpeg(frame), Is.True);
        var jpeg = Path.Combine(_folder, "frame.jpg");
        await File.WriteAllBytesAsync(jpeg, frame!);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(await TestMedia.FirstFrameNumberAsync(jpeg), Is.EqualTo(6 * TestMedia.FramesPerSecond % 256), "the frame 6 s in");
            Assert.That(none, Is.Null);
        }
    }

    /// <summary>Ids of running ffmpeg processes whose command line names <paramref name="output"/>.</summary>
    private static List<int> FfmpegProcessesWriting(string output) =>
        Directory.EnumerateDirectories("/proc")
            .Select(d => (Id: int.TryParse(Path.GetFileName(d), out var id) ? id : 0, Dir: d))
            .Where(p => p.Id > 0)
            .Where(p =>
            {
                try { return File.ReadAllText(Path.Combine(p.Dir, "cmdline")).Contains(output, StringComparison.Ordinal); }
                catch (IOException) { return false; }
                catch (UnauthorizedAccessException) { return false; }
            })
            .Select(p => p.Id)
            .ToList();

    /// <summary>Keeps every value on the reporting thread, in order; signals the first one.</summary>
    private sealed class Recorder(ConcurrentQueue<double> values, TaskCompletionSource? first = null) : IProgress<double>
    {
        public void Report(double value)
        {
            values.Enqueue(value);
            first?.TrySetResult();
        }
    }
}
