using System.Collections.Concurrent;
using MediatR;
using Microsoft.Extensions.DependencyInjection;
using Streaming.Application.Common.Interfaces;
using Streaming.Application.Live.Commands.CloseOverdueClasses;
using Streaming.Domain.Streams;
using Streaming.Domain.Users;
using Streaming.Infrastructure.Data;
using Streaming.Web.BrowserTests.Support;

namespace Streaming.Web.BrowserTests;

/// <summary>
/// An instructor goes live and disappears (the tab is closed). Ten minutes later on the app's
/// clock the closing job ends the class; the member's open watch page moves on by itself and says
/// the class did not take place, and "My classes" shows the refund, with the balance back.
/// </summary>
public class AbandonedClassJourneyTests : LiveBrowserTestBase
{
    private const int Price = 5;

    [Test]
    public async Task An_abandoned_live_class_is_ended_and_the_member_refunded()
    {
        var instructorEmail = $"coach-{Guid.NewGuid():N}@example.test";
        var memberEmail = $"member-{Guid.NewGuid():N}@example.test";
        var instructorId = await CreateUserAsync(instructorEmail, "Coach Gone", Roles.Instructor);
        var memberId = await CreateUserAsync(memberEmail, "Member Waiting", Roles.Member);
        await GrantAsync(memberId, 20);
        var streamId = await SchedulePaidClassAsync(instructorId, "Evening spin (abandoned)");

        var problems = new ConcurrentQueue<string>();
        var (memberContext, member) = await SignedInPageAsync(memberEmail, problems, "member");
        await using var _ = Chromium.ClosesAtEnd(memberContext);
        var (instructorContext, instructor) = await SignedInPageAsync(instructorEmail, problems, "instructor");
        await Chromium.RunJourneyAsync(member, problems, async () =>
        {
            // The member pays for the class.
            await member.GotoAsync($"/streams/{streamId}");
            await member.GetByRole(AriaRole.Button, new() { Name = $"Enroll for {Price} tokens" }).ClickAsync();
            await Assertions.Expect(member.Locator("#token-balance")).ToContainTextAsync("15 tokens");

            // At the start the instructor goes live, and the member opens the watch page.
            Factory.Clock.Advance(TimeSpan.FromHours(1));
            await instructor.GotoAsync($"/instructor/streams/{streamId}/broadcast");
            await Assertions.Expect(instructor.Locator("#go-live")).ToBeEnabledAsync();
            await instructor.Locator("#go-live").ClickAsync();
            await Assertions.Expect(instructor.Locator("#live-status")).ToHaveTextAsync("Live now");
            await member.GotoAsync($"/streams/{streamId}/watch");
            await Assertions.Expect(member.Locator("#live-status")).ToHaveTextAsync("Live now");

            // The instructor's tab goes away; ten minutes pass; the closing job runs.
            await instructorContext.CloseAsync();
            Factory.Clock.Advance(TimeSpan.FromMinutes(10));
            var report = await RunClosingJobAsync();
            Assert.That(report.Ended, Is.EqualTo(1), report.ToString());
            Assert.That(report.Refunded, Is.EqualTo(1), report.ToString());

            // The watch page hears it over the live hub, reloads and says what happened.
            await Assertions.Expect(member.Locator("#live-status")).ToHaveTextAsync("Did not take place");
            await Assertions.Expect(member.Locator("#not-held-note")).ToContainTextAsync("This class did not take place");
            await Screenshots.CaptureAsync(member, "watch-page-class-did-not-take-place");

            await member.Locator("nav").GetByRole(AriaRole.Link, new() { Name = "My classes" }).ClickAsync();
            await Chromium.ExpectLoadedAsync(member, "**/me/classes");
            await Assertions.Expect(member.Locator("li.my-class", new() { HasText = "Evening spin (abandoned)" }))
                .ToContainTextAsync($"Did not take place — {Price} tokens refunded");
            await Assertions.Expect(member.Locator("#token-balance")).ToContainTextAsync("20 tokens");
            await Screenshots.CaptureAsync(member, "my-classes-refunded");

            var stream = await StreamAsync(streamId);
            Assert.That((stream.Status, stream.TookPlace), Is.EqualTo((StreamStatus.Ended, (bool?)false)));
            Assert.That(problems.Where(p => p.StartsWith("CSP", StringComparison.Ordinal) || p.StartsWith("page error", StringComparison.Ordinal)),
                Is.Empty, string.Join(Environment.NewLine, problems));
        });
    }

