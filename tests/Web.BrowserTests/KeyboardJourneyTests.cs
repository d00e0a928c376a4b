using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Streaming.Application.Common.Interfaces;
using Streaming.Domain.Streams;
using Streaming.Domain.Users;
using Streaming.Infrastructure.Data;
using Streaming.Web.BrowserTests.Support;

namespace Streaming.Web.BrowserTests;

/// <summary>
/// A member who uses only the keyboard: Tab to "Enroll" on a class page and press Enter, then Tab
/// to "Watch live" in My classes and press Enter. Every control reached on the way shows where the
/// focus is (a visible outline or ring).
/// </summary>
public class KeyboardJourneyTests : LiveBrowserTestBase
{
    protected override string[] BrowserArgs => Chromium.Args;

    [Test]
    public async Task A_member_enrolls_and_joins_a_live_class_with_the_keyboard_alone()
    {
        var memberEmail = $"keys-{Guid.NewGuid():N}@example.test";
        var instructorId = await CreateUserAsync($"coach-{Guid.NewGuid():N}@example.test", "Coach Keys", Roles.Instructor);
        var memberId = await CreateUserAsync(memberEmail, "Member Keys", Roles.Member);
        await GrantAsync(memberId, 10);
        var paid = await ScheduleAsync(instructorId, "Keyboard pilates", price: 3);
        var live = await ScheduleWithEnrollmentAsync(instructorId, memberId, "Keyboard HIIT");
        await GoLiveAsync(live);

        var problems = new ConcurrentQueue<string>();
        var (context, page) = await SignedInPageAsync(memberEmail, problems, "member");
        await using var _ = Chromium.ClosesAtEnd(context);
        await Chromium.RunJourneyAsync(page, problems, async () =>
        {
            await page.GotoAsync($"/streams/{paid}");
            await TabToAsync(page, "Enroll for 3 tokens");
            await page.Keyboard.PressAsync("Enter");
            await Assertions.Expect(page.Locator("#enrolled-note")).ToBeVisibleAsync();
            await Assertions.Expect(page.Locator("#token-balance")).ToContainTextAsync("7 tokens");

            await page.GotoAsync("/me/classes");
            await TabToAsync(page, "Watch live");
            await page.Keyboard.PressAsync("Enter");
            await Chromium.ExpectLoadedAsync(page, $"**/streams/{live}/watch");
            await Assertions.Expect(page.Locator("#live-status")).ToHaveTextAsync("Live now");
        });
    }

    /// <summary>Presses Tab until the focused element is named <paramref name="name"/>; each stop must show its focus.</summary>
    internal static async Task TabToAsync(IPage page, string name)
    {
        var visited = new List<string>();
        for (var i = 0; i < 60; i++)
        {
            await page.Keyboard.PressAsync("Tab");
            var focused = await page.EvaluateAsync<string[]>(@"() => {
                const e = document.activeElement;
                if (!e || e === document.body) return ['', 'none'];
                const s = getComputedStyle(e);
                const shown = (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0) || (s.boxShadow && s.boxShadow !== 'none');
                return [(e.innerText || e.getAttribute('aria-label') || e.value || '').trim(), shown ? 'shown' : 'none'];
            }");
            if (focused[0] == "") continue;
            visited.Add(focused[0]);
            Assert.That(focused[1], Is.EqualTo("shown"), $"the focus on \"{focused[0]}\" is visible");
            if (focused[0] == name) return;
        }

        Assert.Fail($"Tab never reached \"{name}\"; it went through: {string.Join(" → ", visited)}");
    }

    private async Task GrantAsync(string memberId, int amount)
    {
        await using var scope = Factory.Services.CreateAsyncScope();
        var grant = await scope.ServiceProvider.GetRequiredService<ITokenLedger>()
            .GrantAsync(new LedgerGrant(memberId, amount, "Welcome tokens", $"grant:{Guid.NewGuid():N}"), CancellationToken.None);
        Assert.That(grant.Succeeded, Is.True, grant.Message);
    }

    private async Task<Guid> ScheduleAsync(string instructorId, string title, int price)
    {
        await using var scope = Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ApplicationDbContext>();
        var now = Factory.Clock.Now;
        var stream = LiveStream.Schedule(instructorId, title, "Mats ready.", "Pilates", now.AddDays(2), 45, price, null, now);
        db.Streams.Add(stream);
        await db.SaveChangesAsync();
        return stream.Id;
    }

    private async Task GoLiveAsync(Guid streamId)
    {
        await using var scope = Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ApplicationDbContext>();
        var stream = await db.Streams.FindAsync(streamId) ?? throw new AssertionException("No such class.");
        stream.GoLive(Factory.Clock.Now);
        await db.SaveChangesAsync();
    }
}
