using System.Net.Http.Headers;
using Microsoft.Extensions.DependencyInjection;
using Streaming.Application.Common.Interfaces;
using Streaming.Application.Live.Replay;
using Streaming.Application.Streams.Commands.DeleteExpiredRecordings;
using Streaming.Application.Workouts.Commands.MigrateToWorkoutCatalog;
using Streaming.Domain.Common;
using Streaming.Domain.Live;
using Streaming.Domain.Streams;
using Streaming.Domain.Users;
using Streaming.Infrastructure.Data;
using Streaming.TestSupport.Recordings;
using Streaming.Web.FunctionalTests.Instructor;

namespace Streaming.Web.FunctionalTests.Workouts;

/// <summary>
/// The catalog mark on the dashboard, the retention and migration jobs' effect on the pages, and
/// the /workouts library with its signed, range-capable playback — through real HTTP and forms.
/// The jobs' commands are sent as the scheduler sends them (jobs are off in this app).
/// </summary>
public class WorkoutCatalogTests : InstructorTestBase
{
    private string _root = null!;
    private string _video = null!;

    protected override void Configure(StreamingWebFactory factory)
    {
        _root = Directory.CreateTempSubdirectory("workouts-web-").FullName;
        factory.Settings["Storage:Local:Root"] = _root;
        factory.Settings["Storage:Local:SigningKey"] = "workout-tests-signing-key-0123456789abcdef";
    }

    [OneTimeSetUp]
    public async Task MakeAVideoAsync() => _video = await TestMedia.CreateVideoAsync(Path.Combine(_root, "source.mp4"), 3);

    [OneTimeTearDown]
    public void DeleteFiles() => Directory.Delete(_root, recursive: true);

    /// <summary>A class that ended <paramref name="endedAgo"/> ago with an available replay (a real MP4) in blob storage.</summary>
    private async Task<Guid> EndedClassWithReplayAsync(string instructorId, TimeSpan endedAgo, string title, string category = "Yoga", bool keep = false)
    {
        var end = Factory.Clock.Now - endedAgo;
        var start = end.AddMinutes(-30);
        var stream = LiveStream.Schedule(instructorId, title, $"About {title}.", category, start, 30, 0, null, start.AddDays(-1));
        stream.GoLive(start);
        if (keep) stream.MarkForCatalog(true, start);
        stream.End(end, RetentionPolicy.Default);
        return await InScopeAsync(async sp =>
        {
            var key = ReplayKeys.Replay(stream.Id);
            long size;
            await using (var file = File.OpenRead(_video))
                size = await sp.GetRequiredService<IBlobStorage>().PutAsync(key, file, "video/mp4", CancellationToken.None);
            var recording = LiveRecording.Start(stream.Id, start);
            recording.StartProcessing(end);
            recording.Complete(key, size, 3, end);
            var db = sp.GetRequiredService<ApplicationDbContext>();
            db.Streams.Add(stream);
            db.LiveRecordings.Add(recording);
            await db.SaveChangesAsync();
            return stream.Id;
        });
    }

    private async Task<Guid> WorkoutOfAsync(string instructorId, string title, string category = "Yoga")
    {
        var streamId = await EndedClassWithReplayAsync(instructorId, TimeSpan.FromDays(65), title, category, keep: true);
        await SendAsAsync("job", new MigrateToWorkoutCatalogCommand());
        return (await StoredAsync(streamId))!.WorkoutId ?? throw new AssertionException($"{title} was not migrated.");
    }

    [Test]
    public async Task Keep_for_the_workout_catalog_on_the_dashboard_marks_the_class_and_another_instructor_gets_404()
    {
        var teacher = await SignedInInstructorAsync("Coach Keep");
        var streamId = await EndedClassWithReplayAsync(teacher.Id, TimeSpan.FromDays(2), "Keep me");
        var dashboard = await DashboardAsync(teacher.Visitor);
        Assert.That(Row(dashboard, streamId).TextContent, Does.Contain("Keep for the workout catalog"));

        var page = await teacher.Visitor.FollowRedirectAsync(await teacher.Visitor.SubmitAsync(dashboard.FormPostingTo($"/instructor/streams/{streamId}/catalog")));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(Flash(page), Does.Contain("is kept for the workout catalog"));
            Assert.That(Row(page, streamId).TextContent, Does.Contain("Kept for the catalog").And.Contain("Don't keep"));
            Assert.That((await StoredAsync(streamId))!.CatalogMark, Is.EqualTo(CatalogMark.Kept));
        }

