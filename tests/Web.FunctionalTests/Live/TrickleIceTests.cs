using System.Globalization;
using System.Text;
using System.Text.Json;
using Streaming.Domain.Streams;
using Streaming.Web.Hubs;

namespace Streaming.Web.FunctionalTests.Live;

/// <summary>
/// Local mode across NATs: the STUN/TURN servers of <c>Streaming:Local:IceServers</c> reach both
/// pages (TURN with credentials per user that expire), and a viewer's later candidates (WHEP
/// <c>PATCH</c>, trickle ICE) go to the broadcaster's page, only from the session's own member.
/// </summary>
public class TrickleIceTests : LiveTestBase
{
    private const string TurnSecret = "north-wind-secret";

    protected override void Configure(StreamingWebFactory factory)
    {
        factory.Settings["Streaming:Local:IceServers:0:Urls:0"] = "stun:stun.example.com:3478";
        factory.Settings["Streaming:Local:IceServers:1:Urls:0"] = "turn:turn.example.com:3478?transport=udp";
        factory.Settings["Streaming:Local:IceServers:1:Urls:1"] = "turns:turn.example.com:5349";
        factory.Settings["Streaming:Local:IceServers:2:Urls:0"] = "turn:paid-relay.example.net:80";
        factory.Settings["Streaming:Local:IceServers:2:Username"] = "fixed-user";
        factory.Settings["Streaming:Local:IceServers:2:Credential"] = "fixed-pass";
        factory.Settings["Streaming:Local:TurnSecret"] = TurnSecret;
        factory.Settings["Streaming:Local:TurnCredentialLifetime"] = "02:00:00";
    }

    [Test]
    public async Task Both_pages_get_the_servers_with_TURN_credentials_of_their_own_user_that_expire()
    {
        var owner = await SignUpAsync(instructor: true);
        var member = await SignUpAsync();
        var stream = await ScheduleAsync(owner.Id, state: StreamStatus.Live);
        await EnrollDirectlyAsync(stream.Id, member.Id);

        var watch = await IceServersOnAsync(member, $"/streams/{stream.Id}/watch", "#watch");
        var broadcast = await IceServersOnAsync(owner, $"/instructor/streams/{stream.Id}/broadcast", "#broadcast");
        var expiry = Factory.Clock.GetUtcNow().AddHours(2).ToUnixTimeSeconds();

        using (Assert.EnterMultipleScope())
        {
            Assert.That(watch[0].GetProperty("urls")[0].GetString(), Is.EqualTo("stun:stun.example.com:3478"));
            Assert.That(watch[0].TryGetProperty("username", out _), Is.False, "STUN needs no credentials");
            Assert.That(watch[1].GetProperty("urls").EnumerateArray().Select(u => u.GetString()),
                Is.EqualTo(new[] { "turn:turn.example.com:3478?transport=udp", "turns:turn.example.com:5349" }));
            Assert.That(watch[1].GetProperty("username").GetString(), Is.EqualTo($"{expiry}:{member.Id}"));
            Assert.That(watch[1].GetProperty("credential").GetString(), Is.EqualTo(BrowserIceServers.TurnCredential(TurnSecret, $"{expiry}:{member.Id}")));
            Assert.That(broadcast[1].GetProperty("username").GetString(), Is.EqualTo($"{expiry}:{owner.Id}"), "the instructor's own");
            Assert.That(watch[2].GetProperty("username").GetString(), Is.EqualTo("fixed-user"));
            Assert.That(watch[2].GetProperty("credential").GetString(), Is.EqualTo("fixed-pass"));
            Assert.That(BrowserIceServers.TurnCredential(TurnSecret, "1700000000:alice"), Is.EqualTo("r/l6ttQtMIfbS2lfULS0mDRRNUg="),
                "HMAC-SHA1, base64, as coturn's use-auth-secret checks it (computed with openssl)");
        }
    }

