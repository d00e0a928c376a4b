using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Streaming.Application.Common.Interfaces;
using Streaming.Domain.Streams;
using Streaming.Domain.Users;
using Streaming.Infrastructure.Data;
using Streaming.Web.BrowserTests.Support;

namespace Streaming.Web.BrowserTests;

/// <summary>
/// A member reads the cancellation rule before enrolling, enrolls, changes their mind about
/// cancelling (the confirmation is dismissed: nothing happens), cancels for real (the tokens come
/// back), and joins a live class from "My classes" with its Watch button.
/// </summary>
public class MyClassesJourneyTests : LiveBrowserTestBase
{
    private const int Price = 5;

    protected override string[] BrowserArgs => Chromium.Args;

    [Test]
    public async Task Member_sees_the_cancellation_rule_confirms_the_cancellation_and_watches_a_live_class_from_my_classes()
    {
        var memberEmail = $"member-{Guid.NewGuid():N}@example.test";
        var instructorId = await CreateUserAsync($"coach-{Guid.NewGuid():N}@example.test", "Coach Rules", Roles.Instructor);
        var memberId = await CreateUserAsync(memberEmail, "Member Rules", Roles.Member);
        await GrantAsync(memberId, 20);
        var paid = await ScheduleAsync(instructorId, "Sunday stretch", TimeSpan.FromDays(2), Price);
        var live = await ScheduleWithEnrollmentAsync(instructorId, memberId, "Lunchtime HIIT");
        await ChangeAsync(live, (s, now) => s.GoLive(now));

        var problems = new ConcurrentQueue<string>();
        var (context, page) = await SignedInPageAsync(memberEmail, problems, "member");
        await using var _ = Chromium.ClosesAtEnd(context);
        await Chromium.RunJourneyAsync(page, problems, async () =>
        {
            // The rule is on the class page before the member pays.
            await page.GotoAsync($"/streams/{paid}");
            await Assertions.Expect(page.Locator("#cancellation-rule")).ToContainTextAsync("Free cancellation until 12 hours before the start (until ");
            // The time sits inside the sentence: no space before its closing bracket.
            await Assertions.Expect(page.Locator("#cancellation-rule")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"\(until [^)]*\d\)\.$"));
            await Screenshots.CaptureAsync(page, "class-page-cancellation-rule");
            await page.GetByRole(AriaRole.Button, new() { Name = $"Enroll for {Price} tokens" }).ClickAsync();
            await Assertions.Expect(page.Locator("#token-balance")).ToContainTextAsync("15 tokens");

            // Cancelling asks first; saying no changes nothing.
            await page.Locator("nav").GetByRole(AriaRole.Link, new() { Name = "My classes" }).ClickAsync();
            await Chromium.ExpectLoadedAsync(page, "**/me/classes");
            var row = page.Locator("li.my-class", new() { HasText = "Sunday stretch" });
            var questions = new List<string>();
            var accept = false;
            page.Dialog += async (_, dialog) =>
            {
                questions.Add(dialog.Message);
                if (accept) await dialog.AcceptAsync();
                else await dialog.DismissAsync();
            };
            await row.GetByRole(AriaRole.Button, new() { Name = $"Cancel (refund {Price})" }).ClickAsync();
            await Assertions.Expect(row.GetByRole(AriaRole.Button, new() { Name = $"Cancel (refund {Price})" })).ToBeVisibleAsync();
            Assert.That(questions, Is.EqualTo(new[] { $"Cancel your enrollment in Sunday stretch? Your {Price} tokens go back to your balance." }));
            await Assertions.Expect(page.Locator("#token-balance")).ToContainTextAsync("15 tokens");
            await Screenshots.CaptureAsync(page, "my-classes-live-and-upcoming");

            // Saying yes cancels and refunds.
            accept = true;
            await row.GetByRole(AriaRole.Button, new() { Name = $"Cancel (refund {Price})" }).ClickAsync();
            await Assertions.Expect(page.Locator("#flash")).ToContainTextAsync($"{Price} tokens are back in your balance");
            await Assertions.Expect(page.Locator("#token-balance")).ToContainTextAsync("20 tokens");
            Assert.That(questions, Has.Count.EqualTo(2));

            // The live class has its Watch button.
            var liveRow = page.Locator("li.my-class", new() { HasText = "Lunchtime HIIT" });
            await liveRow.GetByRole(AriaRole.Link, new() { Name = "Watch live" }).ClickAsync();
            await Chromium.ExpectLoadedAsync(page, $"**/streams/{live}/watch");
            await Assertions.Expect(page.Locator("#live-status")).ToHaveTextAsync("Live now");
        });
    }

    private async Task GrantAsync(string memberId, int amount)
    {
        await using var scope = Factory.Services.CreateAsyncScope();
        var grant = await scope.ServiceProvider.GetRequiredService<ITokenLedger>()
            .GrantAsync(new LedgerGrant(memberId, amount, "Welcome tokens", $"grant:{Guid.NewGuid():N}"), CancellationToken.None);
        Assert.That(grant.Succeeded, Is.True, grant.Message);
    }

    private async Task<Guid> ScheduleAsync(string instructorId, string title, TimeSpan startsIn, int price)
    {
        await using var scope = Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ApplicationDbContext>();
        var now = Factory.Clock.Now;
        var stream = LiveStream.Schedule(instructorId, title, "Mats ready.", "Mobility", now + startsIn, 45, price, null, now);
        db.Streams.Add(stream);
        await db.SaveChangesAsync();
        return stream.Id;
    }

    private async Task ChangeAsync(Guid streamId, Action<LiveStream, DateTimeOffset> change)
    {
        await using var scope = Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ApplicationDbContext>();
        change(await db.Streams.FindAsync(streamId) ?? throw new AssertionException("No such class."), Factory.Clock.Now);
        await db.SaveChangesAsync();
    }
}
