using System.Net.Http.Headers;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Streaming.Domain.Recordings;
using Streaming.Infrastructure.Data;
using Streaming.TestSupport.Recordings;

namespace Streaming.Web.FunctionalTests.Recordings;

/// <summary>
/// "Anyone with the link": the owner opens a recording or clip to people without an account (an
/// unguessable link, optional expiry, turned off at will); the link's page plays it with Open Graph
/// and Twitter card tags and a preview frame; a turned-off or expired link answers 410, never the video.
/// </summary>
public class SharedLinkTests : RecordingsTestBase
{
    private byte[] _video = null!;
    private PageClient _owner = null!;
    private string _ownerId = null!;
    private PageClient _other = null!;
    private PageClient _anonymous = null!;

    [OneTimeSetUp]
    public async Task SetUpAsync()
    {
        var path = Path.Combine(BlobRoot, "source.mp4");
        await TestMedia.CreateVideoAsync(path, 12, keyframeInterval: 25, size: 160);
        _video = await File.ReadAllBytesAsync(path);
        (_owner, _ownerId) = await UserAsync("owner");
        (_other, _) = await UserAsync("other");
        _anonymous = NewVisitor();
    }

    [OneTimeTearDown]
    public void DisposeVisitors()
    {
        _owner?.Dispose();
        _other?.Dispose();
        _anonymous?.Dispose();
    }

    private async Task<Guid> MeetingAsync(string name = "Quarterly review") =>
        await AddMeetingAsync(_ownerId, Products.TipJar, name, await StoreAsync(_video), duration: 12, size: _video.Length);

