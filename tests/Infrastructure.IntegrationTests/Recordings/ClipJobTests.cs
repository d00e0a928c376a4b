using Microsoft.Extensions.DependencyInjection.Extensions;
using Streaming.Application.Common.Exceptions;
using Streaming.Application.Common.Interfaces;
using Streaming.Application.Recordings.Commands.CreateClip;
using Streaming.Application.Recordings.Commands.DeleteClip;
using Streaming.Application.Recordings.Commands.RenameClip;
using Streaming.Application.Recordings.Commands.RetryClip;
using Streaming.Application.Recordings.Queries.GetClip;
using Streaming.Application.Recordings.Jobs;
using Streaming.Domain.Common;
using Streaming.Domain.Recordings;
using Streaming.Domain.Users;
using Streaming.Infrastructure.IntegrationTests.Enrollments;
using Streaming.Infrastructure.Storage;
using Streaming.TestSupport.Recordings;

namespace Streaming.Infrastructure.IntegrationTests.Recordings;

/// <summary>
/// Clip creation and the clip job end to end: real PostgreSQL, real FFmpeg/ffprobe, local blob
/// storage in a temporary folder. The source's frames carry their frame numbers, so the test
/// reads which frame a clip starts with.
/// </summary>
[Parallelizable(ParallelScope.Self)]
public class ClipJobTests
{
    private AppHarness _app = null!;
    private string _root = null!;
    private string _ownerId = null!, _otherId = null!;
    private Guid _meeting;

    [OneTimeSetUp]
    public async Task CreateSource()
    {
        _root = Directory.CreateTempSubdirectory("clip-job-").FullName;
        _app = await AppHarness.CreateAsync();
        var provider = _app.BuildProvider(services =>
        {
            services.RemoveAll<IBlobStorage>();
            services.AddSingleton<IBlobStorage>(new LocalBlobStorage(new LocalStorageOptions { Root = _root, SigningKey = new string('s', 40) }, _app.Clock));
        });
        Services = provider;
        _ownerId = await _app.AddMemberAsync("owner");
        _otherId = await _app.AddMemberAsync("other");

        // 12 s, one keyframe every 10 s: a stream copy from 5 s would start at 0 s.
        var source = await TestMedia.CreateVideoAsync(Path.Combine(_root, "source.mp4"), 12, keyframeInterval: 250);
        var key = "meet/source.mp4";
        Directory.CreateDirectory(Path.Combine(_root, "meet"));
        File.Move(source, Path.Combine(_root, key));
        await using var db = _app.Context();
        var room = Recording.OpenMeeting(Products.TipJar, _ownerId, "Clip source", _app.Clock.GetUtcNow());
        room.AttachFile(RecordingFile.Create(key, new FileInfo(Path.Combine(_root, key)).Length, 12, _app.Clock.GetUtcNow()), "test-setup");
        db.Recordings.Add(room);
        await db.SaveChangesAsync();
        _meeting = room.Id;
    }

    private IServiceProvider Services { get; set; } = null!;

    [OneTimeTearDown]
    public async Task Drop()
    {
        if (_app is not null) await _app.DisposeAsync();
        if (_root is not null) Directory.Delete(_root, recursive: true);
    }

    private Task<T> SendAsync<T>(string userId, MediatR.IRequest<T> request, params string[] roles) =>
        AppHarness.SendAsync(Services, userId, request, roles);

    private async Task<bool> RunNextAsync()
    {
        await using var scope = Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<IClipJob>().RunNextAsync(CancellationToken.None);
    }

    private async Task<int> RequeueStaleAsync()
    {
        await using var scope = Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<IClipJob>().RequeueStaleAsync(CancellationToken.None);
    }

    private async Task<RecordingClip> ClipAsync(Guid id)
    {
        await using var db = _app.Context();
        return await db.RecordingClips.AsNoTracking().SingleAsync(c => c.Id == id);
    }

    private async Task RunAllAsync()
    {
        while (await RunNextAsync())
        {
        }
    }

