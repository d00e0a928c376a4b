using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Streaming.Application.Common.Interfaces;
using Streaming.Domain.Enrollments;
using Streaming.Infrastructure.Data;

namespace Streaming.Web.FunctionalTests.Security;

/// <summary>
/// Two-factor sign-in with an authenticator app (codes computed here as the app would), recovery
/// codes, "download my data" and "delete my account".
/// </summary>
public class AccountSelfServiceTests : ClassesTestBase
{
    /// <summary>Turns 2FA on through the pages; returns the key and the recovery codes shown.</summary>
    private static async Task<(string Key, IReadOnlyList<string> RecoveryCodes)> TurnOnTwoFactorAsync(PageClient visitor)
    {
        var setup = await visitor.GetAsync("/account/security/two-factor");
        Assert.That(setup.StatusCode, Is.EqualTo(HttpStatusCode.OK), setup.ToString());
        var key = setup.Document.QuerySelector("#shared-key")!.TextContent;
        Assert.That(setup.Document.QuerySelector("#otpauth-uri")!.TextContent, Does.StartWith("otpauth://totp/Streaming").And.Contain("secret="));
        Assert.That(setup.Document.QuerySelector("#qr-code")!.GetAttribute("src"), Does.StartWith("data:image/png;base64,"));

        var page = await visitor.SubmitForPageAsync(setup.Form().Set("Code", Totp.Code(key, DateTimeOffset.UtcNow)));
        var codes = page.Document.QuerySelectorAll("#recovery-codes li").Select(li => li.TextContent.Trim()).ToList();
        Assert.That(codes, Has.Count.EqualTo(10), page.ToString());
        return (key, codes);
    }

    private static async Task<HttpResponseMessage> SecondStepAsync(PageClient visitor, HttpResponseMessage passwordStep, string code)
    {
        Assert.That(PageClient.RedirectTarget(passwordStep).AbsolutePath, Is.EqualTo("/account/login/two-factor"));
        var form = (await visitor.FollowRedirectAsync(passwordStep)).Form().Set("Code", code);
        return await visitor.SubmitAsync(form);
    }

    [Test]
    public async Task With_two_factor_on_signing_in_needs_the_authenticator_code()
    {
        var (member, email) = await SignedInMemberAsync();
        var (key, _) = await TurnOnTwoFactorAsync(member);
        var security = await member.GetAsync("/account/security");
        Assert.That(security.Document.QuerySelector("#two-factor-section .badge")?.TextContent, Is.EqualTo("On"));
        member.Dispose();

        using var visitor = NewVisitor();
        var passwordStep = await SubmitLoginAsync(visitor, email, Password);
        Assert.That((await visitor.GetAsync("/me/classes")).StatusCode, Is.EqualTo(HttpStatusCode.Redirect), "the password alone does not sign in");

        var wrong = await HtmlPage.ReadAsync(await SecondStepAsync(visitor, passwordStep, "000000"));
        Assert.That(wrong.FieldMessage("Code"), Is.EqualTo("That code is not valid."), wrong.ToString());
        var right = await visitor.SubmitAsync(wrong.Form().Set("Code", Totp.Code(key, DateTimeOffset.UtcNow)));

        Assert.That(PageClient.RedirectTarget(right).AbsolutePath, Is.EqualTo("/"));
        Assert.That((await visitor.GetAsync("/")).AccountMenuName, Is.EqualTo("Test Member"));
    }

    [Test]
    public async Task A_recovery_code_signs_in_once()
    {
        var (member, email) = await SignedInMemberAsync();
        var (_, codes) = await TurnOnTwoFactorAsync(member);
        member.Dispose();

        using var first = NewVisitor();
        var used = await SecondStepAsync(first, await SubmitLoginAsync(first, email, Password), codes[0]);
        using var second = NewVisitor();
        var again = await HtmlPage.ReadAsync(await SecondStepAsync(second, await SubmitLoginAsync(second, email, Password), codes[0]));

        Assert.That(PageClient.RedirectTarget(used).AbsolutePath, Is.EqualTo("/"));
        Assert.That(again.FieldMessage("Code"), Is.EqualTo("That code is not valid."));
        var security = await first.GetAsync("/account/security");
        Assert.That(security.Document.QuerySelector("#recovery-codes-left")?.TextContent, Is.EqualTo("9"));
    }

