using System.Collections.Concurrent;
using System.Net;
using Streaming.Domain.Users;
using Streaming.Web.BrowserTests.Support;

namespace Streaming.Web.BrowserTests;

/// <summary>
/// Local mode with a STUN server configured (<c>Streaming:Local:IceServers</c>), here one that
/// plays a NAT: both pages gather a public (server-reflexive) candidate from it; the instructor's
/// answer carries its own, and the member's, found after the offer, reach the instructor's page
/// through the app (WHEP PATCH, trickle ICE). The member still sees the class.
/// </summary>
public class NatTraversalJourneyTests : LiveBrowserTestBase
{
    private static readonly IPAddress PublicAddress = IPAddress.Parse("203.0.113.77");
    private readonly StunServer _stun = new(PublicAddress);

    protected override Task ConfigureAsync(StreamingWebFactory factory)
    {
        factory.Settings["Streaming:Local:IceServers:0:Urls:0"] = _stun.Url;
        return Task.CompletedTask;
    }

    [OneTimeTearDown]
    public async Task StopStunAsync() => await _stun.DisposeAsync();

    [Test]
    public async Task With_a_STUN_server_both_sides_learn_each_others_public_address_and_the_member_watches()
    {
        var instructorEmail = $"coach-{Guid.NewGuid():N}@example.test";
        var memberEmail = $"member-{Guid.NewGuid():N}@example.test";
        var instructorId = await CreateUserAsync(instructorEmail, "Coach Nat", Roles.Instructor);
        var memberId = await CreateUserAsync(memberEmail, "Member Nat", Roles.Member);
        var streamId = await ScheduleWithEnrollmentAsync(instructorId, memberId, "Sunrise yoga (behind a NAT)");

        var problems = new ConcurrentQueue<string>();
        var (broadcasterContext, broadcaster) = await SignedInPageAsync(instructorEmail, problems, "broadcaster");
        var (viewerContext, viewer) = await SignedInPageAsync(memberEmail, problems, "viewer");
        await using var _ = Chromium.ClosesAtEnd(broadcasterContext);
        await using var __ = Chromium.ClosesAtEnd(viewerContext);
        await Chromium.RunJourneyAsync(viewer, problems, async () =>
        {
            await broadcaster.GotoAsync($"/instructor/streams/{streamId}/broadcast");
            await Assertions.Expect(broadcaster.Locator("#go-live")).ToBeEnabledAsync(new() { Timeout = 30_000 });
            broadcaster.Dialog += async (_, dialog) => await dialog.AcceptAsync(); // "scheduled later: go live anyway?"
            await broadcaster.Locator("#go-live").ClickAsync();
            await Assertions.Expect(broadcaster.Locator("#connection-state")).ToHaveAttributeAsync("data-state", "Connected", new() { Timeout = 30_000 });

            await viewer.GotoAsync($"/streams/{streamId}/watch");
            await Assertions.Expect(viewer.Locator("#player-state")).ToHaveTextAsync("Live", new() { Timeout = 30_000 });
            await WaitUntilAsync(viewer, "async () => ((await window.streamingPlayer?.stats())?.framesDecoded ?? 0) > 0", "a decoded frame",
                () => viewer.Locator("#player-state").InnerTextAsync());
            // The member's public candidate reaches the instructor's page after the answer (trickled).
            await WaitUntilAsync(broadcaster, "() => performance.getEntriesByName('answer:trickled').length > 0", "the member's trickled candidates",
                () => broadcaster.EvaluateAsync<string>("() => performance.getEntriesByType('mark').map(m => m.name).join(', ')"));

            var answer = await broadcaster.EvaluateAsync<string>("() => [...window.streamingPeers.values()][0].localDescription.sdp");
            var memberCandidates = await broadcaster.EvaluateAsync<string>(
                "async () => { const out = []; (await [...window.streamingPeers.values()][0].getStats()).forEach((s) => { if (s.type === 'remote-candidate') out.push(`${s.candidateType} ${s.address}`); }); return out.join(', '); }");
            var offer = await viewer.EvaluateAsync<string>("() => window.streamingPlayer.pc.localDescription.sdp");
            await Screenshots.CaptureAsync(viewer, "watch-page-through-a-stun-server");

            using (Assert.EnterMultipleScope())
            {
                Assert.That(answer, Does.Match($@"a=candidate:.* {PublicAddress} \d+ typ srflx"), "the instructor's public address is in the answer");
                Assert.That(memberCandidates, Does.Contain($"srflx {PublicAddress}"), "the member's public address reached the instructor's page");
                Assert.That(offer, Does.Contain("typ srflx"), "the member gathered one too");
                Assert.That(_stun.Answered, Is.GreaterThanOrEqualTo(2), "both browsers asked the STUN server");
                Assert.That(problems.Where(p => p.StartsWith("CSP", StringComparison.Ordinal) || p.StartsWith("page error", StringComparison.Ordinal)),
                    Is.Empty, string.Join(Environment.NewLine, problems));
            }
        });
    }
}