    /// <summary>The owner makes the recording public from its share page; returns the page afterwards.</summary>
    private static async Task<HtmlPage> ShareAsync(PageClient owner, string type, Guid id, string expiresInDays = "7")
    {
        var form = (await owner.GetAsync($"/recordings/share/{type}/{id}")).Form("#make-public, #change-expiry").Set("expiresInDays", expiresInDays);
        var response = await owner.SubmitAsync(form);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), (await HtmlPage.ReadAsync(response)).ToString());
        return await owner.FollowRedirectAsync(response);
    }

    private static string PublicLink(HtmlPage page) =>
        page.Document.QuerySelector<IHtmlInputElement>("#public-link")?.Value ?? throw new AssertionException($"No public link on {page}");

    private static string PathOf(string url) => new Uri(url).PathAndQuery;

    private static string? Meta(HtmlPage page, string key) =>
        page.Document.QuerySelector($"meta[property='{key}'], meta[name='{key}']")?.GetAttribute("content");

    [Test]
    public async Task A_private_recording_offers_a_link_for_anyone_and_no_facebook_button()
    {
        var meeting = await MeetingAsync();

        var page = await _owner.GetAsync($"/recordings/share/meet/{meeting}");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(page.Document.QuerySelector("#share-state")?.TextContent, Does.Contain("Private"));
            Assert.That(page.Document.QuerySelector("#make-public"), Is.Not.Null);
            Assert.That(page.Document.QuerySelector("#share-facebook"), Is.Null, "Facebook would post a link nobody else can open");
            Assert.That(page.Document.QuerySelector("[data-copy-link]")?.GetAttribute("data-copy-link"), Is.EqualTo($"http://localhost/recordings/share/meet/{meeting}"));
        }
    }

    [Test]
    public async Task Anyone_with_the_link_plays_the_video_and_link_previews_get_open_graph_tags_and_a_frame()
    {
        var meeting = await MeetingAsync("Launch party");

        var owner = await ShareAsync(_owner, "meet", meeting);
        var link = PublicLink(owner);
        var page = await _anonymous.GetAsync(PathOf(link));
        var asMember = await _other.GetAsync(PathOf(link));
        var preview = await _anonymous.Http.GetAsync(PathOf(Meta(page, "og:image")!));
        using var range = new HttpRequestMessage(HttpMethod.Get, PathOf(Meta(page, "og:video")!));
        range.Headers.Range = new RangeHeaderValue(0, 99);
        var video = await _anonymous.Http.SendAsync(range);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(link, Does.Match("^http://localhost/shared/[A-Za-z0-9_-]{43}$"), "an unguessable token");
            Assert.That(owner.Document.QuerySelector("#share-state")?.TextContent, Does.Contain("Anyone with the link").And.Contain("until"));
            Assert.That(owner.Document.QuerySelector("#share-facebook")?.GetAttribute("href"),
                Is.EqualTo($"https://www.facebook.com/sharer/sharer.php?u={Uri.EscapeDataString(link)}"), "Facebook gets the public link");
            Assert.That(page.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(asMember.StatusCode, Is.EqualTo(HttpStatusCode.OK), "another member, not only anonymous visitors");
            Assert.That(page.Document.QuerySelector("h1")?.TextContent, Is.EqualTo("Launch party"));
            Assert.That(page.Document.QuerySelector("video#shared-player")?.GetAttribute("src"), Is.EqualTo($"{PathOf(link)}/video"));
            Assert.That(page.Response.Headers.GetValues("X-Robots-Tag"), Does.Contain("noindex"));
            Assert.That(Meta(page, "og:title"), Is.EqualTo("Launch party"));
            Assert.That(Meta(page, "og:url"), Is.EqualTo(link));
            Assert.That(Meta(page, "og:type"), Is.EqualTo("video.other"));
            Assert.That(Meta(page, "og:image"), Is.EqualTo($"{link}/preview.jpg"), "absolute, as crawlers need");
            Assert.That(Meta(page, "og:video"), Is.EqualTo($"{link}/video"));
            Assert.That(Meta(page, "og:video:type"), Is.EqualTo("video/mp4"));
            Assert.That(Meta(page, "og:video:secure_url"), Is.Null, "only for https links");
            Assert.That(Meta(page, "twitter:card"), Is.EqualTo("summary_large_image"));
            Assert.That(Meta(page, "twitter:image"), Is.EqualTo($"{link}/preview.jpg"));
            Assert.That(preview.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(preview.Content.Headers.ContentType?.MediaType, Is.EqualTo("image/jpeg"));
            Assert.That(TestImages.IsJpeg(await preview.Content.ReadAsByteArrayAsync()), Is.True, "a frame captured by FFmpeg");
            Assert.That(video.StatusCode, Is.EqualTo(HttpStatusCode.PartialContent));
            Assert.That(await video.Content.ReadAsByteArrayAsync(), Is.EqualTo(_video.Take(100).ToArray()));
        }
    }

    [Test]
    public async Task Turning_the_link_off_stops_the_page_the_video_and_the_preview_for_good()
    {
        var meeting = await MeetingAsync();
        var link = PublicLink(await ShareAsync(_owner, "meet", meeting));
        Assert.That((await _anonymous.Http.GetAsync($"{PathOf(link)}/video")).StatusCode, Is.EqualTo(HttpStatusCode.OK));

        var after = await _owner.FollowRedirectAsync(await _owner.SubmitAsync(
            (await _owner.GetAsync($"/recordings/share/meet/{meeting}")).Form("#stop-sharing")));
        var page = await _anonymous.GetAsync(PathOf(link));
        var video = await _anonymous.Http.GetAsync($"{PathOf(link)}/video");
        var preview = await _anonymous.Http.GetAsync($"{PathOf(link)}/preview.jpg");
        var again = PublicLink(await ShareAsync(_owner, "meet", meeting));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(after.Text, Does.Contain("The link is turned off."));
            Assert.That(after.Document.QuerySelector("#share-state")?.TextContent, Does.Contain("Private"));
            Assert.That(page.StatusCode, Is.EqualTo(HttpStatusCode.Gone));
            Assert.That(page.Document.QuerySelector("h1")?.TextContent, Is.EqualTo("This link no longer works"));
            Assert.That(page.Text, Does.Contain("This link was turned off by the person who shared it."));
            Assert.That(page.Html, Does.Not.Contain("<video"));
            Assert.That(video.StatusCode, Is.EqualTo(HttpStatusCode.Gone), "never the video");
            Assert.That(video.Content.Headers.ContentType?.MediaType, Is.Not.EqualTo("video/mp4"));
            Assert.That(preview.StatusCode, Is.EqualTo(HttpStatusCode.Gone));
            Assert.That(again, Is.Not.EqualTo(link), "sharing again makes a new link; the old one stays dead");
            Assert.That((await _anonymous.Http.GetAsync(PathOf(link))).StatusCode, Is.EqualTo(HttpStatusCode.Gone));
            Assert.That((await _anonymous.Http.GetAsync(PathOf(again))).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        }
    }

    [Test]
    public async Task A_link_stops_at_its_expiry_and_the_owner_page_says_so()
    {
        var meeting = await MeetingAsync();
        var start = Factory.Clock.Now;
        try
        {
            var link = PublicLink(await ShareAsync(_owner, "meet", meeting, expiresInDays: "1"));
            Factory.Clock.Advance(TimeSpan.FromHours(23));
            var before = await _anonymous.Http.GetAsync(PathOf(link));
            Factory.Clock.Advance(TimeSpan.FromHours(1));

            var page = await _anonymous.GetAsync(PathOf(link));
            var video = await _anonymous.Http.GetAsync($"{PathOf(link)}/video");
            var owner = await _owner.GetAsync($"/recordings/share/meet/{meeting}");

            using (Assert.EnterMultipleScope())
            {
                Assert.That(before.StatusCode, Is.EqualTo(HttpStatusCode.OK));
                Assert.That(page.StatusCode, Is.EqualTo(HttpStatusCode.Gone));
                Assert.That(page.Text, Does.Contain("This link expired on 11 January 2030, 09:00 UTC."));
                Assert.That(video.StatusCode, Is.EqualTo(HttpStatusCode.Gone));
                Assert.That(owner.Document.QuerySelector("#share-state")?.TextContent, Does.Contain("Private").And.Contain("The last link expired on"));
            }

            var renewed = PublicLink(await ShareAsync(_owner, "meet", meeting, expiresInDays: ""));
            Assert.That(renewed, Is.Not.EqualTo(link), "an expired link is replaced, not revived");
            Assert.That((await _anonymous.Http.GetAsync(PathOf(renewed))).StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That((await _anonymous.Http.GetAsync(PathOf(link))).StatusCode, Is.EqualTo(HttpStatusCode.Gone));
        }
        finally
        {
            Factory.Clock.Now = start;
        }
    }

    [Test]
    public async Task Changing_the_expiry_keeps_the_same_link()
    {
        var meeting = await MeetingAsync();
        var first = await ShareAsync(_owner, "meet", meeting, expiresInDays: "1");

        var changed = await ShareAsync(_owner, "meet", meeting, expiresInDays: "");

        Assert.That(PublicLink(changed), Is.EqualTo(PublicLink(first)));
        Assert.That(changed.Document.QuerySelector("#share-state")?.TextContent, Does.Contain("until you turn it off"));
    }

    [Test]
    public async Task Sharing_from_two_tabs_at_once_makes_one_link()
    {
        var meeting = await MeetingAsync();
        var form = (await _owner.GetAsync($"/recordings/share/meet/{meeting}")).Form("#make-public");

        var answers = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => _owner.SubmitAsync(form)));
        var working = await InScopeAsync(sp => sp.GetRequiredService<ApplicationDbContext>().RecordingShares
            .CountAsync(s => s.ItemId == meeting && s.RevokedAt == null));

        Assert.That(answers.Select(a => a.StatusCode), Is.All.EqualTo(HttpStatusCode.Redirect));
        Assert.That(working, Is.EqualTo(1));
    }

    [TestCase("0")]
    [TestCase("366")]
    [TestCase("-3")]
    public async Task An_expiry_out_of_range_is_refused_with_a_message(string days)
    {
        var meeting = await MeetingAsync();

        var page = await ShareAsync(_owner, "meet", meeting, expiresInDays: days);

        Assert.That(page.Text, Does.Contain("A link lasts from 1 to 365 days, or until you turn it off."));
        Assert.That(page.Document.QuerySelector("#public-link"), Is.Null);
    }

    [Test]
    public async Task Only_who_may_see_a_recording_can_share_it_or_turn_its_link_off()
    {
        var meeting = await MeetingAsync();
        var link = PublicLink(await ShareAsync(_owner, "meet", meeting));
        var token = (await _owner.GetAsync($"/recordings/share/meet/{meeting}")).Form("#stop-sharing").AntiforgeryToken!;

        // Another member posts to the owner's recording with their own antiforgery token.
        var otherForm = (await _other.GetAsync("/me/profile")).Form("#profile-form");
        var share = await _other.SubmitAsync(otherForm.PostTo($"/recordings/share/meet/{meeting}/link"));
        var stop = await _other.SubmitAsync(otherForm.PostTo($"/recordings/share/meet/{meeting}/link/stop"));
        var anonymous = await _anonymous.Http.PostAsync($"/recordings/share/meet/{meeting}/link/stop", new FormUrlEncodedContent([]));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(token, Is.Not.Null);
            Assert.That(share.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
            Assert.That(stop.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
            Assert.That(anonymous.StatusCode, Is.AnyOf(HttpStatusCode.Redirect, HttpStatusCode.BadRequest), "sign-in (or antiforgery) first");
            Assert.That((await _anonymous.Http.GetAsync(PathOf(link))).StatusCode, Is.EqualTo(HttpStatusCode.OK), "the link still works");
        }
    }

    [Test]
    public async Task A_super_admin_shares_a_voice_call_as_audio_without_a_video_tag_or_preview()
    {
        var call = await AddCallAsync(_ownerId, Products.M10, "Sam and Alex", await StoreAsync(_video, ".m4a"), duration: 12);
        var (admin, _) = await AdminAsync();
        using (admin)
        {
            var link = PublicLink(await ShareAsync(admin, "voice", call));

            var page = await _anonymous.GetAsync(PathOf(link));

            using (Assert.EnterMultipleScope())
            {
                Assert.That(page.StatusCode, Is.EqualTo(HttpStatusCode.OK));
                Assert.That(page.Document.QuerySelector("audio#shared-player"), Is.Not.Null);
                Assert.That(Meta(page, "og:video"), Is.Null);
                Assert.That(Meta(page, "og:image"), Is.Null);
                Assert.That(Meta(page, "twitter:card"), Is.EqualTo("summary"));
            }
        }
    }

    [Test]
    public async Task A_shared_clip_that_is_deleted_stops_its_link()
    {
        var meeting = await MeetingAsync();
        var clip = await AddClipAsync(_ownerId, meeting, Products.TipJar, await StoreAsync(_video));
        var link = PublicLink(await ShareAsync(_owner, "clip", clip));
        Assert.That((await _anonymous.Http.GetAsync(PathOf(link))).StatusCode, Is.EqualTo(HttpStatusCode.OK));

        var list = await _owner.GetAsync("/recordings");
        var delete = list.Document.QuerySelector($"li[data-clip='{clip}'] form")!;
        await _owner.SubmitAsync(new HtmlForm((IHtmlFormElement)delete, list.Url));

        Assert.That((await _anonymous.Http.GetAsync(PathOf(link))).StatusCode, Is.EqualTo(HttpStatusCode.Gone));
        var revoked = await InScopeAsync(sp => sp.GetRequiredService<ApplicationDbContext>().RecordingShares.AnyAsync(s => s.ItemId == clip && s.RevokedAt == null));
        Assert.That(revoked, Is.False);
    }

    [Test]
    public async Task Deleting_the_account_turns_off_every_link_it_shared()
    {
        var (leaver, leaverId) = await UserAsync("leaver");
        using (leaver)
        {
            var meeting = await AddMeetingAsync(leaverId, Products.TipJar, "Leaving party", await StoreAsync(_video), duration: 12, size: _video.Length);
            var link = PublicLink(await ShareAsync(leaver, "meet", meeting));
            Assert.That((await _anonymous.Http.GetAsync(PathOf(link))).StatusCode, Is.EqualTo(HttpStatusCode.OK));
            var preview = await InScopeAsync(sp => sp.GetRequiredService<ApplicationDbContext>().RecordingShares
                .Where(s => s.ItemId == meeting).Select(s => s.PreviewPath).SingleAsync());
            Assert.That(preview is not null && File.Exists(Path.Combine(BlobRoot, preview)), Is.True, "the link has a preview frame to delete");

            var form = (await leaver.GetAsync("/account/security/delete")).Form().Set("Password", Password).Set("Confirmation", "DELETE");
            Assert.That(PageClient.RedirectTarget(await leaver.SubmitAsync(form)).AbsolutePath, Is.EqualTo("/"));

            var page = await _anonymous.GetAsync(PathOf(link));
            using (Assert.EnterMultipleScope())
            {
                Assert.That(page.StatusCode, Is.EqualTo(HttpStatusCode.Gone));
                Assert.That((await _anonymous.Http.GetAsync($"{PathOf(link)}/video")).StatusCode, Is.EqualTo(HttpStatusCode.Gone), "never the video");
                Assert.That(File.Exists(Path.Combine(BlobRoot, preview!)), Is.False, "the preview frame is deleted");
            }
        }
    }

    [Test]
    public async Task The_recordings_list_marks_shared_items_and_copies_their_public_link()
    {
        var meeting = await MeetingAsync("Listed and shared");
        var link = PublicLink(await ShareAsync(_owner, "meet", meeting));

        var list = await _owner.GetAsync("/recordings");
        var row = list.Document.QuerySelector($"[data-recording='meet-{meeting}']")!;

        Assert.That(row.QuerySelector(".shared-badge")?.TextContent, Is.EqualTo("Anyone with the link"));
        Assert.That(row.QuerySelector("[data-copy-link]")?.GetAttribute("data-copy-link"), Is.EqualTo(link));
    }

    [TestCase("not-a-token")]
    [TestCase("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    public async Task An_unknown_link_is_a_404(string token)
    {
        var page = await _anonymous.GetAsync($"/shared/{token}");
        var video = await _anonymous.Http.GetAsync($"/shared/{token}/video");

        Assert.That(page.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(video.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }

    [Test]
    public async Task A_recording_of_a_hidden_product_cannot_be_shared()
    {
        var hidden = await AddMeetingAsync(_ownerId, Products.DJDash, "Hidden", await StoreAsync(_video), duration: 12);

        var response = await _owner.Http.GetAsync($"/recordings/share/meet/{hidden}");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }
}
