using Streaming.Domain.Streams;
using Streaming.TestSupport.Live.Cloudflare;

namespace Streaming.Web.FunctionalTests.Live.Cloudflare;

/// <summary>
/// Cloudflare mode: scheduling a class creates its live input (or, if Cloudflare fails, shows why
/// and keeps no class), deleting the class deletes the input, the broadcast and watch pages get the
/// WHIP and WHEP URLs — the WHIP URL on the owner's broadcast page only.
/// </summary>
public class CloudflareInputTests : CloudflareTestBase
{
    [Test]
    public async Task Scheduling_a_class_creates_and_stores_its_live_input()
    {
        var coach = await SignUpAsync(instructor: true);

        var id = CreatedId(await ScheduleThroughFormAsync(coach, "Cloudflare flow"));

        var created = Api.Inputs.Single();
        var stored = await InputAsync(id);
        Assert.That(stored, Is.Not.Null);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(created.Name, Is.EqualTo("Cloudflare flow"));
            Assert.That(created.StreamId, Is.EqualTo(id.ToString()));
            Assert.That(created.RecordingMode, Is.EqualTo("off"), "Cloudflare does not record WHIP inputs");
            Assert.That(stored!.Provider, Is.EqualTo("Cloudflare"));
            Assert.That(stored.InputId, Is.EqualTo(created.Uid));
            Assert.That(stored.PublishUrl, Is.EqualTo(FakeCloudflareApi.WhipUrlOf(created.Uid)));
            Assert.That(stored.PlaybackUrl, Is.EqualTo(FakeCloudflareApi.WhepUrlOf(created.Uid)));
            Assert.That(Api.Requests.Single().Header("Authorization"), Is.EqualTo($"Bearer {FakeCloudflareApi.ApiToken}"));
        }
    }

    [TestCase(CloudflareFailure.SuccessFalse, "Cloudflare did not create the live input: Live input quota exceeded for this account. (error 10005)")]
    [TestCase(CloudflareFailure.Unauthorized, "Cloudflare did not create the live input: Cloudflare refused the app's credentials (HTTP 401).")]
    [TestCase(CloudflareFailure.InternalServerError, "Cloudflare did not create the live input: Cloudflare had a problem on its side (HTTP 500).")]
    [TestCase(CloudflareFailure.MalformedJson, "Cloudflare did not create the live input: Cloudflare's answer could not be read.")]
    // No answer at all: CloudflareTimeoutTests, whose app waits for Cloudflare only briefly.
    public Task A_Cloudflare_failure_is_shown_on_the_form_and_no_class_remains(CloudflareFailure failure, string message) =>
        AssertFailedSchedulingAsync(failure, message);

    [Test]
    public async Task Deleting_a_class_deletes_its_live_input_and_a_failure_keeps_the_class()
    {
        var coach = await SignUpAsync(instructor: true);
        var id = CreatedId(await ScheduleThroughFormAsync(coach, "To be deleted"));
        var uid = Api.Inputs.Single().Uid;

        Api.FailNext(1, CloudflareFailure.BadGateway);
        var refused = await DeleteAsync(coach, id);
        Assert.That(refused.Document.QuerySelector("#flash-error")?.TextContent,
            Does.Contain("Cloudflare did not list the live input's videos: Cloudflare had a problem on its side (HTTP 502)."));
        Assert.That(await StreamAsync(id), Is.Not.Null, "the class stays");
        Assert.That(await InputAsync(id), Is.Not.Null);

        var deleted = await DeleteAsync(coach, id);
        Assert.That(deleted.Document.QuerySelector("#flash")?.TextContent, Does.Contain("\"To be deleted\" is deleted."));
        Assert.That(Api.Inputs, Is.Empty);
        Assert.That(Api.Requests.Any(r => r.Method == "DELETE" && r.Path.EndsWith($"/live_inputs/{uid}", StringComparison.Ordinal)), Is.True);
        Assert.That(await StreamsTitledAsync("To be deleted"), Is.Empty);
        Assert.That(await InputAsync(id), Is.Null);
    }

    [Test]
    public async Task The_WHIP_url_appears_on_the_owners_broadcast_page_only()
    {
        var owner = await SignUpAsync(instructor: true);
        var otherInstructor = await SignUpAsync(instructor: true);
        var member = await SignUpAsync();
        var id = CreatedId(await ScheduleThroughFormAsync(owner, "Secret keeper"));
        await EnrollDirectlyAsync(id, member.Id);
        var input = (await InputAsync(id))!;
        var whip = input.PublishUrl;
        var secretPart = new Uri(whip).AbsolutePath.Split('/')[1];

        var broadcast = await owner.Visitor.GetAsync($"/instructor/streams/{id}/broadcast");
        Assert.That(broadcast.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(broadcast.Document.QuerySelector("#broadcast")?.GetAttribute("data-whip-url"), Is.EqualTo(whip));
        Assert.That(broadcast.Document.QuerySelector("#broadcast")?.GetAttribute("data-provider"), Is.EqualTo("Cloudflare"));

        var watch = await member.Visitor.GetAsync($"/streams/{id}/watch");
        Assert.That(watch.Document.QuerySelector("#watch")?.GetAttribute("data-whep-url"), Is.EqualTo(input.PlaybackUrl), "viewers play the WHEP URL");
        Assert.That(watch.Document.QuerySelector("#watch")?.GetAttribute("data-ice-servers-url"), Is.Null.Or.Empty, "the edge's ICE, not ours");
        Assert.That((await member.Visitor.Http.GetAsync($"/live/{id}/ice-servers")).StatusCode, Is.EqualTo(HttpStatusCode.NotFound));

        var pages = new (User Who, string Url)[]
        {
            (owner, $"/streams/{id}/watch"), (owner, $"/streams/{id}"), (owner, "/instructor/streams"), (owner, $"/instructor/streams/{id}/edit"),
            (owner, "/streams"), (member, $"/streams/{id}/watch"), (member, $"/streams/{id}"), (member, "/me/classes"), (member, "/streams"),
            (member, $"/streams/{id}/watch/status"), (otherInstructor, "/instructor/streams"), (otherInstructor, $"/streams/{id}"),
            (otherInstructor, $"/instructor/streams/{id}/broadcast"), (otherInstructor, $"/streams/{id}/watch"),
        };
        foreach (var (who, url) in pages)
        {
            using var response = await who.Visitor.Http.GetAsync(url);
            var body = await response.Content.ReadAsStringAsync();
            Assert.That(body, Does.Not.Contain(secretPart), $"{url} as {who.Email} ({(int)response.StatusCode})");
        }
        var anonymous = await NewVisitor().Http.GetStringAsync($"/streams/{id}");
        Assert.That(anonymous, Does.Not.Contain(secretPart));
    }

    [Test]
    public async Task The_content_security_policy_lets_the_browser_reach_Cloudflare_Stream()
    {
        using var response = await NewVisitor().Http.GetAsync("/streams");
        var csp = string.Join(",", response.Headers.GetValues("Content-Security-Policy"));
        Assert.That(csp, Does.Contain($"connect-src 'self' ws: wss: https://customer-{FakeCloudflareApi.CustomerCode}.cloudflarestream.com;"));
        Assert.That(csp, Does.Contain("default-src 'self'").And.Contain("script-src 'self'"));
    }

    [Test]
    public async Task A_class_without_a_live_input_gets_one_from_its_broadcast_page()
    {
        var owner = await SignUpAsync(instructor: true);
        var other = await SignUpAsync(instructor: true);
        var stream = await ScheduleAsync(owner.Id, title: "Made before the switch");
        var url = $"/instructor/streams/{stream.Id}/broadcast";

        var page = await owner.Visitor.GetAsync(url);
        Assert.That(page.Document.QuerySelector("#missing-input"), Is.Not.Null);
        Assert.That(page.Document.QuerySelector("#broadcast")?.GetAttribute("data-whip-url"), Is.Null.Or.Empty);

        var stranger = await other.Visitor.SubmitAsync(TokenFormPostingTo(await other.Visitor.GetAsync("/streams"), $"{url}/input"));
        Assert.That(stranger.StatusCode, Is.EqualTo(HttpStatusCode.NotFound), "another instructor cannot create it");
        Assert.That(await InputAsync(stream.Id), Is.Null);

        var response = await owner.Visitor.SubmitAsync(page.FormPostingTo($"{url}/input"));
        Assert.That(PageClient.RedirectTarget(response).AbsolutePath, Is.EqualTo(url));
        var input = await InputAsync(stream.Id);
        Assert.That(input?.InputId, Is.EqualTo(Api.Inputs.Single().Uid));
        var after = await owner.Visitor.FollowRedirectAsync(response);
        Assert.That(after.Document.QuerySelector("#broadcast")?.GetAttribute("data-whip-url"), Is.EqualTo(input!.PublishUrl));

        await owner.Visitor.SubmitAsync(page.FormPostingTo($"{url}/input"));
        Assert.That(Api.Inputs, Has.Count.EqualTo(1), "a second click creates no second input");
    }

    private static async Task<HtmlPage> DeleteAsync(User instructor, Guid id)
    {
        var confirm = await instructor.Visitor.GetAsync($"/instructor/streams/{id}/delete");
        var response = await instructor.Visitor.SubmitAsync(confirm.FormPostingTo($"/instructor/streams/{id}/delete"));
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        return await instructor.Visitor.FollowRedirectAsync(response);
    }
}
