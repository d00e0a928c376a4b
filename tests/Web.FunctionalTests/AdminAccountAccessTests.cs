using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Streaming.Domain.Streams;
using Streaming.Domain.Users;
using Streaming.Infrastructure.Identity;

namespace Streaming.Web.FunctionalTests;

/// <summary>
/// A super admin's account actions on /admin/users/{id}: unlock a lock-out, disable and enable an
/// account, demote an instructor — each with a reason in the account's audit trail, each refused to
/// anyone but a super admin, and never aimed at the admin's own account.
/// </summary>
public class AdminAccountAccessTests : ClassesTestBase
{
    private readonly string _adminEmail = UniqueEmail("admin");

    protected override void Configure(StreamingWebFactory factory)
    {
        base.Configure(factory);
        factory.Settings["Seed:SuperAdmin:Email"] = _adminEmail;
        factory.Settings["Seed:SuperAdmin:Password"] = Password;
        factory.Settings["Seed:SuperAdmin:DisplayName"] = "Root Admin";
    }

    private async Task<PageClient> SignedInAsync(string email)
    {
        var visitor = NewVisitor();
        var response = await SubmitLoginAsync(visitor, email, Password);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), await HtmlPage.ReadAsync(response) + "");
        return visitor;
    }

    private static string? Text(HtmlPage page, string css) => Collapse(page.Document.QuerySelector(css)?.TextContent);

    private static async Task<HtmlPage> ActAsync(PageClient admin, string userId, string action, string reason)
    {
        var form = (await admin.GetAsync($"/admin/users/{userId}")).Form($"#{action}-form").Set("Reason", reason);
        var response = await admin.SubmitAsync(form);
        return response.StatusCode == HttpStatusCode.Redirect ? await admin.FollowRedirectAsync(response) : await HtmlPage.ReadAsync(response);
    }

    private static IReadOnlyList<string> AuditLines(HtmlPage page) =>
        page.Document.QuerySelectorAll("#actions-table tbody tr").Select(r => Collapse(r.TextContent)!).ToList();

    [Test]
    public async Task A_disabled_member_is_signed_out_at_once_cannot_sign_in_and_can_again_once_enabled()
    {
        var (member, email) = await SignedInMemberAsync("disabled");
        using var _ = member;
        var memberId = await UserIdAsync(email);
        using var admin = await SignedInAsync(_adminEmail);

        var form = (await admin.GetAsync($"/admin/users/{memberId}")).Form("#disable-form").Set("Reason", "Chargeback fraud");
        var page = await admin.FollowRedirectAsync(await admin.SubmitAsync(form));
        var twice = await admin.SubmitForPageAsync(form); // a double click
        Assert.That(Text(twice, "#action-refused"), Is.EqualTo("The account is already disabled."));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(Flash(page), Is.EqualTo("The account is disabled and signed out everywhere."));
            Assert.That(Text(page, "#account-status"), Is.EqualTo("Disabled: cannot sign in"));
            Assert.That(AuditLines(twice).Single(), Does.Contain("Disabled").And.Contain("Root Admin").And.Contain("Chargeback fraud"));
            Assert.That(page.Document.QuerySelector("#enable-form"), Is.Not.Null);
        }

        // The member's open session ended with it.
        var tokens = await member.Http.GetAsync("/tokens");
        Assert.That(PageClient.RedirectTarget(tokens).AbsolutePath, Is.EqualTo("/account/login"));

        using var again = NewVisitor();
        var refused = await HtmlPage.ReadAsync(await SubmitLoginAsync(again, email, Password));
        Assert.That(refused.ValidationMessages, Is.EqualTo(new[] { Web.Controllers.AccountController.DisabledMessage }));
        var wrong = await HtmlPage.ReadAsync(await SubmitLoginAsync(again, email, "not-the-password-1"));
        Assert.That(wrong.ValidationMessages, Is.EqualTo(new[] { "The email or password is wrong." }), "a stranger learns nothing about the account");

        var enabled = await ActAsync(admin, memberId, "enable", "Bank reversed the chargeback");
        Assert.That(Flash(enabled), Is.EqualTo("The account is enabled: it can sign in again."));
        Assert.That(AuditLines(enabled), Has.Count.EqualTo(2));
        Assert.That(AuditLines(enabled)[0], Does.Contain("Enabled").And.Contain("Bank reversed the chargeback"));
        Assert.That((await SubmitLoginAsync(again, email, Password)).StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
    }

    [Test]
    public async Task An_account_locked_out_after_wrong_passwords_is_unlocked_by_an_admin_with_a_reason()
    {
        var (member, email) = await SignedInMemberAsync("locked");
        member.Dispose();
        var memberId = await UserIdAsync(email);
        // Identity's own lock-out: the failures a wrong password counts, up to the limit.
        await InScopeAsync(async sp =>
        {
            var users = sp.GetRequiredService<UserManager<ApplicationUser>>();
            var user = (await users.FindByIdAsync(memberId))!;
            while (!await users.IsLockedOutAsync(user)) await users.AccessFailedAsync(user);
            return true;
        });
        using var visitor = NewVisitor();
        var locked = await HtmlPage.ReadAsync(await SubmitLoginAsync(visitor, email, Password));
        Assert.That(locked.ValidationMessages.Single(), Does.StartWith("Too many failed attempts."));

        using var admin = await SignedInAsync(_adminEmail);
        var before = await admin.GetAsync($"/admin/users/{memberId}");
        Assert.That(Text(before, "#account-status"), Does.StartWith("Locked out until"));
        Assert.That(before.Document.QuerySelector("#disable-form"), Is.Not.Null, "a locked account can still be disabled");

        var blank = await ActAsync(admin, memberId, "unlock", "  ");
        Assert.That(Text(blank, "#unlock-reason-error"), Is.EqualTo("Say why (it stays in the account's history)."));
        Assert.That(AuditLines(blank), Is.Empty);

        var page = await ActAsync(admin, memberId, "unlock", "Verified by phone");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(Flash(page), Is.EqualTo("The account is unlocked: it can sign in again."));
            Assert.That(Text(page, "#account-status"), Is.EqualTo("Active"));
            Assert.That(AuditLines(page).Single(), Does.Contain("Unlocked").And.Contain("Verified by phone"));
            Assert.That(page.Document.QuerySelector("#unlock-form"), Is.Null);
        }

        Assert.That((await SubmitLoginAsync(visitor, email, Password)).StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
    }

    [Test]
    public async Task Demoting_an_instructor_is_refused_while_they_teach_an_upcoming_class_and_done_once_it_is_cancelled()
    {
        var coachId = await InstructorAsync("Coach Demoted");
        var upcoming = await ScheduleAsync(coachId, "Sunrise Flow");
        await ScheduleAsync(coachId, "Taught already", state: StreamStatus.Ended);
        using var admin = await SignedInAsync(_adminEmail);

        var refused = await ActAsync(admin, coachId, "demote", "Left the studio");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(Text(refused, "#demote-form .alert"),
                Is.EqualTo("They teach 1 class that has not taken place yet. Cancel them first (members are refunded), then demote."));
            Assert.That(refused.Document.QuerySelector<AngleSharp.Html.Dom.IHtmlInputElement>("#demote-reason")?.Value, Is.EqualTo("Left the studio"));
            Assert.That(AuditLines(refused), Is.Empty);
        }

        var email = (await InScopeAsync(sp => sp.GetRequiredService<UserManager<ApplicationUser>>().FindByIdAsync(coachId)))!.Email!;
        Assert.That(await RolesOfAsync(email), Does.Contain(Roles.Instructor));

        await InstructorCancelsAsync(coachId, upcoming.Id);
        var page = await ActAsync(admin, coachId, "demote", "Left the studio");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(Flash(page), Is.EqualTo("The account is a member again (no longer an instructor)."));
            Assert.That(await RolesOfAsync(email), Does.Not.Contain(Roles.Instructor));
            Assert.That(AuditLines(page).Single(), Does.Contain("Demoted").And.Contain("Left the studio"));
            Assert.That(page.Document.QuerySelector("#demote-form"), Is.Null);
        }
    }

    [Test]
    public async Task An_admin_cannot_disable_or_demote_their_own_account()
    {
        using var admin = await SignedInAsync(_adminEmail);
        var adminId = await UserIdAsync(_adminEmail);
        var own = await admin.GetAsync($"/admin/users/{adminId}");
        Assert.That(own.Document.QuerySelector("#disable-form"), Is.Null, "no button for it");

        var token = own.FormPostingTo("/account/logout").AntiforgeryToken!;
        foreach (var action in new[] { "disable", "demote" })
        {
            var response = await admin.Http.PostAsync($"/admin/users/{adminId}/{action}", new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["__RequestVerificationToken"] = token, ["Reason"] = "Oops",
            }));
            var page = await HtmlPage.ReadAsync(response);
            Assert.That(page.StatusCode, Is.EqualTo(HttpStatusCode.OK), page.ToString());
            Assert.That(page.Text, Does.Contain(action == "disable"
                ? "You cannot disable your own account. Ask another super admin."
                : "You cannot demote yourself. Ask another super admin."));
        }

        Assert.That((await admin.GetAsync("/admin/users")).StatusCode, Is.EqualTo(HttpStatusCode.OK), "still signed in and still an admin");
    }

    [TestCase("unlock")]
    [TestCase("disable")]
    [TestCase("enable")]
    [TestCase("demote")]
    public async Task Anyone_but_a_super_admin_is_refused_each_account_action(string action)
    {
        var coachId = await InstructorAsync("Coach Target");
        var (member, _) = await SignedInMemberAsync("intruder");
        using (member)
        {
            var token = (await member.GetAsync("/")).FormPostingTo("/account/logout").AntiforgeryToken!;
            var response = await member.Http.PostAsync($"/admin/users/{coachId}/{action}", new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["__RequestVerificationToken"] = token, ["Reason"] = "Mine now",
            }));
            Assert.That(PageClient.RedirectTarget(response).AbsolutePath, Is.EqualTo("/account/access-denied"));
        }

        using var admin = await SignedInAsync(_adminEmail);
        var page = await admin.GetAsync($"/admin/users/{coachId}");
        Assert.That(Text(page, "#account-status"), Is.EqualTo("Active"));
        Assert.That(AuditLines(page), Is.Empty);
        Assert.That(page.Document.QuerySelector("#demote-form"), Is.Not.Null, "still an instructor");
    }

    [TestCase("disable")]
    [TestCase("demote")]
    public async Task An_action_on_an_unknown_account_is_a_404(string action)
    {
        using var admin = await SignedInAsync(_adminEmail);
        var token = (await admin.GetAsync("/admin/users")).FormPostingTo("/account/logout").AntiforgeryToken!;

        var response = await admin.Http.PostAsync($"/admin/users/{Guid.NewGuid()}/{action}", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token, ["Reason"] = "Cleanup",
        }));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }
}
