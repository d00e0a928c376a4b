using System.Net.Http.Headers;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Streaming.Application.Admin.Commands.PromoteToInstructor;
using Streaming.Domain.Users;
using Streaming.Infrastructure.Data;

namespace Streaming.Web.FunctionalTests.Security;

/// <summary>
/// Sessions end when they should: a copy of the auth cookie taken before logging out, signing out
/// of all devices or changing the password stops working at once; a role granted by an admin
/// reaches the member's open session without signing out.
/// </summary>
public class SessionTests : ClassesTestBase
{
    /// <summary>A member signed in through the login form, with the auth cookie the server set (as an attacker might copy it).</summary>
    private async Task<(PageClient Visitor, string Email, string Cookie)> SignedInWithCookieAsync()
    {
        var email = UniqueEmail();
        using (var signUp = NewVisitor()) await RegisterAsync(signUp, email);
        var visitor = NewVisitor();
        var response = await SubmitLoginAsync(visitor, email, Password);
        return (visitor, email, AuthCookie(response));
    }

    private static string AuthCookie(HttpResponseMessage response) =>
        response.Headers.GetValues("Set-Cookie").Select(c => c.Split(';')[0]).Single(c => c.StartsWith("streaming.auth=", StringComparison.Ordinal));

    /// <summary>GET with only <paramref name="cookie"/>: 200 when it still signs in, a redirect to the login page when not.</summary>
    private async Task<HttpStatusCode> WithCookieAsync(string cookie, string path = "/me/classes")
    {
        using var client = Factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add("Cookie", cookie);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/html"));
        return (await client.SendAsync(request)).StatusCode;
    }

    private static Task<HttpResponseMessage> LogOutAsync(PageClient visitor) =>
        visitor.GetAsync("/").ContinueWith(page => visitor.SubmitAsync(page.Result.FormPostingTo("/account/logout")), TaskScheduler.Default).Unwrap();

    [Test]
    public async Task A_cookie_copied_before_logout_no_longer_signs_in_after_logout()
    {
        var (visitor, _, cookie) = await SignedInWithCookieAsync();
        using (visitor)
        {
            Assert.That(await WithCookieAsync(cookie), Is.EqualTo(HttpStatusCode.OK), "the copy works while signed in");

            await LogOutAsync(visitor);

            Assert.That(await WithCookieAsync(cookie), Is.EqualTo(HttpStatusCode.Redirect), "logging out ended the session itself");
        }
    }

