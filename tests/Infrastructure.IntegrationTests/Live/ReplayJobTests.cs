using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Streaming.Application.Live.Commands.AssembleReplays;
using Streaming.Application.Common.Interfaces;
using Streaming.Application.Live.Commands.EndStream;
using Streaming.Application.Live.Commands.UploadRecordingChunk;
using Streaming.Application.Live.Replay;
using Streaming.Domain.Live;
using Streaming.Domain.Streams;
using Streaming.Domain.Users;
using Streaming.Infrastructure.IntegrationTests.Enrollments;
using Streaming.Infrastructure.Storage;

namespace Streaming.Infrastructure.IntegrationTests.Live;

/// <summary>
/// The replay job end to end: chunks uploaded through the real handler (as MediaRecorder sends
/// them: consecutive pieces of one WebM stream), the class ended through the real end flow, then
/// real FFmpeg/ffprobe on real PostgreSQL and a local blob folder.
/// </summary>
[Parallelizable(ParallelScope.Self)]
public class ReplayJobTests
{
    private const double SourceSeconds = 6;

    private AppHarness _app = null!;
    private string _root = null!;
    private IServiceProvider Services { get; set; } = null!;
    private byte[] _webm = null!;
    private double _webmDuration;

    [OneTimeSetUp]
    public async Task MakeARecording()
    {
        _root = Directory.CreateTempSubdirectory("replay-job-").FullName;
        _app = await AppHarness.CreateAsync();
        var provider = _app.BuildProvider(services =>
        {
            services.RemoveAll<IBlobStorage>();
            services.AddSingleton<IBlobStorage>(new LocalBlobStorage(new LocalStorageOptions { Root = _root, SigningKey = new string('r', 40) }, _app.Clock));
        });
        Services = provider; // disposed with the harness

        // What a browser records: VP8 + Opus in WebM.
        var path = Path.Combine(_root, "source.webm");
        await RunAsync("ffmpeg", "-hide_banner", "-v", "error", "-y",
            "-f", "lavfi", "-i", $"testsrc=size=320x240:rate=25:duration={SourceSeconds}",
            "-f", "lavfi", "-i", $"sine=frequency=440:duration={SourceSeconds}",
            "-c:v", "libvpx", "-deadline", "realtime", "-cpu-used", "8", "-b:v", "400k", "-g", "250",
            "-c:a", "libopus", "-f", "webm", path);
        _webm = await File.ReadAllBytesAsync(path);
        _webmDuration = double.Parse((await RunAsync("ffprobe", "-v", "error", "-show_entries", "format=duration", "-of", "csv=p=0", path)).Trim(), CultureInfo.InvariantCulture);
        File.Delete(path);
    }

    [OneTimeTearDown]
    public async Task Drop()
    {
        if (_app is not null) await _app.DisposeAsync();
        if (_root is not null) Directory.Delete(_root, recursive: true);
    }

    private async Task<(string OwnerId, Guid StreamId)> LiveClassAsync()
    {
        var ownerId = await _app.AddMemberAsync("coach");
        await using var db = _app.Context();
        var now = _app.Clock.GetUtcNow();
        var stream = LiveStream.Schedule(ownerId, "Replay class", "", "Yoga", now.AddMinutes(5), 30, 0, null, now);
        stream.GoLive(now);
        db.Streams.Add(stream);
        await db.SaveChangesAsync();
        return (ownerId, stream.Id);
    }

    private Task<ChunkUploadResult> UploadAsync(string ownerId, Guid streamId, int index, byte[] bytes) =>
        AppHarness.SendAsync(Services, ownerId, new UploadRecordingChunkCommand(streamId, index, bytes), Roles.Instructor);

    private async Task RunJobAsync()
    {
        while (true)
        {
            await using var scope = Services.CreateAsyncScope();
            var job = scope.ServiceProvider.GetRequiredService<IReplayJob>();
            await job.RequeueStaleAsync(CancellationToken.None);
            if (!await job.RunNextAsync(CancellationToken.None)) return;
        }
    }

    private async Task<LiveRecording?> RecordingAsync(Guid streamId)
    {
        await using var db = _app.Context();
        return await db.LiveRecordings.AsNoTracking().SingleOrDefaultAsync(r => r.StreamId == streamId);
    }

