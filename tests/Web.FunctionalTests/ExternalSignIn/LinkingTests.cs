using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Streaming.Infrastructure.Data;

namespace Streaming.Web.FunctionalTests.ExternalSignIn;

/// <summary>
/// One account, several ways in: a provider whose verified email has an account links only after
/// that account's password; members link and unlink providers on their profile, never leaving an
/// account without a way in; Google through its OAuth endpoints and user info.
/// </summary>
public class LinkingTests : ExternalSignInTestBase
{
    [Test]
    public async Task Google_first_sign_in_creates_a_member_from_its_user_info()
    {
        using var browser = NewBrowser();
        var person = NewPerson(UniqueEmail("google"), firstName: "Cleo", lastName: "Ng");

        var home = await SignInWithAsync(browser, "Google", person);

        var token = Provider.Requests.Single(r => r.Path == "/google/token");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(home.AccountMenuName, Is.EqualTo("Cleo Ng"));
            Assert.That((await LoginsOfAsync(person.Email)).Logins, Is.EqualTo(new[] { $"Google:{person.Sub}" }));
            Assert.That(token.Form, Does.ContainKey("code_verifier"), "PKCE");
        }
    }

    [Test]
    public async Task A_verified_email_that_has_an_account_asks_for_its_password_once_then_links()
    {
        var email = UniqueEmail("collision");
        using (var signUp = NewBrowser()) await RegisterAsync(signUp, email, displayName: "Dana Password");
        var person = NewPerson(email);
        using var browser = NewBrowser();

        var ask = await SignInWithAsync(browser, "Apple", person);
        Assert.That(ask.Url.AbsolutePath, Is.EqualTo("/account/external-login/link"));
        Assert.That(ask.Document.QuerySelector("#link-email")?.TextContent, Is.EqualTo(email));
        Assert.That((await LoginsOfAsync(email)).Logins, Is.Empty, "nothing is linked before the password");

        var wrong = await browser.SubmitForPageAsync(ask.Form().Set("Password", "not-the-password-1"));
        Assert.That(wrong.FieldMessage("Password"), Is.EqualTo("The password is wrong."));
        Assert.That((await LoginsOfAsync(email)).Logins, Is.Empty);
        Assert.That(wrong.AccountMenuName, Is.Null);

        var home = await LandAsync(browser, await browser.SubmitAsync(wrong.Form().Set("Password", Password)));
        Assert.That(home.AccountMenuName, Is.EqualTo("Dana Password"));
        Assert.That(home.Text, Does.Contain("Apple is linked"));
        Assert.That((await LoginsOfAsync(email)).Logins, Is.EqualTo(new[] { $"Apple:{person.Sub}" }));

        using var later = NewBrowser();
        var again = await SignInWithAsync(later, "Apple", person);
        Assert.That(again.AccountMenuName, Is.EqualTo("Dana Password"), "linked: straight in");
    }

    [Test]
    public async Task Wrong_passwords_on_the_link_page_count_towards_the_lock_out()
    {
        var email = UniqueEmail("locked");
        using (var signUp = NewBrowser()) await RegisterAsync(signUp, email);
        using var browser = NewBrowser();
        var page = await SignInWithAsync(browser, "Apple", NewPerson(email));

        for (var i = 0; i < 10 && page.Url.AbsolutePath == "/account/external-login/link"; i++)
            page = await LandAsync(browser, await browser.SubmitAsync(page.Form().Set("Password", $"wrong-password-{i}")));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(page.Url.AbsolutePath, Is.EqualTo("/account/login"));
            Assert.That(page.Text, Does.Contain("This account is locked"));
            Assert.That((await LoginsOfAsync(email)).Logins, Is.Empty);
        }
    }

    [Test]
    public async Task An_unverified_email_never_finds_or_makes_an_account()
    {
        var email = UniqueEmail("unverified");
        using (var signUp = NewBrowser()) await RegisterAsync(signUp, email);
        using var browser = NewBrowser();

        var page = await SignInWithAsync(browser, "Google", NewPerson(email, verified: false));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(page.Url.AbsolutePath, Is.EqualTo("/account/login"));
            Assert.That(page.Text, Does.Contain("Google did not confirm an email address for you"));
            Assert.That((await LoginsOfAsync(email)).Logins, Is.Empty);
            Assert.That(page.AccountMenuName, Is.Null);
        }
    }

    [Test]
    public async Task A_member_links_Google_on_the_profile_signs_in_with_it_and_unlinks_it()
    {
        var (member, email) = await SignedInBrowserAsync();
        var person = NewPerson(UniqueEmail("other-google-address"));
        Provider.NextPerson = person;

        var profile = await member.GetAsync("/me/profile");
        var consent = await FollowToProviderAsync(member, await member.SubmitAsync(LinkForm(profile, "Google")));
        var linked = await LandAsync(member, await ContinueAsync(member, consent));

        Assert.That(linked.Text, Does.Contain("Google is linked: you can sign in with it."));
        Assert.That(linked.Document.QuerySelector("#sign-in-google")?.TextContent, Does.Contain("Linked"));
        using (var other = NewBrowser())
        {
            var home = await SignInWithAsync(other, "Google", person);
            Assert.That(home.AccountMenuName, Is.EqualTo("Test Member"), "the Google account signs in to the member's account");
        }

        var unlinked = await LandAsync(member, await member.SubmitAsync(UnlinkForm(linked, "Google")));
        Assert.That(unlinked.Text, Does.Contain("Google is unlinked"));
        Assert.That((await LoginsOfAsync(email)).Logins, Is.Empty);
    }

    [Test]
    public async Task A_provider_account_linked_to_someone_else_cannot_be_linked_again()
    {
        var person = NewPerson();
        using (var owner = NewBrowser()) await SignInWithAsync(owner, "Apple", person);
        var (member, email) = await SignedInBrowserAsync();
        Provider.NextPerson = person;

        var profile = await member.GetAsync("/me/profile");
        var consent = await FollowToProviderAsync(member, await member.SubmitAsync(LinkForm(profile, "Apple")));
        var page = await LandAsync(member, await ContinueAsync(member, consent));

        Assert.That(page.Text, Does.Contain("This Apple account already signs in to another account here."));
        Assert.That((await LoginsOfAsync(email)).Logins, Is.Empty);
    }

    [Test]
    public async Task The_only_way_in_cannot_be_unlinked_until_the_member_sets_a_password()
    {
        using var browser = NewBrowser();
        var person = NewPerson();
        await SignInWithAsync(browser, "Apple", person);

        var profile = await browser.GetAsync("/me/profile");
        Assert.That(profile.Document.QuerySelector("#sign-in-apple")?.TextContent, Does.Contain("Your only way in"));
        // The button is not offered; a hand-made request is refused all the same.
        var refused = await LandAsync(browser, await browser.SubmitAsync(profile.FormPostingTo("/me/profile/logins/link").PostTo("/me/profile/logins/unlink").Set("provider", "Apple")));
        Assert.That(refused.Text, Does.Contain("Apple is your only way to sign in."));
        Assert.That((await LoginsOfAsync(person.Email)).Logins, Has.Count.EqualTo(1));

        var setPassword = await browser.GetAsync("/account/security/set-password");
        var weak = await browser.SubmitForPageAsync(setPassword.Form().Set("NewPassword", "short").Set("ConfirmNewPassword", "short"));
        Assert.That(weak.FieldMessage("NewPassword"), Does.Contain("at least 8 characters"));
        var set = await LandAsync(browser, await browser.SubmitAsync(weak.Form().Set("NewPassword", Password).Set("ConfirmNewPassword", Password)));
        Assert.That(set.Text, Does.Contain("Your password is set"));

        var withPassword = await browser.GetAsync("/me/profile");
        var unlinked = await LandAsync(browser, await browser.SubmitAsync(UnlinkForm(withPassword, "Apple")));
        Assert.That(unlinked.Text, Does.Contain("Apple is unlinked"));
        using var byPassword = NewBrowser();
        var home = await LandAsync(byPassword, await SubmitPasswordLoginAsync(byPassword, person.Email, Password));
        Assert.That(home.AccountMenuName, Is.EqualTo("Ana Diaz"));
    }

    [Test]
    public async Task Unlinking_ends_the_accounts_other_sessions_and_keeps_this_one()
    {
        var (member, email) = await SignedInBrowserAsync();
        using var otherDevice = NewBrowser();
        await LandAsync(otherDevice, await SubmitPasswordLoginAsync(otherDevice, email, Password));
        var person = NewPerson();
        Provider.NextPerson = person;
        var consent = await FollowToProviderAsync(member, await member.SubmitAsync(LinkForm(await member.GetAsync("/me/profile"), "Apple")));
        var linked = await LandAsync(member, await ContinueAsync(member, consent));

        await member.SubmitAsync(UnlinkForm(linked, "Apple"));

        Assert.That((await member.GetAsync("/me/profile")).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That((await otherDevice.GetAsync("/me/profile")).StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
    }

    [Test]
    public async Task Unlinking_a_provider_that_is_not_linked_is_a_404()
    {
        var (member, _) = await SignedInBrowserAsync();
        var profile = await member.GetAsync("/me/profile");

        var response = await member.SubmitAsync(LinkForm(profile, "Google").PostTo("/me/profile/logins/unlink"));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }

    [Test]
    public async Task Two_factor_sign_in_still_asks_for_the_code_after_a_provider_sign_in()
    {
        var person = NewPerson();
        using var browser = NewBrowser();
        await SignInWithAsync(browser, "Apple", person);
        await InScopeAsync(async sp =>
        {
            var users = sp.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<Streaming.Infrastructure.Identity.ApplicationUser>>();
            var user = (await users.FindByEmailAsync(person.Email))!;
            return await users.SetTwoFactorEnabledAsync(user, true);
        });

        using var later = NewBrowser();
        var page = await SignInWithAsync(later, "Apple", person);

        Assert.That(page.Url.AbsolutePath, Is.EqualTo("/account/login/two-factor"));
        Assert.That(page.AccountMenuName, Is.Null);
    }

    private async Task<(PageClient Browser, string Email)> SignedInBrowserAsync()
    {
        var browser = NewBrowser();
        var email = UniqueEmail();
        await RegisterAsync(browser, email);
        return (browser, email);
    }

    private static async Task<HttpResponseMessage> SubmitPasswordLoginAsync(PageClient browser, string email, string password)
    {
        var login = await browser.GetAsync("/account/login");
        return await browser.SubmitAsync(login.FormPostingTo("/account/login").Set("Email", email).Set("Password", password));
    }

    private static HtmlForm LinkForm(HtmlPage profile, string provider) =>
        FormWithProvider(profile, "/me/profile/logins/link", provider);

    private static HtmlForm UnlinkForm(HtmlPage profile, string provider) =>
        FormWithProvider(profile, "/me/profile/logins/unlink", provider);

    private static HtmlForm FormWithProvider(HtmlPage page, string path, string provider) =>
        page.Document.Forms.Select(f => new HtmlForm(f, page.Url))
            .SingleOrDefault(f => f.Action.AbsolutePath == path && f["provider"] == provider)
        ?? throw new AssertionException($"No form posting {provider} to {path} on {page}.");
}
