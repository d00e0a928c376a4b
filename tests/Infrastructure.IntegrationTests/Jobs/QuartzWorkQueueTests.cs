using System.Diagnostics;
using Streaming.Application.Common.Jobs;
using Streaming.Application.Live.Commands.EndStream;
using Streaming.Application.Live.Commands.UploadRecordingChunk;
using Streaming.Application.Recordings.Commands.CreateClip;
using Streaming.Application.Recordings.Commands.RecordEgress;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Streaming.Domain.Live;
using Streaming.Domain.Recordings;
using Streaming.Domain.Streams;
using Streaming.Domain.Users;
using Streaming.Infrastructure.IntegrationTests.Enrollments;
using Streaming.TestSupport.Recordings;

namespace Streaming.Infrastructure.IntegrationTests.Jobs;

/// <summary>
/// The clip and replay paths on Quartz: requesting a clip, or ending a class, starts its job at once
/// (the schedules are moved to 2099, so nothing else could), and the job does the real FFmpeg work.
/// </summary>
[Parallelizable(ParallelScope.Self)]
public class QuartzWorkQueueTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(120);

    private AppHarness _app = null!;
    private string _root = null!;
    private QuartzNode _node = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _root = Directory.CreateTempSubdirectory("quartz-work-").FullName;
        _app = await AppHarness.CreateAsync();
        _node = await QuartzNode.StartAsync(_app.Database, _app.Clock, "node-work", _root);
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        if (_node is not null) await _node.DisposeAsync();
        if (_app is not null) await _app.DisposeAsync();
        if (_root is not null) Directory.Delete(_root, recursive: true);
    }

    private async Task<T> WaitForAsync<T>(Func<ApplicationDbContext, Task<T?>> read, Func<T, bool> done, string what)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (true)
        {
            await using (var db = _app.Context())
            {
                var value = await read(db);
                if (value is not null && done(value)) return value;
                if (DateTime.UtcNow > deadline) Assert.Fail($"{what} did not happen within {Patience.TotalSeconds} s (last: {value})");
            }

            await Task.Delay(200);
        }
    }

    [Test]
    public async Task A_requested_clip_is_cut_by_the_clip_job_started_at_once()
    {
        var owner = await _app.AddMemberAsync("clipper");
        Directory.CreateDirectory(Path.Combine(_root, "meet"));
        var source = await TestMedia.CreateVideoAsync(Path.Combine(_root, "meet", "quartz.mp4"), 6);
        Guid meeting;
        await using (var db = _app.Context())
        {
            var room = Recording.OpenMeeting(Products.TipJar, owner, "Quartz clip", _app.Clock.GetUtcNow());
            room.AttachFile(RecordingFile.Create("meet/quartz.mp4", new FileInfo(source).Length, 6, _app.Clock.GetUtcNow()), "test-setup");
            db.Recordings.Add(room);
            await db.SaveChangesAsync();
            meeting = room.Id;
        }

        var clipId = await _node.SendAsync(owner, new CreateClipCommand("meet", meeting, "1", "3"));

        var clip = await WaitForAsync(db => db.RecordingClips.AsNoTracking().SingleOrDefaultAsync(c => c.Id == clipId),
            c => c.Status is ClipStatus.Ready or ClipStatus.Failed, "the clip being cut");
        Assert.That(clip.Status, Is.EqualTo(ClipStatus.Ready), clip.Error);
        Assert.That(await TestMedia.DurationAsync(Path.Combine(_root, clip.ClipLocation!)), Is.EqualTo(2).Within(0.2));
        var run = await WaitForAsync(db => db.JobRuns.AsNoTracking().FirstOrDefaultAsync(r => r.JobName == JobNames.ClipCutting && r.FinishedAt != null),
            r => true, "the clip job's run record");
        Assert.That((run.ItemsDone, run.Manual), Is.EqualTo((1, true)));
    }

    [Test]
    public async Task Ending_a_class_makes_its_replay_with_the_replay_job_started_at_once()
    {
        var instructor = await _app.AddMemberAsync("coach");
        Guid streamId;
        await using (var db = _app.Context())
        {
            var now = _app.Clock.GetUtcNow();
            var stream = LiveStream.Schedule(instructor, "Quartz replay", "", "Yoga", now.AddMinutes(5), 30, 0, null, now);
            stream.GoLive(now);
            db.Streams.Add(stream);
            await db.SaveChangesAsync();
            streamId = stream.Id;
        }

        var webm = Path.Combine(_root, "recording.webm");
        await FfmpegAsync("-f", "lavfi", "-i", "testsrc=size=160x120:rate=25:duration=3", "-f", "lavfi", "-i", "sine=frequency=440:duration=3",
            "-c:v", "libvpx", "-deadline", "realtime", "-cpu-used", "8", "-b:v", "200k", "-c:a", "libopus", "-f", "webm", webm);
        var upload = await _node.SendAsync(instructor, new UploadRecordingChunkCommand(streamId, 0, await File.ReadAllBytesAsync(webm)), Roles.Instructor);
        Assert.That(upload.Outcome, Is.EqualTo(ChunkUploadOutcome.Stored));

        await _node.SendAsync(instructor, new EndStreamCommand(streamId), Roles.Instructor);

        var recording = await WaitForAsync(db => db.LiveRecordings.AsNoTracking().SingleOrDefaultAsync(r => r.StreamId == streamId),
            r => r.Status is LiveRecordingStatus.Available or LiveRecordingStatus.Failed, "the replay being made");
        Assert.That(recording.Status, Is.EqualTo(LiveRecordingStatus.Available), recording.Error);
        Assert.That(await TestMedia.DurationAsync(Path.Combine(_root, recording.ReplayKey!)), Is.EqualTo(3).Within(0.5));
    }

    [Test]
    public async Task A_meeting_recorded_at_a_plain_URL_is_copied_into_the_store_by_the_copy_job_started_at_once()
    {
        var content = Enumerable.Range(0, 300_000).Select(i => (byte)(i * 7)).ToArray();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        await using var host = builder.Build();
        host.MapGet("/egress/room.mp4", () => Results.Bytes(content, "video/mp4"));
        await host.StartAsync();
        var url = $"{host.Urls.First()}/egress/room.mp4";
        var owner = await _app.AddMemberAsync("meeting-owner");
        Guid roomId;
        await using (var db = _app.Context())
        {
            var room = Recording.OpenMeeting(Products.M10, owner, "Copied meeting", _app.Clock.GetUtcNow());
            db.Recordings.Add(room);
            await db.SaveChangesAsync();
            roomId = room.Id;
        }

        // LiveKit Egress reports a file at a URL of its own host; the app copies it without waiting for the schedule.
        await _node.SendAsync(owner, new RecordEgressCommand(roomId, "EG_copy", url, content.Length, 12, null));

        var copied = await WaitForAsync(db => db.Recordings.AsNoTracking().SingleOrDefaultAsync(r => r.Id == roomId),
            r => r.File?.Location.Contains("://", StringComparison.Ordinal) == false, "the copy into the store");
        Assert.That(await File.ReadAllBytesAsync(Path.Combine(_root, copied.File!.Location)), Is.EqualTo(content));
        var run = await WaitForAsync(db => db.JobRuns.AsNoTracking().FirstOrDefaultAsync(r => r.JobName == JobNames.RecordingCopy && r.FinishedAt != null),
            r => true, "the copy job's run record");
        Assert.That((run.ItemsDone, run.ItemsFailed, run.Manual), Is.EqualTo((1, 0, true)));
    }

    private static async Task FfmpegAsync(params string[] arguments)
    {
        var start = new ProcessStartInfo("ffmpeg") { RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[] { "-hide_banner", "-v", "error", "-y" }.Concat(arguments)) start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        var error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.That(process.ExitCode, Is.Zero, error);
    }
}
