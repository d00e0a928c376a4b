using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using Streaming.Infrastructure.Data;
using Streaming.TestSupport.Identity;

namespace Streaming.Web.FunctionalTests.ExternalSignIn;

/// <summary>
/// Sign in with Apple end to end: the app's button, Apple's authorize page answering with a form
/// post, the app redeeming the code with its ES256 client secret and checking the ID token
/// (signature from the JWKS, issuer, audience, lifetime on the app's clock, nonce), then the account.
/// </summary>
public class AppleSignInTests : ExternalSignInTestBase
{
    [Test]
    public async Task First_sign_in_creates_a_member_named_as_Apple_said_with_a_server_side_session()
    {
        using var browser = NewBrowser();
        var person = NewPerson(firstName: "Ana", lastName: "Diaz");

        var home = await SignInWithAsync(browser, "Apple", person);

        var account = await LoginsOfAsync(person.Email);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(home.Text, Does.Contain("Welcome! Your account is ready; you sign in with Apple."));
            Assert.That(home.AccountMenuName, Is.EqualTo("Ana Diaz"));
            Assert.That(account.Logins, Is.EqualTo(new[] { $"Apple:{person.Sub}" }));
            Assert.That(account.HasPassword, Is.False);
            Assert.That(await RolesOfAsync(person.Email), Is.EqualTo(new[] { "Member" }));
            Assert.That(await ActiveSessionsAsync(account.UserId), Is.EqualTo(1), "the same server-side session as a password sign-in");
        }
    }

    [Test]
    public async Task The_client_secret_is_an_ES256_JWT_from_the_team_key_and_Apple_answers_by_form_post()
    {
        using var browser = NewBrowser();
        await SignInWithAsync(browser, "Apple", NewPerson());

        var authorize = Provider.Requests.Single(r => r.Path == "/apple/auth/authorize");
        var token = Provider.Requests.Single(r => r.Path == "/apple/auth/token");
        var secret = new JsonWebToken(token.Form["client_secret"]);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(authorize.Query["response_mode"], Is.EqualTo("form_post"));
            Assert.That(authorize.Query["scope"].Split(' '), Is.EquivalentTo(new[] { "openid", "name", "email" }));
            Assert.That(authorize.Query, Does.ContainKey("nonce"));
            Assert.That(secret.Alg, Is.EqualTo("ES256"));
            Assert.That(secret.Kid, Is.EqualTo(FakeSignInProvider.AppleKeyId));
            Assert.That(secret.Issuer, Is.EqualTo(FakeSignInProvider.AppleTeamId));
            Assert.That(secret.Subject, Is.EqualTo(FakeSignInProvider.AppleClientId));
            Assert.That(secret.Audiences, Is.EqualTo(new[] { Provider.AppleIssuer.TrimEnd('/') }));
            Assert.That(secret.IssuedAt, Is.EqualTo(Factory.Clock.GetUtcNow().UtcDateTime));
        }
    }

    [Test]
    public async Task A_returning_member_signs_in_to_the_same_account_though_Apple_sends_no_name_again()
    {
        var person = NewPerson(firstName: "Ben", lastName: "Okafor");
        using (var first = NewBrowser()) await SignInWithAsync(first, "Apple", person);
        var userId = (await LoginsOfAsync(person.Email)).UserId;

        using var second = NewBrowser();
        var home = await SignInWithAsync(second, "Apple", person);

        var lastAuthorize = Provider.Requests.Last(r => r.Path == "/apple/auth/authorize");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(home.AccountMenuName, Is.EqualTo("Ben Okafor"), "the name kept from the first sign-in");
            Assert.That(home.Text, Does.Not.Contain("Welcome!"));
            Assert.That((await LoginsOfAsync(person.Email)).UserId, Is.EqualTo(userId));
            Assert.That(await ActiveSessionsAsync(userId), Is.EqualTo(2));
            Assert.That(lastAuthorize, Is.Not.Null);
        }
    }

    [Test]
    public async Task Logging_out_ends_the_session_an_Apple_sign_in_opened()
    {
        using var browser = NewBrowser();
        var person = NewPerson();
        var home = await SignInWithAsync(browser, "Apple", person);
        var userId = (await LoginsOfAsync(person.Email)).UserId;

        await browser.SubmitAsync(home.FormPostingTo("/account/logout"));

        Assert.That(await ActiveSessionsAsync(userId), Is.Zero);
        var after = await browser.GetAsync("/me/classes");
        Assert.That(after.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), "signed out");
    }

    [Test]
    public async Task Apples_private_relay_email_becomes_the_account_email_and_no_name_is_made_from_it()
    {
        using var browser = NewBrowser();
        var relay = $"{Guid.NewGuid():N}@privaterelay.appleid.com";

        var home = await SignInWithAsync(browser, "Apple", NewPerson(relay, privateEmail: true, firstName: null, lastName: null));
        var profile = await browser.GetAsync("/me/profile");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(home.AccountMenuName, Is.EqualTo("Member"));
            Assert.That(profile.Text, Does.Contain(relay));
            Assert.That(profile.Document.QuerySelector("#private-relay-note")?.TextContent, Does.Contain("private relay address"));
        }
    }

    [TestCase(IdTokenFault.TamperedSignature)]
    [TestCase(IdTokenFault.TamperedPayload)]
    [TestCase(IdTokenFault.Expired)]
    [TestCase(IdTokenFault.WrongAudience)]
    [TestCase(IdTokenFault.WrongNonce)]
    [TestCase(IdTokenFault.UnknownKey)]
    public async Task A_bad_ID_token_signs_nobody_in_and_makes_no_account(IdTokenFault fault)
    {
        using var browser = NewBrowser();
        var person = NewPerson();
        Provider.IdTokenFault = fault;

        var page = await SignInWithAsync(browser, "Apple", person);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(page.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(page.Url.AbsolutePath, Is.EqualTo("/account/login"));
            Assert.That(page.Text, Does.Contain("Sign-in with Apple did not work. Please try again."));
            Assert.That(page.AccountMenuName, Is.Null);
            Assert.That(await FindUserAsync(person.Email), Is.Null);
            // Everything else was right: the code was redeemed, the ID token itself was refused.
            Assert.That(Provider.Requests.Count(r => r.Path == "/apple/auth/token"), Is.EqualTo(1));
        }
    }

    [Test]
    public async Task A_replayed_answer_is_refused_after_the_first_use()
    {
        using var browser = NewBrowser();
        var person = NewPerson();
        Provider.NextPerson = person;
        var consent = await OpenProviderAsync(browser, "Apple");
        var answer = consent.Form("form");

        var home = await LandAsync(browser, await browser.SubmitAsync(answer, requireToken: false));
        await browser.SubmitAsync(home.FormPostingTo("/account/logout"));
        var replay = await LandAsync(browser, await browser.SubmitAsync(answer, requireToken: false));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(home.AccountMenuName, Is.EqualTo("Ana Diaz"));
            Assert.That(replay.Text, Does.Contain("Sign-in with Apple did not work"));
            Assert.That(replay.AccountMenuName, Is.Null);
        }
    }

    [Test]
    public async Task A_state_the_app_never_issued_is_refused()
    {
        using var browser = NewBrowser();
        Provider.NextPerson = NewPerson();
        var consent = await OpenProviderAsync(browser, "Apple");
        var answer = consent.Form("form");
        var forged = answer.Set("state", answer["state"]![..^4] + "AAAA");

        var page = await LandAsync(browser, await browser.SubmitAsync(forged, requireToken: false));

        Assert.That(page.Text, Does.Contain("Sign-in with Apple did not work"));
    }

    [TestCase("invalid_grant")]
    [TestCase("invalid_client")]
    public async Task An_error_from_the_token_endpoint_is_a_message(string error)
    {
        using var browser = NewBrowser();
        var person = NewPerson();
        Provider.TokenError = error;

        var page = await SignInWithAsync(browser, "Apple", person);

        Assert.That(page.Text, Does.Contain("Sign-in with Apple did not work"));
        Assert.That(await FindUserAsync(person.Email), Is.Null);
    }

    [Test]
    public async Task Apple_being_down_is_a_message()
    {
        using var browser = NewBrowser();
        Provider.TokenEndpointDown = true;

        var page = await SignInWithAsync(browser, "Apple", NewPerson());

        Assert.That(page.Text, Does.Contain("Sign-in with Apple did not work"));
    }

    [Test]
    public async Task Cancelling_at_Apple_says_so()
    {
        using var browser = NewBrowser();
        Provider.UserCancels = true;

        var page = await SignInWithAsync(browser, "Apple", NewPerson());

        Assert.That(page.Text, Does.Contain("Sign-in with Apple was cancelled."));
    }

    [Test]
    public async Task The_callback_page_without_a_sign_in_under_way_sends_back_to_the_login()
    {
        using var browser = NewBrowser();

        var page = await LandAsync(browser, await browser.Http.GetAsync("/account/external-login/callback"));

        Assert.That(page.Text, Does.Contain("Your sign-in took too long or was already used"));
    }

    [Test]
    public async Task An_unknown_provider_is_a_404()
    {
        using var browser = NewBrowser();
        var login = await browser.GetAsync("/account/login");
        var form = new HtmlForm((IHtmlFormElement)login.Document.QuerySelector("#sign-in-with-apple")!.Closest("form")!, login.Url).Set("provider", "Facebook");

        var response = await browser.SubmitAsync(form);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }

    [Test]
    public async Task The_content_security_policy_lets_the_login_form_go_to_the_providers()
    {
        using var browser = NewBrowser();
        var login = await browser.GetAsync("/account/login");
        var csp = login.Response.Headers.GetValues("Content-Security-Policy").Single();

        Assert.That(csp, Does.Contain($"form-action 'self' {Provider.BaseUrl.GetLeftPart(UriPartial.Authority)};"));
    }
}