    [Test]
    public async Task Logging_out_on_one_device_keeps_the_others_signed_in()
    {
        var (phone, email, phoneCookie) = await SignedInWithCookieAsync();
        using var laptop = NewVisitor();
        var laptopCookie = AuthCookie(await SubmitLoginAsync(laptop, email, Password));

        await LogOutAsync(phone);
        phone.Dispose();

        Assert.That(await WithCookieAsync(phoneCookie), Is.EqualTo(HttpStatusCode.Redirect));
        Assert.That(await WithCookieAsync(laptopCookie), Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task Sign_out_of_all_devices_ends_every_session_this_one_included()
    {
        var (phone, email, phoneCookie) = await SignedInWithCookieAsync();
        phone.Dispose();
        using var laptop = NewVisitor();
        var laptopCookie = AuthCookie(await SubmitLoginAsync(laptop, email, Password));
        var security = await laptop.GetAsync("/account/security");
        // Sign-up, the phone's login and this one.
        Assert.That(security.Document.QuerySelector("#session-count")?.TextContent, Is.EqualTo("3"), security.ToString());

        var response = await laptop.SubmitAsync(security.FormPostingTo("/account/security/sign-out-everywhere"));

        Assert.That(PageClient.RedirectTarget(response).AbsolutePath, Is.EqualTo("/account/login"));
        var login = await laptop.FollowRedirectAsync(response);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(Flash(login), Does.Contain("signed out on every device"));
            Assert.That(login.AccountMenuName, Is.Null);
            Assert.That(await WithCookieAsync(phoneCookie), Is.EqualTo(HttpStatusCode.Redirect), "the other device");
            Assert.That(await WithCookieAsync(laptopCookie), Is.EqualTo(HttpStatusCode.Redirect), "this device");
        }

        using var again = NewVisitor();
        Assert.That((await SubmitLoginAsync(again, email, Password)).StatusCode, Is.EqualTo(HttpStatusCode.Redirect), "the password still works");
    }

    [Test]
    public async Task Changing_the_password_ends_the_other_sessions_and_keeps_this_one()
    {
        var (phone, email, phoneCookie) = await SignedInWithCookieAsync();
        phone.Dispose();
        using var laptop = NewVisitor();
        await SubmitLoginAsync(laptop, email, Password);

        var form = (await laptop.GetAsync("/account/security/password")).Form()
            .Set("CurrentPassword", Password).Set("NewPassword", "new-secret-77").Set("ConfirmNewPassword", "new-secret-77");
        var response = await laptop.SubmitAsync(form);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), (await HtmlPage.ReadAsync(response)).ToString());
        var page = await laptop.FollowRedirectAsync(response);
        using var oldPassword = NewVisitor();
        using var newPassword = NewVisitor();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(page.Url.AbsolutePath, Is.EqualTo("/account/security"));
            Assert.That(Flash(page), Does.Contain("password is changed"));
            Assert.That(page.AccountMenuName, Is.EqualTo("Test Member"), "this browser stays signed in");
            Assert.That(await WithCookieAsync(phoneCookie), Is.EqualTo(HttpStatusCode.Redirect), "the other device is signed out");
            Assert.That((await SubmitLoginAsync(oldPassword, email, Password)).StatusCode, Is.EqualTo(HttpStatusCode.OK), "the old password is refused");
            Assert.That((await SubmitLoginAsync(newPassword, email, "new-secret-77")).StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        }
    }

    [TestCase("wrong-password-1", "new-secret-77", "new-secret-77", "CurrentPassword", "The current password is wrong.")]
    [TestCase(Password, "short1", "short1", "NewPassword", "at least 8 characters")]
    [TestCase(Password, "new-secret-77", "new-secret-78", "ConfirmNewPassword", "The passwords do not match.")]
    [TestCase(Password, "nodigitshere", "nodigitshere", "NewPassword", "digit")]
    public async Task A_password_change_that_cannot_be_done_says_why_and_changes_nothing(
        string current, string next, string confirm, string field, string message)
    {
        var (visitor, email) = await SignedInMemberAsync();
        using (visitor)
        {
            var form = (await visitor.GetAsync("/account/security/password")).Form()
                .Set("CurrentPassword", current).Set("NewPassword", next).Set("ConfirmNewPassword", confirm);
            var page = await visitor.SubmitForPageAsync(form);

            Assert.That(page.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(page.FieldMessage(field), Does.Contain(message), page.ToString());
            Assert.That(page.Form()["CurrentPassword"], Is.Empty, "passwords are not sent back");
            using var again = NewVisitor();
            Assert.That((await SubmitLoginAsync(again, email, Password)).StatusCode, Is.EqualTo(HttpStatusCode.Redirect), "the old password still works");
        }
    }

    /// <summary>Issue 10, item 4: promoted by an admin, the member's open session has the role on its next request.</summary>
    [Test]
    public async Task A_member_promoted_by_an_admin_opens_the_dashboard_without_signing_out()
    {
        var (member, email) = await SignedInMemberAsync();
        using (member)
        {
            var before = await member.Http.GetAsync("/instructor/streams");
            Assert.That(PageClient.RedirectTarget(before).AbsolutePath, Is.EqualTo("/account/access-denied"), "a member first");
            var admin = await InstructorAsync("Admin");
            await SendAsAsync(admin, new PromoteToInstructorCommand(await UserIdAsync(email)), Roles.SuperAdmin);

            var dashboard = await member.GetAsync("/instructor/streams");

            Assert.That(dashboard.StatusCode, Is.EqualTo(HttpStatusCode.OK), dashboard.ToString());
            Assert.That(dashboard.AccountMenuName, Is.EqualTo("Test Member"), "the same session, still signed in");
            Assert.That((await member.GetAsync("/")).MenuItems, Does.Contain("Instructor"));
        }
    }

    /// <summary>Issue 10, item 4: promoted by the access code, the dashboard opens at once, in the same session.</summary>
    [Test]
    public async Task A_member_promoted_by_the_access_code_opens_the_dashboard_at_once_in_the_same_session()
    {
        var (member, email) = await SignedInMemberAsync();
        using (member)
        {
            var form = (await member.GetAsync("/account/become-instructor")).Form().Set("AccessCode", StreamingWebFactory.InstructorAccessCode);
            await member.SubmitAsync(form);

            Assert.That((await member.GetAsync("/instructor/streams")).StatusCode, Is.EqualTo(HttpStatusCode.OK));
            var userId = await UserIdAsync(email);
            var sessions = await InScopeAsync(sp => sp.GetRequiredService<ApplicationDbContext>().UserSessions.CountAsync(s => s.UserId == userId));
            Assert.That(sessions, Is.EqualTo(1), "refreshing the cookie kept its session");
        }
    }
}