    [Test]
    public async Task Clip_IsCutExactly_StartAndLengthWithinOneFrame()
    {
        var id = await SendAsync(_ownerId, new CreateClipCommand("meet", _meeting, "5", "7"));

        await RunAllAsync();

        var clip = await ClipAsync(id);
        Assert.That(clip.Status, Is.EqualTo(ClipStatus.Ready), clip.Error);
        var file = Path.Combine(_root, clip.ClipLocation!);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(await TestMedia.FirstFrameNumberAsync(file), Is.InRange(124, 126), "starts at 5.0 s (frame 125), not at the keyframe before");
            Assert.That(await TestMedia.VideoFrameCountAsync(file), Is.InRange(49, 51), "2 s at 25 fps");
            Assert.That(await TestMedia.DurationAsync(file), Is.EqualTo(2.0).Within(0.1));
            Assert.That(clip.ClipDurationSeconds, Is.EqualTo(2.0).Within(0.1));
            Assert.That(clip.ClipSizeBytes, Is.EqualTo(new FileInfo(file).Length));
            Assert.That(clip.Progress, Is.EqualTo(100));
            Assert.That(clip.ClipLocation, Does.StartWith("clips/"));
        }
    }

    [TestCase("0:05", "0:05", "The end must be after the start.")]
    [TestCase("5", "5.5", "A clip is at least 1 second long.")]
    [TestCase("0:05", "0:13", "The end cannot be after the end of the recording (0:12).")]
    public void InvalidRange_IsRefused_WithAMessage(string start, string end, string message)
    {
        var error = Assert.ThrowsAsync<DomainException>(() => SendAsync(_ownerId, new CreateClipCommand("meet", _meeting, start, end)));

        Assert.That(error!.Message, Does.Contain(message));
    }

    [Test]
    public void LongerThanRecordingsMaxClipLength_IsRefused()
    {
        var strict = _app.BuildProvider(services => services.Configure<Application.Recordings.Common.RecordingsOptions>(o => o.MaxClipLength = TimeSpan.FromSeconds(5)));

        var error = Assert.ThrowsAsync<DomainException>(() => AppHarness.SendAsync(strict, _ownerId, new CreateClipCommand("meet", _meeting, "1", "7")));

        Assert.That(error!.Message, Is.EqualTo("A clip is at most 5 seconds long."));
    }

    [Test]
    public void MissingStart_IsAValidationMessage()
    {
        var error = Assert.ThrowsAsync<ValidationException>(() => SendAsync(_ownerId, new CreateClipCommand("meet", _meeting, null, "5")));

        Assert.That(error!.Errors["Start"], Is.EqualTo(new[] { "Enter the start, e.g. 1:05." }));
    }

    [Test]
    public void AnotherUsersRecording_IsNotFound()
    {
        Assert.ThrowsAsync<NotFoundException>(() => SendAsync(_otherId, new CreateClipCommand("meet", _meeting, "1", "3")));
        Assert.ThrowsAsync<NotFoundException>(() => SendAsync(_otherId, new CreateClipCommand("meet", _meeting, "1", "3"), Roles.Instructor));
    }

    [Test]
    public async Task AnotherUsersClip_CannotBeRetriedOrDeleted()
    {
        var id = await SendAsync(_ownerId, new CreateClipCommand("meet", _meeting, "1", "3"));

        Assert.ThrowsAsync<NotFoundException>(() => SendAsync(_otherId, new RetryClipCommand(id)));
        Assert.ThrowsAsync<NotFoundException>(() => SendAsync(_otherId, new DeleteClipCommand(id)));
        Assert.That((await ClipAsync(id)).OwnerId, Is.EqualTo(_ownerId));
    }

    [Test]
    public async Task UnreadableSource_Fails_WithAMessage_AndRetryQueuesItAgain()
    {
        Guid roomId;
        await using (var db = _app.Context())
        {
            var room = Recording.OpenMeeting(Products.TipJar, _ownerId, "Broken", _app.Clock.GetUtcNow());
            room.AttachFile(RecordingFile.Create("meet/missing.mp4", 10, 12, _app.Clock.GetUtcNow()), "test-setup");
            db.Recordings.Add(room);
            await db.SaveChangesAsync();
            roomId = room.Id;
        }

        var id = await SendAsync(_ownerId, new CreateClipCommand("meet", roomId, "1", "3"));
        await RunAllAsync();
        var failed = await ClipAsync(id);
        await SendAsync(_ownerId, new RetryClipCommand(id));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(failed.Status, Is.EqualTo(ClipStatus.Failed));
            Assert.That(failed.Error, Is.EqualTo("The recording's file could not be read (it may have been moved or deleted)."));
            Assert.That((await ClipAsync(id)).Status, Is.EqualTo(ClipStatus.Pending));
        }

        await using (var db = _app.Context())
        {
            await db.RecordingClips.Where(c => c.Id == id).ExecuteDeleteAsync();
        }
    }

    [Test]
    public async Task ClipLeftInProcessing_ByAStoppedJob_IsPickedUpAgain()
    {
        var id = await SendAsync(_ownerId, new CreateClipCommand("meet", _meeting, "2", "4"));
        await using (var db = _app.Context())
        {
            var clip = await db.RecordingClips.SingleAsync(c => c.Id == id);
            clip.StartProcessing(_app.Clock.GetUtcNow()); // the job took it, then the app stopped
            await db.SaveChangesAsync();
        }

        var tooEarly = await RequeueStaleAsync();
        _app.Clock.Advance(TimeSpan.FromMinutes(2));
        var requeued = await RequeueStaleAsync();
        await RunAllAsync();

        using (Assert.EnterMultipleScope())
        {
            Assert.That(tooEarly, Is.Zero, "a running job is left alone");
            Assert.That(requeued, Is.EqualTo(1));
            Assert.That((await ClipAsync(id)).Status, Is.EqualTo(ClipStatus.Ready));
            Assert.That((await ClipAsync(id)).Attempts, Is.EqualTo(2));
        }
    }

    [Test]
    public async Task Delete_RemovesTheRowAndTheFile()
    {
        var id = await SendAsync(_ownerId, new CreateClipCommand("meet", _meeting, "8", "9.5"));
        await RunAllAsync();
        var file = Path.Combine(_root, (await ClipAsync(id)).ClipLocation!);

        await SendAsync(_ownerId, new DeleteClipCommand(id));

        await using var db = _app.Context();
        Assert.That(await db.RecordingClips.AnyAsync(c => c.Id == id), Is.False);
        Assert.That(File.Exists(file), Is.False);
    }

    [Test]
    public async Task Progress_IsSavedAsFFmpegReportsIt_InSteps_UpTo100()
    {
        // A longer source and a slow preset, so FFmpeg reports several times during the cut.
        Guid roomId;
        var source = await TestMedia.CreateVideoAsync(Path.Combine(_root, "long.mp4"), 30, keyframeInterval: 250, size: 320);
        File.Move(source, Path.Combine(_root, "meet", "long.mp4"));
        await using (var db = _app.Context())
        {
            var room = Recording.OpenMeeting(Products.TipJar, _ownerId, "Long source", _app.Clock.GetUtcNow());
            room.AttachFile(RecordingFile.Create("meet/long.mp4", new FileInfo(Path.Combine(_root, "meet", "long.mp4")).Length, 30, _app.Clock.GetUtcNow()), "test-setup");
            db.Recordings.Add(room);
            await db.SaveChangesAsync();
            roomId = room.Id;
        }

        var slow = _app.BuildProvider(services =>
        {
            services.RemoveAll<IBlobStorage>();
            services.AddSingleton<IBlobStorage>(new LocalBlobStorage(new LocalStorageOptions { Root = _root, SigningKey = new string('s', 40) }, _app.Clock));
            services.Configure<Streaming.Infrastructure.Media.MediaOptions>(o => o.ClipPreset = "slow");
        });
        var id = await AppHarness.SendAsync(slow, _ownerId, new CreateClipCommand("meet", roomId, "0:02", "0:28"));
        await using var log = _app.Context();
        // Every write of the clip's row, as PostgreSQL saw it (the job's clock is a test clock: only steps save).
        await log.Database.ExecuteSqlRawAsync("""
            CREATE TABLE test_clip_writes (seq bigserial, clip_id uuid, progress int, status text);
            CREATE FUNCTION test_log_clip_write() RETURNS trigger LANGUAGE plpgsql AS
              $$ BEGIN INSERT INTO test_clip_writes (clip_id, progress, status) VALUES (NEW.id, NEW.progress, NEW.status); RETURN NEW; END $$;
            CREATE TRIGGER test_clip_writes AFTER UPDATE ON recording_clips FOR EACH ROW EXECUTE FUNCTION test_log_clip_write();
            """);
        try
        {
            // Other tests' pending clips may be older: run until the queue is empty.
            while (true)
            {
                await using var scope = slow.CreateAsyncScope();
                if (!await scope.ServiceProvider.GetRequiredService<IClipJob>().RunNextAsync(CancellationToken.None)) break;
            }

            var writes = await log.Database.SqlQuery<int>($"SELECT progress AS \"Value\" FROM test_clip_writes WHERE clip_id = {id} ORDER BY seq").ToListAsync();
            var clip = await ClipAsync(id);
            using (Assert.EnterMultipleScope())
            {
                Assert.That(clip.Status, Is.EqualTo(ClipStatus.Ready), clip.Error);
                Assert.That(writes, Is.Ordered, "progress only moves forward");
                Assert.That(writes.Where(p => p is > 0 and < 100), Is.Not.Empty, () => $"no progress saved while cutting: {string.Join(", ", writes)}");
                Assert.That(writes[^1], Is.EqualTo(100));
                // Taken, then at most one write per 5 % step, then Ready: never a write per FFmpeg report.
                Assert.That(writes, Has.Count.LessThanOrEqualTo(2 + 100 / ClipCutting.ProgressStepPercent), string.Join(", ", writes));
            }
        }
        finally
        {
            await log.Database.ExecuteSqlRawAsync("DROP TRIGGER test_clip_writes ON recording_clips; DROP FUNCTION test_log_clip_write(); DROP TABLE test_clip_writes;");
            await slow.DisposeAsync();
        }
    }

    [Test]
    public async Task Name_IsKept_RenamedByTheOwner_AndUsedForTheDownload()
    {
        var id = await SendAsync(_ownerId, new CreateClipCommand("meet", _meeting, "0:01", "0:03.5", "  The good bit "));
        var named = await ClipAsync(id);

        await SendAsync(_ownerId, new RenameClipCommand(id, "Best: part/2?"));
        var details = await SendAsync(_ownerId, new GetClipQuery(id));
        await SendAsync(_ownerId, new RenameClipCommand(id, ""));
        var unnamed = await SendAsync(_ownerId, new GetClipQuery(id));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(named.Name, Is.EqualTo("The good bit"));
            Assert.That(named.StartSeconds, Is.EqualTo(1));
            Assert.That(named.EndSeconds, Is.EqualTo(3.5));
            Assert.That(details.Title, Is.EqualTo("Best: part/2?"));
            Assert.That(details.FileName, Is.EqualTo("Best- part-2-.mp4"));
            Assert.That(unnamed.Title, Is.EqualTo("Clip 0:01–0:03.5 of Clip source"));
            Assert.That(unnamed.FileName, Is.EqualTo("Clip source clip 0m01s-0m04s.mp4"));
        }
    }

    [Test]
    public async Task AnotherUsersClip_CannotBeRenamed_AndBadInputIsAMessage()
    {
        var id = await SendAsync(_ownerId, new CreateClipCommand("meet", _meeting, "1", "3"));

        Assert.ThrowsAsync<NotFoundException>(() => SendAsync(_otherId, new RenameClipCommand(id, "Mine now")));
        var tooLong = Assert.ThrowsAsync<ValidationException>(() => SendAsync(_ownerId, new RenameClipCommand(id, new string('x', 101))));
        var badTime = Assert.ThrowsAsync<ValidationException>(() => SendAsync(_ownerId, new CreateClipCommand("meet", _meeting, "1:75", "soon")));

        using (Assert.EnterMultipleScope())
        {
            Assert.That((await ClipAsync(id)).Name, Is.Null);
            Assert.That(tooLong!.Errors["Name"], Is.EqualTo(new[] { "A clip's name is at most 100 characters." }));
            Assert.That(badTime!.Errors["Start"].Single(), Does.Contain("minutes and seconds go up to 59"));
            Assert.That(badTime.Errors["End"].Single(), Does.Contain("\"soon\" is not a time"));
        }
    }
}
