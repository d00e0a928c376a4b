using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Streaming.Application.Common.Interfaces;
using Streaming.Domain.Users;
using Streaming.Infrastructure.Data;
using Streaming.Web.BrowserTests.Support;

namespace Streaming.Web.BrowserTests;

/// <summary>
/// One axe-core check per page, as each kind of user reaches it (a visitor, a member in a live
/// class, the instructor who runs it, a super admin): no serious or critical violation and no
/// sideways scrolling at 390 and 1280 px, with screenshots of each page in screenshots/.
/// </summary>
public class AccessibilityJourneyTests : LiveBrowserTestBase
{

    [Test]
    public async Task Every_page_passes_axe_at_a_phone_and_a_laptop_width()
    {
        var memberEmail = $"a11y-member-{Guid.NewGuid():N}@example.test";
        var instructorEmail = $"a11y-coach-{Guid.NewGuid():N}@example.test";
        var adminEmail = $"a11y-admin-{Guid.NewGuid():N}@example.test";
        var instructorId = await CreateUserAsync(instructorEmail, "Coach Axe", Roles.Instructor);
        var memberId = await CreateUserAsync(memberEmail, "Member Axe", Roles.Member);
        await CreateUserAsync(adminEmail, "Admin Axe", Roles.SuperAdmin);
        await GrantAsync(memberId, 12);
        var live = await ScheduleWithEnrollmentAsync(instructorId, memberId, "Lunchtime HIIT");
        await GoLiveAsync(live);

        var problems = new ConcurrentQueue<string>();

        // A visitor.
        var (visitorContext, visitor) = await Chromium.MonitoredPageAsync(Browser, ContextOptions(), problems, "visitor", reportFailedRequests: false);
        await using (Chromium.ClosesAtEnd(visitorContext))
        {
            await Chromium.RunJourneyAsync(visitor, problems, async () =>
            {
                await CheckAsync(visitor, "/", "a11y-home");
                await CheckAsync(visitor, "/streams", "a11y-catalog");
                await CheckAsync(visitor, $"/streams/{live}", "a11y-class-visitor");
                await CheckAsync(visitor, "/account/login", "a11y-login");
                await CheckAsync(visitor, "/account/register", "a11y-register");
            });
        }

        // A member in a live class.
        var (memberContext, member) = await SignedInPageAsync(memberEmail, problems, "member");
        await using (Chromium.ClosesAtEnd(memberContext))
        {
            await Chromium.RunJourneyAsync(member, problems, async () =>
            {
                await CheckAsync(member, $"/streams/{live}", "a11y-class-enrolled");
                await CheckAsync(member, $"/streams/{live}/watch", "a11y-watch");
                await CheckAsync(member, "/me/classes", "a11y-my-classes");
                await CheckAsync(member, "/tokens/buy", "a11y-buy-tokens");
                await CheckAsync(member, "/me/profile", "a11y-profile");
                await CheckAsync(member, "/account/security", "a11y-security");
                await CheckAsync(member, "/account/security/password", "a11y-password");
                await CheckAsync(member, "/account/security/two-factor", "a11y-two-factor");
            });
        }

        // The instructor who runs it.
        var (instructorContext, instructor) = await SignedInPageAsync(instructorEmail, problems, "instructor");
        await using (Chromium.ClosesAtEnd(instructorContext))
        {
            await Chromium.RunJourneyAsync(instructor, problems, async () =>
            {
                await CheckAsync(instructor, "/instructor/streams", "a11y-dashboard");
                await CheckAsync(instructor, "/instructor/streams/new", "a11y-new-class");
                await CheckAsync(instructor, $"/instructor/streams/{live}/broadcast", "a11y-broadcast");
                await CheckAsync(instructor, "/instructor/analytics", "a11y-analytics");
                await CheckAsync(instructor, $"/instructor/streams/{live}/analytics", "a11y-class-analytics");
            });
        }

        // A super admin: recordings and the admin pages.
        var (adminContext, admin) = await SignedInPageAsync(adminEmail, problems, "admin");
        await using (Chromium.ClosesAtEnd(adminContext))
        {
            await Chromium.RunJourneyAsync(admin, problems, async () =>
            {
                await CheckAsync(admin, "/recordings", "a11y-recordings");
                await CheckAsync(admin, "/admin/users", "a11y-admin-users");
                await CheckAsync(admin, "/admin/tokens", "a11y-admin-tokens");
                await CheckAsync(admin, "/admin/purchases", "a11y-admin-purchases");
                await CheckAsync(admin, "/admin/token-packs", "a11y-admin-token-packs");
                await CheckAsync(admin, "/admin/jobs", "a11y-admin-jobs");
            });
        }
    }

    private static async Task CheckAsync(IPage page, string path, string name)
    {
        var response = await page.GotoAsync(path);
        Assert.That(response?.Status, Is.EqualTo(200), $"{path} answered {response?.Status}");
        await page.WaitForFunctionAsync("() => document.readyState === 'complete'", null, new() { PollingInterval = 100 });
        await PageChecks.FitsAndPassesAxeAsync(page, name);
    }

    private async Task GrantAsync(string memberId, int amount)
    {
        await using var scope = Factory.Services.CreateAsyncScope();
        var grant = await scope.ServiceProvider.GetRequiredService<ITokenLedger>()
            .GrantAsync(new LedgerGrant(memberId, amount, "Welcome tokens", $"grant:{Guid.NewGuid():N}"), CancellationToken.None);
        Assert.That(grant.Succeeded, Is.True, grant.Message);
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