    [Test]
    public async Task A_page_open_for_hours_renews_its_TURN_credentials_for_its_own_user()
    {
        var owner = await SignUpAsync(instructor: true);
        var member = await SignUpAsync();
        var stream = await ScheduleAsync(owner.Id, state: StreamStatus.Live);
        await EnrollDirectlyAsync(stream.Id, member.Id);
        var watch = await member.Visitor.GetAsync($"/streams/{stream.Id}/watch");
        var broadcast = await owner.Visitor.GetAsync($"/instructor/streams/{stream.Id}/broadcast");
        var loadedAt = Factory.Clock.GetUtcNow();
        var url = $"/live/{stream.Id}/ice-servers";

        Factory.Clock.Advance(TimeSpan.FromHours(11)); // the page stayed open; its credentials ran out hours ago
        var renewed = await member.Visitor.Http.GetAsync(url);
        var renewedBody = await renewed.Content.ReadAsStringAsync();
        var instructors = await owner.Visitor.Http.GetAsync(url);
        var expiry = Factory.Clock.GetUtcNow().AddHours(2).ToUnixTimeSeconds();

        using (Assert.EnterMultipleScope())
        {
            var root = watch.Document.QuerySelector("#watch")!;
            Assert.That(root.GetAttribute("data-ice-servers-expire"), Is.EqualTo(loadedAt.AddHours(2).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture)));
            Assert.That(root.GetAttribute("data-ice-servers-url"), Is.EqualTo(url));
            Assert.That(broadcast.Document.QuerySelector("#broadcast")!.GetAttribute("data-ice-servers-url"), Is.EqualTo(url));
            Assert.That(renewed.StatusCode, Is.EqualTo(HttpStatusCode.OK), renewedBody);
            Assert.That(renewed.Headers.CacheControl?.NoStore, Is.True);
            var issued = JsonDocument.Parse(renewedBody).RootElement;
            Assert.That(issued.GetProperty("expires").GetInt64(), Is.EqualTo(expiry), "valid for the lifetime from now");
            var turn = issued.GetProperty("iceServers")[1];
            Assert.That(turn.GetProperty("username").GetString(), Is.EqualTo($"{expiry}:{member.Id}"), "the caller's own");
            Assert.That(turn.GetProperty("credential").GetString(), Is.EqualTo(BrowserIceServers.TurnCredential(TurnSecret, $"{expiry}:{member.Id}")));
            Assert.That(issued.GetProperty("iceServers")[0].TryGetProperty("username", out _), Is.False, "no null username for STUN");
            var ownersTurn = JsonDocument.Parse(await instructors.Content.ReadAsStringAsync()).RootElement.GetProperty("iceServers")[1];
            Assert.That(ownersTurn.GetProperty("username").GetString(), Is.EqualTo($"{expiry}:{owner.Id}"), "the instructor's own");
        }
    }

    [Test]
    public async Task Only_the_classs_instructor_and_enrolled_members_get_TURN_credentials_and_only_before_it_ends()
    {
        var owner = await SignUpAsync(instructor: true);
        var otherInstructor = await SignUpAsync(instructor: true);
        var member = await SignUpAsync();
        var stranger = await SignUpAsync();
        var live = await ScheduleAsync(owner.Id, state: StreamStatus.Live);
        var ended = await ScheduleAsync(owner.Id, state: StreamStatus.Live);
        await EnrollDirectlyAsync(live.Id, member.Id);
        await EnrollDirectlyAsync(ended.Id, member.Id);
        await ChangeStreamAsync(ended.Id, (s, now) => s.End(now, Streaming.Domain.Common.RetentionPolicy.Default));

        var anonymous = await NewVisitor().Http.GetAsync($"/live/{live.Id}/ice-servers");
        var notEnrolled = await stranger.Visitor.Http.GetAsync($"/live/{live.Id}/ice-servers");
        var anotherInstructor = await otherInstructor.Visitor.Http.GetAsync($"/live/{live.Id}/ice-servers");
        var unknown = await member.Visitor.Http.GetAsync($"/live/{Guid.NewGuid()}/ice-servers");
        var over = await member.Visitor.Http.GetAsync($"/live/{ended.Id}/ice-servers");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(anonymous.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
            Assert.That(anonymous.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
            Assert.That(notEnrolled.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden), "any account could use the TURN relay otherwise");
            Assert.That(anotherInstructor.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
            Assert.That(unknown.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
            Assert.That(over.StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
            foreach (var refused in new[] { notEnrolled, anotherInstructor, over })
                Assert.That(await refused.Content.ReadAsStringAsync(), Does.Not.Contain("credential"));
        }
    }

    [Test]
    [CancelAfter(60_000)]
    public async Task A_viewers_later_candidates_reach_the_broadcaster_only_from_that_viewer()
    {
        var owner = await SignUpAsync(instructor: true);
        var member = await SignUpAsync();
        var other = await SignUpAsync();
        var stream = await ScheduleAsync(owner.Id, state: StreamStatus.Live);
        await EnrollDirectlyAsync(stream.Id, member.Id);
        await EnrollDirectlyAsync(stream.Id, other.Id);
        var (broadcaster, error) = await TestBroadcaster.ConnectAsync(owner.Visitor.Http, stream.Id, SampleAnswer);
        await using var _ = broadcaster;
        Assert.That(error, Is.Null);
        var answered = await OfferAsync(member, stream.Id);
        Assert.That(answered.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        var session = answered.Headers.Location!;
        // As RFC 9725's example sends it (other WHEP players too): the bundle group, the credentials, the media section.
        const string fragment = "a=group:BUNDLE 0\r\na=ice-ufrag:EsAw\r\na=ice-pwd:P2uYro0UCOQ4zxjKXaWCBui1\r\nm=video 9 UDP/TLS/RTP/SAVPF 0\r\na=mid:0\r\n" +
                                "a=candidate:1387637174 1 udp 1677729535 203.0.113.7 61764 typ srflx raddr 192.168.1.20 rport 61764 generation 0 ufrag EsAw\r\n" +
                                "a=candidate:3 1 udp 41885695 198.51.100.9 50000 typ relay raddr 203.0.113.7 rport 61764\r\n" +
                                "a=end-of-candidates\r\n";

        var anonymous = await NewVisitor().Http.SendAsync(Patch(session, fragment));
        var wrongType = await member.Visitor.Http.SendAsync(Patch(session, fragment, "text/plain"));
        var notCandidates = await member.Visitor.Http.SendAsync(Patch(session, "a=candidate:x\r\nrm -rf /\r\n"));
        var tooLarge = await member.Visitor.Http.SendAsync(Patch(session, new string('a', TrickleFragment.MaxBytes + 1)));
        var someoneElse = await other.Visitor.Http.SendAsync(Patch(session, fragment));
        var unknown = await member.Visitor.Http.SendAsync(Patch(new Uri($"/live/{stream.Id}/whep/{Guid.NewGuid()}", UriKind.Relative), fragment));
        var relayed = await member.Visitor.Http.SendAsync(Patch(session, fragment));
        var received = await WaitForAsync(() => broadcaster.Candidates.Count > 0, () => broadcaster.Candidates.ToList());

        using (Assert.EnterMultipleScope())
        {
            Assert.That(anonymous.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
            Assert.That(wrongType.StatusCode, Is.EqualTo(HttpStatusCode.UnsupportedMediaType));
            Assert.That(notCandidates.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(await notCandidates.Content.ReadAsStringAsync(), Does.Contain("trickle-ICE fragment"));
            Assert.That(tooLarge.StatusCode, Is.EqualTo(HttpStatusCode.RequestEntityTooLarge));
            Assert.That(someoneElse.StatusCode, Is.EqualTo(HttpStatusCode.NotFound), "another member's session");
            Assert.That(unknown.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
            Assert.That(relayed.StatusCode, Is.EqualTo(HttpStatusCode.NoContent), await relayed.Content.ReadAsStringAsync());
            Assert.That(received, Has.Count.EqualTo(1), "only the member's own PATCH reached the page");
            var (sessionId, candidates, ended) = received[0];
            Assert.That(sessionId.ToString(), Is.EqualTo(session.ToString().Split('/')[^1]));
            Assert.That(candidates.EnumerateArray().Select(c => (c.GetProperty("candidate").GetString(), c.GetProperty("sdpMid").GetString())), Is.EqualTo(new[]
            {
                ("candidate:1387637174 1 udp 1677729535 203.0.113.7 61764 typ srflx raddr 192.168.1.20 rport 61764 generation 0 ufrag EsAw", "0"),
                ("candidate:3 1 udp 41885695 198.51.100.9 50000 typ relay raddr 203.0.113.7 rport 61764", "0"),
            }));
            Assert.That(ended, Is.True);
        }
    }

    private static HttpRequestMessage Patch(Uri session, string body, string type = "application/trickle-ice-sdpfrag") =>
        new(HttpMethod.Patch, session) { Content = new StringContent(body, Encoding.UTF8, type) };

    private async Task<List<JsonElement>> IceServersOnAsync(User user, string path, string selector)
    {
        var page = await user.Visitor.GetAsync(path);
        Assert.That(page.StatusCode, Is.EqualTo(HttpStatusCode.OK), path);
        var json = page.Document.QuerySelector(selector)?.GetAttribute("data-ice-servers");
        Assert.That(json, Is.Not.Null, $"{path} carries the ICE servers");
        return JsonDocument.Parse(json!).RootElement.EnumerateArray().ToList();
    }

    private static async Task<T> WaitForAsync<T>(Func<bool> condition, Func<T> value)
    {
        for (var i = 0; i < 100 && !condition(); i++) await Task.Delay(50);
        await Task.Delay(200); // anything else that might come
        return value();
    }
}