        var other = await SignedInInstructorAsync("Coach Other");
        var foreign = (await DashboardAsync(other.Visitor)).FormPostingTo("/account/logout").PostTo($"/instructor/streams/{streamId}/catalog"); // keep=false
        var response = await other.Visitor.SubmitAsync(foreign);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That((await StoredAsync(streamId))!.CatalogMark, Is.EqualTo(CatalogMark.Kept), "unchanged");
    }

    [Test]
    public async Task After_the_cleanup_the_class_page_and_the_dashboard_say_the_recording_was_deleted()
    {
        var teacher = await SignedInInstructorAsync("Coach Cleanup");
        var streamId = await EndedClassWithReplayAsync(teacher.Id, TimeSpan.FromDays(8), "Cleaned up");

        await SendAsAsync("job", new DeleteExpiredRecordingsCommand());

        var details = await teacher.Visitor.GetAsync($"/streams/{streamId}");
        var dashboard = await DashboardAsync(teacher.Visitor);
        var watch = await teacher.Visitor.GetAsync($"/streams/{streamId}/watch");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(details.Document.QuerySelector("#recording-deleted")?.TextContent, Does.Contain("Replay expired. Recording deleted on"));
            Assert.That(Cell(dashboard, streamId, "replay-state"), Does.Contain("Recording deleted on"));
            Assert.That(Row(dashboard, streamId).QuerySelector(".catalog-mark"), Is.Null, "nothing left to keep");
            Assert.That(watch.Document.QuerySelector("#replay-message")?.TextContent, Does.Contain("Recording deleted on"));
            Assert.That(watch.Document.QuerySelector("#replay-video"), Is.Null);
            Assert.That(File.Exists(Path.Combine(_root, ReplayKeys.Replay(streamId))), Is.False);
        }
    }

    [Test]
    public async Task A_member_finds_the_workout_filters_the_library_and_plays_it_with_range_requests()
    {
        var teacher = await SignedInInstructorAsync("Coach Library");
        var workoutId = await WorkoutOfAsync(teacher.Id, "Library flow", "Pilates");
        var (member, _) = await SignedInMemberAsync();
        using (member)
        {
            var library = await member.GetAsync("/workouts");
            Assert.That(library.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(library.Document.QuerySelector($"[data-workout-id='{workoutId}']")?.TextContent, Does.Contain("Library flow").And.Contain("Coach Library"));
            Assert.That(library.MenuItems, Does.Contain("Workouts"));

            var pilates = await member.GetAsync($"/workouts?category=Pilates&instructor={teacher.Id}&length=Short&q=library");
            var long_ = await member.GetAsync("/workouts?category=Pilates&length=Long");
            var other = await member.GetAsync("/workouts?q=no-such-workout");
            Assert.That(pilates.Document.QuerySelector($"[data-workout-id='{workoutId}']"), Is.Not.Null);
            Assert.That(long_.Document.QuerySelector($"[data-workout-id='{workoutId}']"), Is.Null, "a 3-second workout is not over 45 minutes");
            Assert.That(other.Document.QuerySelector("#no-workouts"), Is.Not.Null);

            var show = await member.GetAsync($"/workouts/{workoutId}");
            var src = show.Document.QuerySelector("#workout-video")?.GetAttribute("src");
            Assert.That(src, Is.Not.Null.And.Contains("sig="), "a signed URL");
            Assert.That(show.Document.QuerySelector("#toggle-publish"), Is.Null, "members cannot unpublish");

            using var range = new HttpRequestMessage(HttpMethod.Get, src);
            range.Headers.Range = new RangeHeaderValue(100, 199);
            var partial = await member.Http.SendAsync(range);
            using (Assert.EnterMultipleScope())
            {
                Assert.That(partial.StatusCode, Is.EqualTo(HttpStatusCode.PartialContent));
                Assert.That(partial.Content.Headers.ContentRange?.ToString(), Is.EqualTo($"bytes 100-199/{new FileInfo(_video).Length}"));
                Assert.That((await partial.Content.ReadAsByteArrayAsync()).Length, Is.EqualTo(100));
            }
        }
    }

    [Test]
    public async Task The_instructor_unpublishes_a_workout_members_no_longer_see_it_and_another_instructor_gets_404()
    {
        var teacher = await SignedInInstructorAsync("Coach Publish");
        var workoutId = await WorkoutOfAsync(teacher.Id, "Unpublish me");
        var dashboard = await DashboardAsync(teacher.Visitor);
        Assert.That(dashboard.Document.QuerySelector($"#my-workouts [data-workout-id='{workoutId}']")?.TextContent, Does.Contain("Published"));

        var other = await SignedInInstructorAsync("Coach Meddler");
        var foreign = (await DashboardAsync(other.Visitor)).FormPostingTo("/account/logout").PostTo($"/workouts/{workoutId}/publish"); // published=false
        Assert.That((await other.Visitor.SubmitAsync(foreign)).StatusCode, Is.EqualTo(HttpStatusCode.NotFound));

        var after = await teacher.Visitor.FollowRedirectAsync(await teacher.Visitor.SubmitAsync(dashboard.FormPostingTo($"/workouts/{workoutId}/publish")));
        Assert.That(Flash(after), Does.Contain("is unpublished"));
        Assert.That(after.Document.QuerySelector($"#my-workouts [data-workout-id='{workoutId}']")?.TextContent, Does.Contain("Unpublished"));

        var (member, _) = await SignedInMemberAsync();
        using (member)
        {
            Assert.That((await member.GetAsync("/workouts")).Document.QuerySelector($"[data-workout-id='{workoutId}']"), Is.Null);
            Assert.That((await member.GetAsync($"/workouts/{workoutId}")).StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        }

        var own = await teacher.Visitor.GetAsync($"/workouts/{workoutId}");
        Assert.That(own.Document.QuerySelector("#unpublished"), Is.Not.Null, "its instructor still sees it");
    }

    [Test]
    public async Task An_anonymous_visitor_is_sent_to_log_in()
    {
        using var visitor = NewVisitor();

        var response = await visitor.Http.GetAsync("/workouts");

        Assert.That(PageClient.RedirectTarget(response).AbsolutePath, Is.EqualTo("/account/login"));
    }
}