    [Test]
    public async Task Chunks_become_a_seekable_faststart_h264_aac_mp4_as_long_as_the_recording()
    {
        var (ownerId, streamId) = await LiveClassAsync();
        var third = _webm.Length / 3;
        byte[][] pieces = [_webm[..third], _webm[third..(2 * third)], _webm[(2 * third)..]];
        for (var i = 0; i < pieces.Length; i++)
            Assert.That((await UploadAsync(ownerId, streamId, i, pieces[i])).Outcome, Is.EqualTo(ChunkUploadOutcome.Stored));

        var stored = new List<byte>();
        for (var i = 0; i < pieces.Length; i++) stored.AddRange(await File.ReadAllBytesAsync(Path.Combine(_root, ReplayKeys.Chunk(streamId, i))));
        Assert.That(stored.ToArray(), Is.EqualTo(_webm), "the stored chunks put together are the original recording");

        await RunJobAsync();
        Assert.That((await RecordingAsync(streamId))!.Status, Is.EqualTo(LiveRecordingStatus.Recording), "nothing is assembled while the class is live");

        await AppHarness.SendAsync(Services, ownerId, new EndStreamCommand(streamId), Roles.Instructor);
        await RunJobAsync();

        var recording = await RecordingAsync(streamId);
        Assert.That(recording!.Status, Is.EqualTo(LiveRecordingStatus.Available), recording.Error);
        Assert.That(recording.ReplayKey, Is.EqualTo($"recordings/live/{streamId}/replay.mp4"));
        var replay = Path.Combine(_root, recording.ReplayKey!);
        Assert.That(recording.ReplaySizeBytes, Is.EqualTo(new FileInfo(replay).Length));

        var probe = await RunAsync("ffprobe", "-v", "error", "-show_entries", "format=duration:stream=codec_type,codec_name", "-of", "default=nw=1", replay);
        var duration = double.Parse((await RunAsync("ffprobe", "-v", "error", "-show_entries", "format=duration", "-of", "csv=p=0", replay)).Trim(), CultureInfo.InvariantCulture);
        var keyframes = (await RunAsync("ffprobe", "-v", "error", "-select_streams", "v:0", "-skip_frame", "nokey",
                "-show_entries", "frame=pts_time", "-of", "csv=p=0", replay))
            .Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(t => double.Parse(t.Trim().TrimEnd(','), CultureInfo.InvariantCulture)).ToList();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(duration, Is.EqualTo(_webmDuration).Within(0.5));
            Assert.That(recording.DurationSeconds, Is.EqualTo(duration).Within(0.01));
            Assert.That(probe, Does.Contain("codec_name=h264"));
            Assert.That(probe, Does.Contain("codec_name=aac"));
            Assert.That(TopLevelBoxes(replay).IndexOf("moov"), Is.LessThan(TopLevelBoxes(replay).IndexOf("mdat")).And.GreaterThanOrEqualTo(0),
                "faststart: the index comes before the media");
            Assert.That(keyframes, Is.EqualTo(new[] { 0.0, 2.0, 4.0 }).Within(0.05), "a keyframe every 2 s");
        }
    }

    [Test]
    public async Task A_recording_reopened_mid_class_becomes_one_replay()
    {
        // The broadcast page reloaded: a second recorder's stream (its own WebM header) follows the first.
        var (ownerId, streamId) = await LiveClassAsync();
        var half = _webm.Length / 2;
        Assert.That((await UploadAsync(ownerId, streamId, 0, _webm[..half])).Outcome, Is.EqualTo(ChunkUploadOutcome.Stored));
        Assert.That((await UploadAsync(ownerId, streamId, 1, _webm[half..])).Outcome, Is.EqualTo(ChunkUploadOutcome.Stored));
        Assert.That((await UploadAsync(ownerId, streamId, 2, _webm)).Outcome, Is.EqualTo(ChunkUploadOutcome.Stored));
        await AppHarness.SendAsync(Services, ownerId, new EndStreamCommand(streamId), Roles.Instructor);

        await RunJobAsync();

        var recording = await RecordingAsync(streamId);
        Assert.That(recording!.Status, Is.EqualTo(LiveRecordingStatus.Available), recording.Error);
        Assert.That(recording.DurationSeconds, Is.EqualTo(2 * _webmDuration).Within(0.6));
    }

    [Test]
    public async Task Chunks_that_are_not_video_fail_with_a_message()
    {
        var (ownerId, streamId) = await LiveClassAsync();
        Assert.That((await UploadAsync(ownerId, streamId, 0, "this is not a webm file"u8.ToArray())).Outcome, Is.EqualTo(ChunkUploadOutcome.Stored));
        await AppHarness.SendAsync(Services, ownerId, new EndStreamCommand(streamId), Roles.Instructor);

        await RunJobAsync();

        var recording = await RecordingAsync(streamId);
        Assert.That(recording!.Status, Is.EqualTo(LiveRecordingStatus.Failed));
        Assert.That(recording.Error, Does.Contain("recording"));
        Assert.That(File.Exists(Path.Combine(_root, ReplayKeys.Replay(streamId))), Is.False);
    }

    [Test]
    public async Task A_replay_left_in_processing_by_a_stopped_job_is_made_after_a_restart_and_never_retried_forever()
    {
        var (ownerId, streamId) = await LiveClassAsync();
        Assert.That((await UploadAsync(ownerId, streamId, 0, _webm)).Outcome, Is.EqualTo(ChunkUploadOutcome.Stored));
        await AppHarness.SendAsync(Services, ownerId, new EndStreamCommand(streamId), Roles.Instructor);
        await using (var db = _app.Context())
        {
            var row = await db.LiveRecordings.SingleAsync(r => r.StreamId == streamId);
            row.StartProcessing(_app.Clock.GetUtcNow()); // a job took it, then the app stopped
            await db.SaveChangesAsync();
        }

        await RunJobAsync();
        Assert.That((await RecordingAsync(streamId))!.Status, Is.EqualTo(LiveRecordingStatus.Processing), "not stale yet");

        _app.Clock.Advance(TimeSpan.FromMinutes(3));
        await RunJobAsync();
        var recording = await RecordingAsync(streamId);
        Assert.That(recording!.Status, Is.EqualTo(LiveRecordingStatus.Available), recording.Error);
        Assert.That(recording.Attempts, Is.EqualTo(2));

        // One that keeps killing its job gives up after Streaming:Replay:MaxAttempts.
        var (otherOwner, other) = await LiveClassAsync();
        Assert.That((await UploadAsync(otherOwner, other, 0, _webm)).Outcome, Is.EqualTo(ChunkUploadOutcome.Stored));
        await AppHarness.SendAsync(Services, otherOwner, new EndStreamCommand(other), Roles.Instructor);
        for (var attempt = 0; attempt < 3; attempt++)
        {
            await using var db = _app.Context();
            var row = await db.LiveRecordings.SingleAsync(r => r.StreamId == other);
            if (row.Status == LiveRecordingStatus.Recording) row.StartProcessing(_app.Clock.GetUtcNow());
            await db.SaveChangesAsync();
            _app.Clock.Advance(TimeSpan.FromMinutes(3));
            await using var scope = Services.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<IReplayJob>().RequeueStaleAsync(CancellationToken.None);
        }

        var gaveUp = await RecordingAsync(other);
        Assert.That(gaveUp!.Status, Is.EqualTo(LiveRecordingStatus.Failed));
        Assert.That(gaveUp.Error, Does.Contain("gave up"));
    }

    [Test]
    public async Task A_class_without_chunks_has_no_recording_and_nothing_to_do()
    {
        var (ownerId, streamId) = await LiveClassAsync();
        await AppHarness.SendAsync(Services, ownerId, new EndStreamCommand(streamId), Roles.Instructor);
        await RunJobAsync();
        Assert.That(await RecordingAsync(streamId), Is.Null);
    }

    /// <summary>The MP4's top-level box types in file order.</summary>
    private static List<string> TopLevelBoxes(string path)
    {
        var boxes = new List<string>();
        using var file = File.OpenRead(path);
        var header = new byte[16];
        while (file.Position + 8 <= file.Length)
        {
            var start = file.Position;
            file.ReadExactly(header, 0, 8);
            long size = (uint)(header[0] << 24 | header[1] << 16 | header[2] << 8 | header[3]);
            boxes.Add(System.Text.Encoding.ASCII.GetString(header, 4, 4));
            if (size == 1)
            {
                file.ReadExactly(header, 8, 8);
                size = (long)System.Buffers.Binary.BinaryPrimitives.ReadUInt64BigEndian(header.AsSpan(8, 8));
            }
            else if (size == 0)
            {
                break;
            }

            file.Position = start + size;
        }

        return boxes;
    }

    private static async Task<string> RunAsync(string executable, params string[] arguments)
    {
        var start = new ProcessStartInfo(executable) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0) throw new InvalidOperationException($"{executable} failed: {await error}");
        return await output;
    }
}
