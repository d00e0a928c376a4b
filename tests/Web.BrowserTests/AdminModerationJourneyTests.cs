using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Streaming.Application.Common.Interfaces;
using Streaming.Domain.Streams;
using Streaming.Domain.Users;
using Streaming.Web.BrowserTests.Support;

namespace Streaming.Web.BrowserTests;

/// <summary>
/// A super admin moderates: on /admin/classes cancels a class with refunds (a reason, then the
/// browser's confirmation), then on the instructor's page disables the account (confirmed too) and
/// sees it in the audit trail. Both pages fit 390 and 1280 px and pass axe (screenshots `admin-*`).
/// </summary>
public class AdminModerationJourneyTests : LiveBrowserTestBase
{
    protected override string[] BrowserArgs => Chromium.Args;

    [Test]
    public async Task An_admin_cancels_a_class_with_refunds_and_disables_its_instructor()
    {
        var adminEmail = $"mod-admin-{Guid.NewGuid():N}@example.test";
        await CreateUserAsync(adminEmail, "Admin Moderator", Roles.SuperAdmin);
        var instructorId = await CreateUserAsync($"mod-coach-{Guid.NewGuid():N}@example.test", "Coach Reported", Roles.Instructor);
        var memberId = await CreateUserAsync($"mod-member-{Guid.NewGuid():N}@example.test", "Member Enrolled", Roles.Member);
        var streamId = await ScheduleWithEnrollmentAsync(instructorId, memberId, "Reported Bootcamp");

        var problems = new ConcurrentQueue<string>();
        var (context, page) = await SignedInPageAsync(adminEmail, problems, "admin");
        await using var _ = Chromium.ClosesAtEnd(context);
        var questions = new List<string>();
        page.Dialog += async (_, dialog) =>
        {
            questions.Add(dialog.Message);
            await dialog.AcceptAsync();
        };

        await Chromium.RunJourneyAsync(page, problems, async () =>
        {
            await page.GotoAsync("/admin/classes");
            await PageChecks.FitsAndPassesAxeAsync(page, "admin-classes");

            var row = page.Locator($"tr[data-class-id='{streamId}']");
            await row.GetByLabel("Reason for cancelling Reported Bootcamp").FillAsync("Reported: not a fitness class");
            await row.GetByRole(AriaRole.Button, new() { Name = "Cancel with refunds" }).ClickAsync();
            await Assertions.Expect(page.Locator("#flash")).ToContainTextAsync("The class is cancelled.");
            await Assertions.Expect(row).ToContainTextAsync("Cancelled by an admin: Reported: not a fitness class");
            await PageChecks.FitsAndPassesAxeAsync(page, "admin-classes-cancelled");

            await row.GetByRole(AriaRole.Link, new() { Name = "Coach Reported" }).ClickAsync();
            await Chromium.ExpectLoadedAsync(page, $"**/admin/users/{instructorId}");
            await page.Locator("#disable-reason").FillAsync("Repeated spam classes");
            await page.GetByRole(AriaRole.Button, new() { Name = "Disable the account" }).ClickAsync();
            await Assertions.Expect(page.Locator("#account-status")).ToHaveTextAsync("Disabled: cannot sign in");
            await Assertions.Expect(page.Locator("#actions-table")).ToContainTextAsync("Repeated spam classes");
            await PageChecks.FitsAndPassesAxeAsync(page, "admin-user-disabled");
        });

        Assert.That(questions, Has.Count.EqualTo(2));
        Assert.That(questions[0], Does.StartWith("Cancel Reported Bootcamp?"));
        Assert.That(questions[1], Does.StartWith("Disable Coach Reported's account?"));
        Assert.That((await StreamAsync(streamId)).Status, Is.EqualTo(StreamStatus.Cancelled));
    }
}
