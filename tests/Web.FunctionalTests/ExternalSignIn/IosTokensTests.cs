using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Streaming.Infrastructure.Data;
using Streaming.TestSupport.Tokens;

namespace Streaming.Web.FunctionalTests.ExternalSignIn;

/// <summary>
/// One token account: with the external token service, a member who signs in with Apple (or links
/// it) spends the tokens of their iOS account — the app sends their Apple <c>sub</c> as X-User-Id —
/// and the pages say so. The identity never switches while tokens paid under it may still go back.
/// </summary>
public class IosTokensTests : ExternalSignInTestBase
{
#pragma warning disable NUnit1032 // started in ConfigureMore (before the app), disposed in OneTimeTearDown
    private FakeTokenBackend backend = null!;
#pragma warning restore NUnit1032

    protected override void ConfigureMore(StreamingWebFactory factory)
    {
        backend = FakeTokenBackend.StartAsync().GetAwaiter().GetResult();
        factory.Settings["Tokens:Provider"] = "Http";
        factory.Settings["Tokens:Http:BaseUrl"] = backend.BaseUrl.ToString();
        factory.Settings["Tokens:Http:ApiKey"] = FakeTokenBackend.ApiKey;
    }

    [SetUp]
    public void ResetBackend() => backend.Reset();

    [OneTimeTearDown]
    public async Task StopBackendAsync()
    {
        if (backend is not null) await backend.DisposeAsync();
    }

    [Test]
    public async Task Signing_in_with_Apple_spends_the_tokens_of_the_iOS_account()
    {
        var person = NewPerson();
        backend.SetBalance(person.Sub, 120);
        using var browser = NewBrowser();

        var home = await SignInWithAsync(browser, "Apple", person);
        var tokens = await browser.GetAsync("/tokens");
        var profile = await browser.GetAsync("/me/profile");
        var coach = await InstructorAsync();
        var paid = await ScheduleAsync(coach, price: 5);
        var enrolled = await EnrollAsync(browser, paid.Id);

        var userId = (await LoginsOfAsync(person.Email)).UserId;
        using (Assert.EnterMultipleScope())
        {
            Assert.That(NavBalance(home), Is.EqualTo(120));
            Assert.That(tokens.Document.QuerySelector("#ios-tokens-note")?.TextContent, Does.Contain("Tokens from your iOS account"));
            Assert.That(profile.Document.QuerySelector("#ios-tokens-note")?.TextContent, Does.Contain("Tokens from your iOS account"));
            Assert.That(Flash(enrolled), Does.Contain("5 tokens paid; your balance is now 115."));
            Assert.That(backend.BalanceOf(person.Sub), Is.EqualTo(115));
            Assert.That(backend.Requests.Select(r => r.Header("X-User-Id")), Has.All.EqualTo(person.Sub).And.Not.Empty);
            Assert.That(backend.Requests.Select(r => r.Header("X-User-Id")), Has.None.EqualTo(userId));
        }
    }

    [Test]
    public async Task Linking_Apple_on_the_profile_brings_the_iOS_balance_and_unlinking_takes_it_away()
    {
        var browser = NewBrowser();
        var email = UniqueEmail();
        await RegisterAsync(browser, email);
        var webId = (await LoginsOfAsync(email)).UserId;
        var person = NewPerson();
        backend.SetBalance(person.Sub, 80);
        backend.SetBalance(webId, 0);

        var before = await browser.GetAsync("/tokens");
        var linked = await LinkAsync(browser, "Apple", person);
        var after = await browser.GetAsync("/tokens");
        var unlinked = await LandAsync(browser, await browser.SubmitAsync(ProviderForm(linked, "/me/profile/logins/unlink", "Apple")));
        var afterUnlink = await browser.GetAsync("/tokens");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(NavBalance(before), Is.Zero);
            Assert.That(before.Document.QuerySelector("#ios-tokens-note"), Is.Null);
            Assert.That(NavBalance(after), Is.EqualTo(80));
            Assert.That(unlinked.Text, Does.Contain("Apple is unlinked"));
            Assert.That(NavBalance(afterUnlink), Is.Zero);
            Assert.That(await LedgerIdentitiesAsync(webId), Is.Zero);
        }

        browser.Dispose();
    }

    [Test]
    public async Task The_token_account_does_not_switch_while_a_paid_seat_may_still_be_refunded()
    {
        var browser = NewBrowser();
        var email = UniqueEmail();
        await RegisterAsync(browser, email);
        var webId = (await LoginsOfAsync(email)).UserId;
        backend.SetBalance(webId, 30);
        var coach = await InstructorAsync();
        var upcoming = await ScheduleAsync(coach, price: 10);
        await EnrollAsync(browser, upcoming.Id);
        var person = NewPerson();
        backend.SetBalance(person.Sub, 500);

        var refused = await LinkAsync(browser, "Apple", person);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(refused.Text, Does.Contain("You hold 1 paid seat(s) in classes that have not taken place"));
            Assert.That((await LoginsOfAsync(email)).Logins, Is.Empty);
            Assert.That(await LedgerIdentitiesAsync(webId), Is.Zero);
            Assert.That(NavBalance(await browser.GetAsync("/tokens")), Is.EqualTo(20), "still the web account's tokens");
        }

        // The class ends without having taken place: its refund is still owed, so the account stays.
        await ChangeStreamAsync(upcoming.Id, (s, now) =>
        {
            s.GoLive(now);
            s.End(now, Streaming.Domain.Common.RetentionPolicy.Default);
            s.JudgeTookPlace(TimeSpan.Zero, Streaming.Domain.Streams.ClassClosingPolicy.Default);
        });
        Assert.That((await LinkAsync(browser, "Apple", person)).Text, Does.Contain("You hold 1 paid seat(s)"));

        // Once the closing job has refunded the seat (to the web account that paid), the same link goes through.
        await InScopeAsync(sp => sp.GetRequiredService<MediatR.IMediator>().Send(new Streaming.Application.Live.Commands.CloseOverdueClasses.CloseOverdueClassesCommand()));
        Assert.That(backend.BalanceOf(webId), Is.EqualTo(30), "refunded to the account that paid");
        var linked = await LinkAsync(browser, "Apple", person);
        Assert.That(linked.Text, Does.Contain("Apple is linked"));
        Assert.That(NavBalance(await browser.GetAsync("/tokens")), Is.EqualTo(500));
        browser.Dispose();
    }

    private async Task<HtmlPage> LinkAsync(PageClient browser, string provider, Streaming.TestSupport.Identity.ProviderPerson person)
    {
        Provider.NextPerson = person;
        var profile = await browser.GetAsync("/me/profile");
        var consent = await FollowToProviderAsync(browser, await browser.SubmitAsync(ProviderForm(profile, "/me/profile/logins/link", provider)));
        return await LandAsync(browser, await ContinueAsync(browser, consent));
    }

    private Task<int> LedgerIdentitiesAsync(string userId) =>
        InScopeAsync(sp => sp.GetRequiredService<ApplicationDbContext>().LedgerIdentities.CountAsync(i => i.UserId == userId));

    private static HtmlForm ProviderForm(HtmlPage page, string path, string provider) =>
        page.Document.Forms.Select(f => new HtmlForm(f, page.Url)).SingleOrDefault(f => f.Action.AbsolutePath == path && f["provider"] == provider)
        ?? throw new AssertionException($"No form posting {provider} to {path} on {page}.");
}