    [Test]
    public async Task A_wrong_setup_code_keeps_two_factor_off_and_says_so()
    {
        var (member, _) = await SignedInMemberAsync();
        using (member)
        {
            var setup = await member.GetAsync("/account/security/two-factor");
            var page = await member.SubmitForPageAsync(setup.Form().Set("Code", "12345"));
            var wrong = await member.SubmitForPageAsync(page.Form().Set("Code", "123456"));

            Assert.That(page.Text, Does.Contain("Enter the 6-digit code"));
            Assert.That(wrong.Text, Does.Contain("That code is not valid."));
            Assert.That(wrong.Document.QuerySelector("#shared-key")?.TextContent, Is.EqualTo(setup.Document.QuerySelector("#shared-key")?.TextContent), "the same key to try again");
            Assert.That((await member.GetAsync("/account/security")).Document.QuerySelector("#two-factor-section .badge")?.TextContent, Is.EqualTo("Off"));
        }
    }

    [Test]
    public async Task Turning_two_factor_off_needs_the_password()
    {
        var (member, email) = await SignedInMemberAsync();
        using (member)
        {
            await TurnOnTwoFactorAsync(member);
            var security = await member.GetAsync("/account/security");

            var refused = await member.FollowRedirectAsync(await member.SubmitAsync(security.FormPostingTo("/account/security/two-factor/disable").Set("Password", "wrong-password-1")));
            var done = await member.FollowRedirectAsync(await member.SubmitAsync(refused.FormPostingTo("/account/security/two-factor/disable").Set("Password", Password)));

            Assert.That(FlashError(refused), Is.EqualTo("The password is wrong."));
            Assert.That(Flash(done), Is.EqualTo("Two-factor sign-in is off."));
            using var visitor = NewVisitor();
            Assert.That(PageClient.RedirectTarget(await SubmitLoginAsync(visitor, email, Password)).AbsolutePath, Is.EqualTo("/"));
        }
    }

    [Test]
    public async Task Download_my_data_gives_my_profile_enrollments_and_token_history_and_nobody_elses()
    {
        var coach = await InstructorAsync();
        var stream = await ScheduleAsync(coach, title: "Export Flow", price: 4);
        var (member, email) = await SignedInMemberAsync();
        var (other, otherEmail) = await SignedInMemberAsync("other");
        other.Dispose();
        using (member)
        {
            await GrantAsync(email, 10);
            await EnrollAsync(member, stream.Id);
            var memberId = await UserIdAsync(email);
            await InScopeAsync(async sp =>
            {
                var db = sp.GetRequiredService<ApplicationDbContext>();
                (await db.Profiles.SingleAsync(p => p.Id == memberId)).ChangeTimeZone("Europe/Paris");
                return await db.SaveChangesAsync();
            });

            var response = await member.Http.GetAsync("/account/security/export");

            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(response.Content.Headers.ContentDisposition?.FileName, Does.StartWith("streaming-my-data-"));
            var json = await response.Content.ReadAsStringAsync();
            using var data = JsonDocument.Parse(json);
            var root = data.RootElement;
            Assert.That(root.GetProperty("account").GetProperty("email").GetString(), Is.EqualTo(email));
            Assert.That(root.GetProperty("account").GetProperty("timeZone").GetString(), Is.EqualTo("Europe/Paris"));
            Assert.That(root.GetProperty("sharedLinks").GetArrayLength(), Is.Zero);
            Assert.That(root.GetProperty("enrollments")[0].GetProperty("classTitle").GetString(), Is.EqualTo("Export Flow"));
            Assert.That(root.GetProperty("tokenBalance").GetInt32(), Is.EqualTo(6));
            Assert.That(root.GetProperty("tokenHistory").GetArrayLength(), Is.EqualTo(2), "the grant and the payment");
            Assert.That(json, Does.Not.Contain(otherEmail));
        }
    }

