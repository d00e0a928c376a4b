using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.EntityFrameworkCore;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Streaming.TestSupport.Identity;

namespace Streaming.Web.FunctionalTests.ExternalSignIn;

/// <summary>
/// The app on a real Kestrel port with Sign in with Apple and Google pointed at a local provider
/// (<see cref="FakeSignInProvider"/>, also on Kestrel), sharing the app's test clock. Visitors are
/// real HTTP clients with a cookie jar, so the provider's redirects and form posts travel as a
/// browser's would.
/// </summary>
public abstract class ExternalSignInTestBase : ClassesTestBase
{
#pragma warning disable NUnit1032 // started in Configure (before the app), disposed in OneTimeTearDown
    protected FakeSignInProvider Provider { get; private set; } = null!;
#pragma warning restore NUnit1032

    protected Uri AppUrl { get; private set; } = null!;

    protected override void Configure(StreamingWebFactory factory)
    {
        Provider = FakeSignInProvider.StartAsync(factory.Clock).GetAwaiter().GetResult();
        foreach (var (key, value) in Provider.AppleSettings().Concat(Provider.GoogleSettings())) factory.Settings[key] = value;
        ConfigureMore(factory);
        factory.UseKestrel(0);
    }

    protected virtual void ConfigureMore(StreamingWebFactory factory)
    {
    }

    [OneTimeSetUp]
    public void FindAppAddress()
    {
        var addresses = Factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!;
        AppUrl = new Uri(addresses.Addresses.First().Replace("[::1]", "127.0.0.1", StringComparison.Ordinal) + "/");
    }

    [OneTimeTearDown]
    public async Task StopProviderAsync()
    {
        if (Provider is not null) await Provider.DisposeAsync();
    }

    [SetUp]
    public void ResetProvider() => Provider.Reset();

    /// <summary>A new browser: its own cookie jar, redirects followed by the test.</summary>
    protected PageClient NewBrowser() =>
        new(new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = true, CookieContainer = new CookieContainer() }) { BaseAddress = AppUrl });

    protected static ProviderPerson NewPerson(string? email = null, bool verified = true, bool privateEmail = false, string? firstName = "Ana", string? lastName = "Diaz") =>
        new($"001122.{Guid.NewGuid():N}.0420", email ?? UniqueEmail("apple"), verified, privateEmail, firstName, lastName);

    /// <summary>Presses "Continue with {provider}" on <paramref name="page"/> and returns the provider's own page.</summary>
    protected static async Task<HtmlPage> OpenProviderAsync(PageClient browser, string provider, string page = "/account/login")
    {
        var start = await browser.GetAsync(page);
        var form = start.Document.QuerySelector($"#sign-in-with-{provider.ToLowerInvariant()}")?.Closest("form") as IHtmlFormElement
            ?? throw new AssertionException($"No 'Continue with {provider}' button on {page}.\n{start}");
        var toProvider = await browser.SubmitAsync(new HtmlForm(form, start.Url));
        return await FollowToProviderAsync(browser, toProvider);
    }

    protected static async Task<HtmlPage> FollowToProviderAsync(PageClient browser, HttpResponseMessage toProvider)
    {
        var consent = await browser.FollowRedirectAsync(toProvider);
        Assert.That(consent.StatusCode, Is.EqualTo(HttpStatusCode.OK), consent.ToString());
        return consent;
    }

    /// <summary>Presses Continue on the provider's page: the answer goes back to the app (a form post for Apple, a redirect for Google).</summary>
    protected static Task<HttpResponseMessage> ContinueAsync(PageClient browser, HtmlPage consent) =>
        browser.SubmitAsync(consent.Form("form"), requireToken: false);

    /// <summary>Follows the app's redirects to the page the visitor ends on.</summary>
    protected static async Task<HtmlPage> LandAsync(PageClient browser, HttpResponseMessage response)
    {
        for (var hops = 0; hops < 5; hops++)
        {
            if ((int)response.StatusCode is < 300 or > 399) return await HtmlPage.ReadAsync(response);
            using var request = new HttpRequestMessage(HttpMethod.Get, PageClient.RedirectTarget(response));
            request.Headers.Accept.Add(new System.Net.Http.Headers.MediaTypeWithQualityHeaderValue("text/html"));
            response = await browser.Http.SendAsync(request);
        }

        throw new AssertionException("Too many redirects.");
    }

    /// <summary>The whole button flow: login page → provider → back, and the page it ends on.</summary>
    protected async Task<HtmlPage> SignInWithAsync(PageClient browser, string provider, ProviderPerson person)
    {
        Provider.NextPerson = person;
        var consent = await OpenProviderAsync(browser, provider);
        return await LandAsync(browser, await ContinueAsync(browser, consent));
    }

    protected Task<int> ActiveSessionsAsync(string userId) =>
        InScopeAsync(sp => sp.GetRequiredService<Streaming.Infrastructure.Data.ApplicationDbContext>().UserSessions
            .CountAsync(s => s.UserId == userId && s.RevokedAt == null));

    protected Task<ApplicationUserLogins> LoginsOfAsync(string email) =>
        InScopeAsync(async sp =>
        {
            var users = sp.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<Streaming.Infrastructure.Identity.ApplicationUser>>();
            var user = await users.FindByEmailAsync(email) ?? throw new AssertionException($"No account {email}.");
            return new ApplicationUserLogins(user.Id, (await users.GetLoginsAsync(user)).Select(l => $"{l.LoginProvider}:{l.ProviderKey}").ToList(),
                await users.HasPasswordAsync(user));
        });

    protected sealed record ApplicationUserLogins(string UserId, IReadOnlyList<string> Logins, bool HasPassword);
}