    [Test]
    public async Task Without_the_live_hub_the_watch_page_of_a_refunded_member_still_says_the_class_did_not_take_place()
    {
        var instructorId = await CreateUserAsync($"coach-{Guid.NewGuid():N}@example.test", "Coach Never", Roles.Instructor);
        var memberEmail = $"member-{Guid.NewGuid():N}@example.test";
        var memberId = await CreateUserAsync(memberEmail, "Member Polling", Roles.Member);
        await GrantAsync(memberId, 20);
        var streamId = await SchedulePaidClassAsync(instructorId, "Morning row (abandoned)");

        var problems = new ConcurrentQueue<string>();
        var (memberContext, member) = await SignedInPageAsync(memberEmail, problems, "member");
        await using var _ = Chromium.ClosesAtEnd(memberContext);
        // The live hub is unreachable (a proxy without WebSockets, or the seat refunded before the page
        // subscribed, which the hub refuses): the page falls back to asking for the status itself.
        await member.RouteAsync("**/hubs/live**", route => route.AbortAsync());
        await Chromium.RunJourneyAsync(member, problems, async () =>
        {
            await member.GotoAsync($"/streams/{streamId}");
            await member.GetByRole(AriaRole.Button, new() { Name = $"Enroll for {Price} tokens" }).ClickAsync();
            await Assertions.Expect(member.Locator("#token-balance")).ToContainTextAsync("15 tokens");

            // The class goes live, but no camera ever reaches it; the member waits on the watch page.
            Factory.Clock.Advance(TimeSpan.FromHours(1));
            await GoLiveAsync(streamId);
            await member.GotoAsync($"/streams/{streamId}/watch");
            await Assertions.Expect(member.Locator("#live-status")).ToHaveTextAsync("Live now");

            Factory.Clock.Advance(TimeSpan.FromMinutes(10));
            var report = await RunClosingJobAsync();
            Assert.That((report.Ended, report.Refunded), Is.EqualTo((1, 1)), report.ToString());

            // The next status check is refused (no seat any more): the page reloads and says what happened.
            await Assertions.Expect(member.Locator("#live-status")).ToHaveTextAsync("Did not take place", new() { Timeout = 30_000 });
            await Assertions.Expect(member.Locator("#not-held-note")).ToContainTextAsync("This class did not take place");
            await Assertions.Expect(member.Locator("#token-balance")).ToContainTextAsync("20 tokens");
        });
    }

    private async Task GoLiveAsync(Guid streamId)
    {
        await using var scope = Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ApplicationDbContext>();
        var stream = await db.Streams.FindAsync(streamId) ?? throw new AssertionException("No such class.");
        stream.GoLive(Factory.Clock.Now);
        await db.SaveChangesAsync();
    }

    private async Task<CloseOverdueClassesReport> RunClosingJobAsync()
    {
        await using var scope = Factory.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<IMediator>().Send(new CloseOverdueClassesCommand());
    }

    private async Task GrantAsync(string memberId, int amount)
    {
        await using var scope = Factory.Services.CreateAsyncScope();
        var grant = await scope.ServiceProvider.GetRequiredService<ITokenLedger>()
            .GrantAsync(new LedgerGrant(memberId, amount, "Welcome tokens", $"grant:{Guid.NewGuid():N}"), CancellationToken.None);
        Assert.That(grant.Succeeded, Is.True, grant.Message);
    }

    private async Task<Guid> SchedulePaidClassAsync(string instructorId, string title)
    {
        await using var scope = Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ApplicationDbContext>();
        var now = Factory.Clock.Now;
        var stream = LiveStream.Schedule(instructorId, title, "Bring a towel.", "Cardio", now.AddHours(1), 45, Price, null, now);
        db.Streams.Add(stream);
        await db.SaveChangesAsync();
        return stream.Id;
    }
}