    [Test]
    public async Task Deleting_the_account_keeps_the_books_anonymously_and_frees_the_email()
    {
        var coach = await InstructorAsync();
        var past = await ScheduleAsync(coach, title: "Past Flow", price: 3);
        var (member, email) = await SignedInMemberAsync();
        var memberId = await UserIdAsync(email);
        await GrantAsync(email, 10);
        await EnrollAsync(member, past.Id);
        await ChangeStreamAsync(past.Id, (s, now) => { s.GoLive(now); s.End(now, Domain.Common.RetentionPolicy.Default); });

        var form = (await member.GetAsync("/account/security/delete")).Form().Set("Password", Password).Set("Confirmation", "DELETE");
        var response = await member.SubmitAsync(form);

        Assert.That(PageClient.RedirectTarget(response).AbsolutePath, Is.EqualTo("/"), (await HtmlPage.ReadAsync(response)).ToString());
        var home = await member.FollowRedirectAsync(response);
        Assert.That(home.AccountMenuName, Is.Null, "signed out");
        using var visitor = NewVisitor();
        Assert.That((await SubmitLoginAsync(visitor, email, Password)).StatusCode, Is.EqualTo(HttpStatusCode.OK), "cannot sign in any more");

        var (profile, enrollments) = await InScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<ApplicationDbContext>();
            return (await db.Profiles.AsNoTracking().SingleAsync(p => p.Id == memberId),
                await db.Enrollments.AsNoTracking().Where(e => e.MemberId == memberId).ToListAsync());
        });
        using (Assert.EnterMultipleScope())
        {
            Assert.That(profile.DisplayName, Is.EqualTo("Deleted account"));
            Assert.That(profile.Email, Does.Not.Contain(email));
            Assert.That(profile.DeletedAt, Is.Not.Null);
            Assert.That(enrollments.Single().Status, Is.EqualTo(EnrollmentStatus.Active), "the enrollment stays as a record");
            Assert.That(await InScopeAsync(sp => sp.GetRequiredService<ITokenLedger>().GetHistoryAsync(memberId, 500, CancellationToken.None)),
                Has.Count.EqualTo(2), "the ledger lines stay");
            Assert.That(await FindUserAsync(email), Is.Null, "the email is no longer on an account");
        }

        using var newcomer = NewVisitor();
        await RegisterAsync(newcomer, email);
        Assert.That((await newcomer.GetAsync("/")).AccountMenuName, Is.EqualTo("Test Member"), "the email can sign up again");
    }

    [Test]
    public async Task Deleting_is_refused_while_holding_a_seat_in_an_upcoming_class_or_with_a_wrong_password()
    {
        var coach = await InstructorAsync();
        var upcoming = await ScheduleAsync(coach, price: 0);
        var (member, email) = await SignedInMemberAsync();
        using (member)
        {
            await EnrollAsync(member, upcoming.Id);
            var form = (await member.GetAsync("/account/security/delete")).Form();

            var wrongPassword = await member.SubmitForPageAsync(form.Set("Password", "wrong-password-1").Set("Confirmation", "DELETE"));
            var noConfirmation = await member.SubmitForPageAsync(wrongPassword.Form().Set("Password", Password).Set("Confirmation", "delete me"));
            var seat = await member.SubmitForPageAsync(noConfirmation.Form().Set("Password", Password).Set("Confirmation", "DELETE"));

            Assert.That(wrongPassword.FieldMessage("Password"), Is.EqualTo("The password is wrong."));
            Assert.That(noConfirmation.FieldMessage("Confirmation"), Is.EqualTo("Type DELETE to confirm."));
            Assert.That(seat.ValidationMessages.Single(), Does.Contain("You hold a seat in 1 class"));
            Assert.That(await FindUserAsync(email), Is.Not.Null);
        }
    }
}
