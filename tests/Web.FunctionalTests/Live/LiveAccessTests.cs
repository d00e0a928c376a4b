using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Streaming.Domain.Streams;
using Streaming.Infrastructure.Data;

namespace Streaming.Web.FunctionalTests.Live;

/// <summary>
/// Who reaches the broadcast page, the watch page, the WHEP endpoint and the viewing sessions —
/// and that another user's ids give 404/403, never someone else's class.
/// </summary>
public class LiveAccessTests : LiveTestBase
{
    [Test]
    public async Task Broadcast_page_is_for_the_owning_instructor_only()
    {
        var owner = await SignUpAsync(instructor: true);
        var otherInstructor = await SignUpAsync(instructor: true);
        var member = await SignUpAsync();
        var stream = await ScheduleAsync(owner.Id);
        await EnrollDirectlyAsync(stream.Id, member.Id);
        var url = $"/instructor/streams/{stream.Id}/broadcast";

        var page = await owner.Visitor.GetAsync(url);
        Assert.That(page.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(page.Document.QuerySelector("#go-live"), Is.Not.Null);

        Assert.That((await otherInstructor.Visitor.GetAsync(url)).StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That((await member.Visitor.GetAsync(url)).StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        var anonymous = await NewVisitor().Http.GetAsync(url);
        Assert.That(PageClient.RedirectTarget(anonymous).AbsolutePath, Is.EqualTo("/account/login"));
    }

    [Test]
    public async Task Only_the_owner_can_go_live_and_end_and_ending_sets_the_replay_expiry()
    {
        var owner = await SignUpAsync(instructor: true);
        var otherInstructor = await SignUpAsync(instructor: true);
        var stream = await ScheduleAsync(owner.Id);
        var broadcast = $"/instructor/streams/{stream.Id}/broadcast";

        var stranger = await PostJsonAsync(otherInstructor, $"{broadcast}/live", "/streams");
        Assert.That(stranger.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That((await StreamAsync(stream.Id)).Status, Is.EqualTo(StreamStatus.Scheduled));

        var live = await PostJsonAsync(owner, $"{broadcast}/live", broadcast);
        Assert.That(live.StatusCode, Is.EqualTo(HttpStatusCode.OK), await live.Content.ReadAsStringAsync());
        Assert.That(await live.Content.ReadAsStringAsync(), Does.Contain("\"status\":\"Live\""));
        Assert.That((await PostJsonAsync(owner, $"{broadcast}/live", broadcast)).StatusCode, Is.EqualTo(HttpStatusCode.OK), "a reload resumes");

        Assert.That((await PostJsonAsync(otherInstructor, $"{broadcast}/end", "/streams")).StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Factory.Clock.Advance(TimeSpan.FromMinutes(40));
        var end = await PostJsonAsync(owner, $"{broadcast}/end", broadcast);
        Assert.That(end.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var ended = await StreamAsync(stream.Id);
        Assert.That(ended.Status, Is.EqualTo(StreamStatus.Ended));
        Assert.That(ended.EndedAt, Is.EqualTo(Factory.Clock.Now));
        Assert.That(ended.RecordingExpiresAt, Is.EqualTo(Factory.Clock.Now.AddDays(7)));

        var again = await PostJsonAsync(owner, $"{broadcast}/end", broadcast);
        Assert.That(again.StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
        Assert.That(await again.Content.ReadAsStringAsync(), Does.Contain("cannot end a class that is ended"));
    }

    [Test]
    public async Task Watch_page_admits_enrolled_members_and_the_instructor_and_sends_others_to_enroll()
    {
        var owner = await SignUpAsync(instructor: true);
        var enrolled = await SignUpAsync();
        var stranger = await SignUpAsync();
        var otherInstructor = await SignUpAsync(instructor: true);
        var stream = await ScheduleAsync(owner.Id, startsIn: TimeSpan.FromHours(3));
        await EnrollDirectlyAsync(stream.Id, enrolled.Id);
        var url = $"/streams/{stream.Id}/watch";

        var page = await enrolled.Visitor.GetAsync(url);
        Assert.That(page.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(page.Document.QuerySelector("#countdown"), Is.Not.Null, "a countdown before the start");
        Assert.That((await owner.Visitor.GetAsync(url)).StatusCode, Is.EqualTo(HttpStatusCode.OK));

        foreach (var other in new[] { stranger, otherInstructor })
        {
            var response = await other.Visitor.Http.GetAsync(url);
            Assert.That(PageClient.RedirectTarget(response).AbsolutePath, Is.EqualTo($"/streams/{stream.Id}"));
            var details = await other.Visitor.FollowRedirectAsync(response);
            Assert.That(details.Text, Does.Contain("Enroll in this class to watch it."));
        }

        Assert.That(PageClient.RedirectTarget(await NewVisitor().Http.GetAsync(url)).AbsolutePath, Is.EqualTo("/account/login"));
        Assert.That((await enrolled.Visitor.GetAsync($"/streams/{Guid.NewGuid()}/watch")).StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }

    [Test]
    public async Task After_the_end_the_watch_page_says_until_when_the_replay_lasts_or_when_it_expired()
    {
        var owner = await SignUpAsync(instructor: true);
        var member = await SignUpAsync();
        var stream = await ScheduleAsync(owner.Id);
        await EnrollDirectlyAsync(stream.Id, member.Id);
        await ChangeStreamAsync(stream.Id, (s, now) =>
        {
            s.GoLive(now);
            s.End(now, Streaming.Domain.Common.RetentionPolicy.Default);
        });
        var url = $"/streams/{stream.Id}/watch";

        var page = await member.Visitor.GetAsync(url);
        Assert.That(page.Document.QuerySelector("#replay-message")!.TextContent, Does.Contain("nothing was recorded"),
            "no chunk was uploaded: no replay (ReplayWatchTests covers the replay itself)");

        Factory.Clock.Advance(TimeSpan.FromDays(8));
        try
        {
            page = await member.Visitor.GetAsync(url);
            var message = page.Document.QuerySelector("#replay-message")!.TextContent;
            Assert.That(message, Does.Contain("The replay was available until"));
            Assert.That(page.Document.QuerySelector("#replay-message time")!.GetAttribute("datetime"),
                Is.EqualTo((await StreamAsync(stream.Id)).RecordingExpiresAt!.Value.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ")));
        }
        finally
        {
            Factory.Clock.Advance(TimeSpan.FromDays(-8));
        }
    }

    [Test]
    public async Task Whep_offers_are_refused_with_clear_problems()
    {
        var owner = await SignUpAsync(instructor: true);
        var member = await SignUpAsync();
        var stranger = await SignUpAsync();
        var stream = await ScheduleAsync(owner.Id);
        await EnrollDirectlyAsync(stream.Id, member.Id);

        var anonymous = await NewVisitor().Http.PostAsync($"/live/{stream.Id}/whep", new StringContent(SampleOffer, System.Text.Encoding.UTF8, "application/sdp"));
        Assert.That(anonymous.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));

        var notLive = await OfferAsync(member, stream.Id);
        Assert.That(notLive.StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
        Assert.That(await notLive.Content.ReadAsStringAsync(), Does.Contain("not live"));

        await ChangeStreamAsync(stream.Id, (s, now) => s.GoLive(now));
        Assert.That((await OfferAsync(stranger, stream.Id)).StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        Assert.That((await OfferAsync(member, stream.Id, contentType: "text/plain")).StatusCode, Is.EqualTo(HttpStatusCode.UnsupportedMediaType));
        Assert.That((await OfferAsync(member, stream.Id, body: "hello")).StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That((await OfferAsync(member, stream.Id, body: "v=0\r\nm=" + new string('a', 70_000))).StatusCode, Is.EqualTo(HttpStatusCode.RequestEntityTooLarge));

        var noBroadcaster = await OfferAsync(member, stream.Id);
        Assert.That(noBroadcaster.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable));
        Assert.That(noBroadcaster.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
        Assert.That(await noBroadcaster.Content.ReadAsStringAsync(), Does.Contain("camera is not connected"));
        Assert.That(noBroadcaster.Headers.RetryAfter, Is.Not.Null);
    }

    [Test]
    public async Task Viewing_sessions_track_peak_viewers_and_belong_to_their_member()
    {
        var owner = await SignUpAsync(instructor: true);
        var first = await SignUpAsync();
        var second = await SignUpAsync();
        var stranger = await SignUpAsync();
        var stream = await ScheduleAsync(owner.Id, state: StreamStatus.Live);
        await EnrollDirectlyAsync(stream.Id, first.Id);
        await EnrollDirectlyAsync(stream.Id, second.Id);
        var watch = $"/streams/{stream.Id}/watch";

        var joined = await PostJsonAsync(first, $"{watch}/sessions?mode=Live", watch);
        Assert.That(joined.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var firstSession = System.Text.Json.JsonDocument.Parse(await joined.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetGuid();
        Assert.That((await PostJsonAsync(second, $"{watch}/sessions?mode=Live", watch)).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That((await StreamAsync(stream.Id)).PeakViewers, Is.EqualTo(2));

        Assert.That((await PostJsonAsync(stranger, $"{watch}/sessions?mode=Live", "/streams")).StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        Assert.That((await PostJsonAsync(second, $"{watch}/sessions/{firstSession}/heartbeat", watch)).StatusCode, Is.EqualTo(HttpStatusCode.NotFound),
            "another member's session id");

        Factory.Clock.Advance(TimeSpan.FromSeconds(15));
        Assert.That((await PostJsonAsync(first, $"{watch}/sessions/{firstSession}/heartbeat", watch)).StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        Assert.That((await PostJsonAsync(first, $"{watch}/sessions/{firstSession}/leave", watch)).StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        var session = await InScopeAsync(sp => sp.GetRequiredService<ApplicationDbContext>().ViewerSessions.AsNoTracking().SingleAsync(v => v.Id == firstSession));
        Assert.That(session.LastSeenAt, Is.EqualTo(Factory.Clock.Now));
        Assert.That(session.LeftAt, Is.EqualTo(Factory.Clock.Now));
        Assert.That((await PostJsonAsync(first, $"{watch}/sessions/{firstSession}/heartbeat", watch)).StatusCode, Is.EqualTo(HttpStatusCode.Conflict),
            "a closed session takes no heartbeat");
        Assert.That((await StreamAsync(stream.Id)).PeakViewers, Is.EqualTo(2), "the peak stays");
    }

    [Test]
    public async Task The_broadcast_pages_viewer_count_counts_watching_members_and_is_for_the_owner_only()
    {
        var owner = await SignUpAsync(instructor: true);
        var otherInstructor = await SignUpAsync(instructor: true);
        var first = await SignUpAsync();
        var second = await SignUpAsync();
        var stream = await ScheduleAsync(owner.Id, state: StreamStatus.Live);
        await EnrollDirectlyAsync(stream.Id, first.Id);
        await EnrollDirectlyAsync(stream.Id, second.Id);
        var watch = $"/streams/{stream.Id}/watch";
        var viewers = $"/instructor/streams/{stream.Id}/broadcast/viewers";

        async Task<int> WatchingAsync()
        {
            var response = await owner.Visitor.Http.GetAsync(viewers);
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
            return System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("watching").GetInt32();
        }

        Assert.That(await WatchingAsync(), Is.Zero);
        var joined = await PostJsonAsync(first, $"{watch}/sessions?mode=Live", watch);
        var firstSession = System.Text.Json.JsonDocument.Parse(await joined.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetGuid();
        await PostJsonAsync(second, $"{watch}/sessions?mode=Live", watch);
        Assert.That(await WatchingAsync(), Is.EqualTo(2));

        await PostJsonAsync(first, $"{watch}/sessions/{firstSession}/leave", watch);
        Assert.That(await WatchingAsync(), Is.EqualTo(1), "a member who left no longer counts");
        Factory.Clock.Advance(TimeSpan.FromSeconds(46));
        Assert.That(await WatchingAsync(), Is.Zero, "nor does one silent for longer than three heartbeats");

        Assert.That((await otherInstructor.Visitor.Http.GetAsync(viewers)).StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That((await first.Visitor.Http.GetAsync(viewers)).StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        var anonymous = await NewVisitor().Http.GetAsync(viewers);
        Assert.That(PageClient.RedirectTarget(anonymous).AbsolutePath, Is.EqualTo("/account/login"));
    }
}
