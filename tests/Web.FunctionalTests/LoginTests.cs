using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Streaming.Infrastructure.Identity;

namespace Streaming.Web.FunctionalTests;

public class LoginTests : WebTestBase
{
    /// <summary>Identity:Lockout:MaxFailedAttempts by default (per-IP throttling comes first; see README, Security).</summary>
    private const int LockoutAttempts = 10;

    private async Task<string> ExistingAccountAsync()
    {
        var email = UniqueEmail();
        using var visitor = NewVisitor();
        await RegisterAsync(visitor, email);
        return email;
    }

    [Test]
    public async Task The_right_password_signs_in()
    {
        var email = await ExistingAccountAsync();
        using var visitor = NewVisitor();

        var response = await SubmitLoginAsync(visitor, email, Password);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), (await HtmlPage.ReadAsync(response)).ToString());
        Assert.That(PageClient.RedirectTarget(response).AbsolutePath, Is.EqualTo("/"));
        var home = await visitor.FollowRedirectAsync(response);
        Assert.That(home.AccountMenuName, Is.EqualTo("Test Member"));
    }

    [Test]
    public async Task The_email_is_matched_without_regard_to_case_and_surrounding_spaces()
    {
        var email = await ExistingAccountAsync();
        using var visitor = NewVisitor();

        var response = await SubmitLoginAsync(visitor, $"  {email.ToUpperInvariant()} ", Password);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        Assert.That((await visitor.FollowRedirectAsync(response)).AccountMenuName, Is.EqualTo("Test Member"));
    }

    [Test]
    public async Task A_wrong_password_shows_a_message_and_does_not_sign_in()
    {
        var email = await ExistingAccountAsync();
        using var visitor = NewVisitor();

        var page = await HtmlPage.ReadAsync(await SubmitLoginAsync(visitor, email, "wrong-password-1"));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(page.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(page.ValidationMessages, Does.Contain("The email or password is wrong."));
            Assert.That(page.AccountMenuName, Is.Null);
            Assert.That(page.Form()["Email"], Is.EqualTo(email), "the email is kept");
            Assert.That(page.Form()["Password"], Is.Empty, "the password is not sent back");
        }
    }

    [Test]
    public async Task An_unknown_email_gets_the_same_message_as_a_wrong_password()
    {
        using var visitor = NewVisitor();

        var page = await HtmlPage.ReadAsync(await SubmitLoginAsync(visitor, UniqueEmail("nobody"), Password));

        Assert.That(page.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(page.ValidationMessages, Does.Contain("The email or password is wrong."));
    }

    /// <summary>SRC BUG: the implicit [Required] message wins over the controller's own (see RegistrationTests).</summary>
    [Test]
    public async Task Empty_fields_are_asked_for_with_the_apps_own_messages()
    {
        using var visitor = NewVisitor();

        var page = await HtmlPage.ReadAsync(await SubmitLoginAsync(visitor, "", ""));

        Assert.That(page.StatusCode, Is.EqualTo(HttpStatusCode.OK), page.ToString());
        Assert.That(page.ValidationMessages, Does.Contain("Enter your email address.").And.Contain("Enter your password."));
    }

    [Test]
    public async Task Ten_wrong_passwords_lock_the_account_even_against_the_right_password()
    {
        var email = await ExistingAccountAsync();
        using var visitor = NewVisitor();

        var messages = new List<IReadOnlyList<string>>();
        for (var attempt = 1; attempt <= LockoutAttempts; attempt++)
            messages.Add((await HtmlPage.ReadAsync(await SubmitLoginAsync(visitor, email, $"wrong-{attempt}-password"))).ValidationMessages);
        var response = await SubmitLoginAsync(visitor, email, Password);
        var page = await HtmlPage.ReadAsync(response);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(messages.Take(LockoutAttempts - 1), Has.All.Contains("The email or password is wrong."));
            Assert.That(messages[LockoutAttempts - 1], Does.Contain("Too many failed attempts. This account is locked for 15 minutes."));
            Assert.That(page.StatusCode, Is.EqualTo(HttpStatusCode.OK), "the right password does not get in");
            Assert.That(page.ValidationMessages, Does.Contain("Too many failed attempts. This account is locked for 15 minutes."));
            Assert.That(page.AccountMenuName, Is.Null);
        }
    }

    /// <summary>
    /// Identity computes lock-outs with the system clock (DateTimeOffset.UtcNow), not the app's
    /// TimeProvider, so the test checks the stored end and then moves it into the past.
    /// </summary>
    [Test]
    public async Task A_lock_out_lasts_15_minutes_and_then_the_right_password_works_again()
    {
        var email = await ExistingAccountAsync();
        using var visitor = NewVisitor();
        var lockedAt = DateTimeOffset.UtcNow;
        for (var attempt = 1; attempt <= LockoutAttempts; attempt++) await SubmitLoginAsync(visitor, email, $"wrong-{attempt}-password");

        var lockoutEnd = (await FindUserAsync(email))!.LockoutEnd;
        Assert.That(lockoutEnd, Is.EqualTo(lockedAt.AddMinutes(15)).Within(TimeSpan.FromMinutes(1)));

        await InScopeAsync(async sp =>
        {
            var users = sp.GetRequiredService<UserManager<ApplicationUser>>();
            var user = await users.FindByEmailAsync(email) ?? throw new AssertionException("gone");
            return await users.SetLockoutEndDateAsync(user, DateTimeOffset.UtcNow.AddSeconds(-1));
        });
        var response = await SubmitLoginAsync(visitor, email, Password);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), "once the lock-out is over the right password gets in");
        Assert.That((await FindUserAsync(email))!.AccessFailedCount, Is.Zero, "a success resets the failure count");
    }

    [Test]
    public async Task A_successful_login_goes_back_to_a_local_return_url()
    {
        var email = await ExistingAccountAsync();
        using var visitor = NewVisitor();

        var challenge = await visitor.Http.GetAsync("/account/become-instructor");
        var loginUrl = PageClient.RedirectTarget(challenge);
        var response = await SubmitLoginAsync(visitor, email, Password, loginUrl.PathAndQuery);

        Assert.That(PageClient.RedirectTarget(response).AbsolutePath, Is.EqualTo("/account/become-instructor"));
        var page = await visitor.FollowRedirectAsync(response);
        Assert.That(page.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(page.Document.QuerySelector("h1")?.TextContent, Is.EqualTo("Become an instructor"));
    }

    [TestCase("https://evil.example/phish")]
    [TestCase("//evil.example/phish")]
    public async Task A_foreign_return_url_is_ignored(string returnUrl)
    {
        var email = await ExistingAccountAsync();
        using var visitor = NewVisitor();

        var response = await SubmitLoginAsync(visitor, email, Password, $"/account/login?ReturnUrl={Uri.EscapeDataString(returnUrl)}");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        var target = PageClient.RedirectTarget(response);
        Assert.That(target.Host, Is.EqualTo("localhost"));
        Assert.That(target.AbsolutePath, Is.EqualTo("/"));
    }

    [Test]
    public async Task Logging_out_with_the_form_signs_out()
    {
        var (visitor, email) = await SignedInMemberAsync();
        using (visitor)
        {
            var home = await visitor.GetAsync("/");
            Assert.That(home.AccountMenuName, Is.EqualTo("Test Member"));

            var response = await visitor.SubmitAsync(home.FormPostingTo("/account/logout"));

            Assert.That(PageClient.RedirectTarget(response).AbsolutePath, Is.EqualTo("/"));
            var after = await visitor.FollowRedirectAsync(response);
            using (Assert.EnterMultipleScope())
            {
                Assert.That(after.AccountMenuName, Is.Null);
                Assert.That(after.MenuItems, Does.Contain("Log in").And.Contain("Sign up"));
            }

            var protectedPage = await visitor.Http.GetAsync("/account/become-instructor");
            Assert.That(protectedPage.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), "the auth cookie is gone");
        }
    }

    [Test]
    public async Task Logging_out_without_the_token_is_refused_and_keeps_the_session()
    {
        var (visitor, email) = await SignedInMemberAsync();
        using (visitor)
        {
            var form = (await visitor.GetAsync("/")).FormPostingTo("/account/logout").Remove(HtmlForm.AntiforgeryField);
            var response = await visitor.SubmitAsync(form, requireToken: false);

            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That((await visitor.GetAsync("/")).AccountMenuName, Is.EqualTo("Test Member"), "still signed in");
        }
    }
}
