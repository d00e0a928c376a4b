using System.Collections.Concurrent;
using Streaming.Domain.Users;
using Streaming.Web.BrowserTests.Support;

namespace Streaming.Web.BrowserTests;

/// <summary>
/// Local mode with TURN credentials minted per user (<c>Streaming:Local:TurnSecret</c>): pages
/// opened long before they connect (a member waiting on the watch page, an instructor preparing)
/// carry credentials that are about to run out. Both pages ask <c>/live/{id}/ice-servers</c> for new
/// ones before they connect, and their connections use those. Time passes on the app's clock; the
/// browsers' clocks are the machine's, which the app's starts from.
/// </summary>
public class TurnCredentialRenewalJourneyTests : LiveBrowserTestBase
{
    private static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(5); // the shortest allowed

    protected override Task ConfigureAsync(StreamingWebFactory factory)
    {
        // Nothing answers there: the browsers' allocations fail, and they connect directly, as
        // without TURN; what is checked is which credentials they were given.
        factory.Settings["Streaming:Local:IceServers:0:Urls:0"] = "turn:127.0.0.1:9?transport=udp";
        factory.Settings["Streaming:Local:TurnSecret"] = "renewal-secret";
        factory.Settings["Streaming:Local:TurnCredentialLifetime"] = Lifetime.ToString();
        return Task.CompletedTask;
    }

    [Test]
    public async Task Pages_whose_TURN_credentials_run_out_get_new_ones_before_they_connect()
    {
        // The pages are loaded "now", so their credentials expire within the ten minutes after
        // which the pages renew them; the app's clock then moves on an hour before the class starts.
        Factory.Clock.Now = DateTimeOffset.UtcNow;
        var instructorEmail = $"coach-{Guid.NewGuid():N}@example.test";
        var memberEmail = $"member-{Guid.NewGuid():N}@example.test";
        var instructorId = await CreateUserAsync(instructorEmail, "Coach Turn", Roles.Instructor);
        var memberId = await CreateUserAsync(memberEmail, "Member Turn", Roles.Member);
        var streamId = await ScheduleWithEnrollmentAsync(instructorId, memberId, "Evening stretch (through TURN)");

        var problems = new ConcurrentQueue<string>();
        var (broadcasterContext, broadcaster) = await SignedInPageAsync(instructorEmail, problems, "broadcaster");
        var (viewerContext, viewer) = await SignedInPageAsync(memberEmail, problems, "viewer");
        await using var _ = Chromium.ClosesAtEnd(broadcasterContext);
        await using var __ = Chromium.ClosesAtEnd(viewerContext);
        var renewals = new ConcurrentQueue<string>();
        broadcaster.Request += (_, request) => { if (request.Url.EndsWith($"/live/{streamId}/ice-servers", StringComparison.Ordinal)) renewals.Enqueue("broadcaster"); };
        viewer.Request += (_, request) => { if (request.Url.EndsWith($"/live/{streamId}/ice-servers", StringComparison.Ordinal)) renewals.Enqueue("viewer"); };
        await Chromium.RunJourneyAsync(viewer, problems, async () =>
        {
            await broadcaster.GotoAsync($"/instructor/streams/{streamId}/broadcast");
            await viewer.GotoAsync($"/streams/{streamId}/watch");
            var loadedExpiry = long.Parse(await viewer.Locator("#watch").GetAttributeAsync("data-ice-servers-expire") ?? "0");
            Factory.Clock.Advance(TimeSpan.FromHours(1));
            var renewedExpiry = Factory.Clock.Now.Add(Lifetime).ToUnixTimeSeconds();

            await Assertions.Expect(broadcaster.Locator("#go-live")).ToBeEnabledAsync(new() { Timeout = 30_000 });
            broadcaster.Dialog += async (_, dialog) => await dialog.AcceptAsync(); // "scheduled later: go live anyway?"
            await broadcaster.Locator("#go-live").ClickAsync();
            await Assertions.Expect(viewer.Locator("#player-state")).ToHaveTextAsync("Live", new() { Timeout = 30_000 });
            // The member opened the page before the start: its badge follows the class.
            await Assertions.Expect(viewer.Locator("#live-status")).ToHaveTextAsync("Live now");
            await WaitUntilAsync(viewer, "async () => ((await window.streamingPlayer?.stats())?.framesDecoded ?? 0) > 0", "a decoded frame",
                () => viewer.Locator("#player-state").InnerTextAsync());

            const string turnUser = "(pc) => pc.getConfiguration().iceServers.map((s) => s.username ?? '').join(' ')";
            var viewerUser = await viewer.EvaluateAsync<string>($"() => ({turnUser})(window.streamingPlayer.pc)");
            var broadcasterUser = await broadcaster.EvaluateAsync<string>($"() => ({turnUser})([...window.streamingPeers.values()][0])");
            await Screenshots.CaptureAsync(viewer, "watch-page-after-renewing-turn-credentials");

            using (Assert.EnterMultipleScope())
            {
                Assert.That(loadedExpiry, Is.EqualTo(renewedExpiry - 3600), "the watch page was rendered with credentials for five minutes");
                Assert.That(viewerUser, Is.EqualTo($"{renewedExpiry}:{memberId}"), "the member's connection uses renewed credentials");
                Assert.That(broadcasterUser, Is.EqualTo($"{renewedExpiry}:{instructorId}"), "so does the instructor's");
                Assert.That(renewals, Does.Contain("viewer").And.Contain("broadcaster"));
                Assert.That(problems.Where(p => p.StartsWith("CSP", StringComparison.Ordinal) || p.StartsWith("page error", StringComparison.Ordinal)),
                    Is.Empty, string.Join(Environment.NewLine, problems));
            }
        });
    }
}
