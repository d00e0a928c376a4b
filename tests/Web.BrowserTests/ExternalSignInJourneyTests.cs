using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Streaming.Application.Common.Interfaces;
using Streaming.Domain.Users;
using Streaming.TestSupport.Identity;
using Streaming.Web.BrowserTests.Support;

namespace Streaming.Web.BrowserTests;

/// <summary>
/// Sign in with Apple and Google in Chromium, against the local provider the tests start (its own
/// pages on another port, Apple answering with a form post): the buttons, a first sign-in, linking
/// Google on the profile, unlinking Apple, signing in with Google; and an existing account proving
/// its password once before Apple is linked to it.
/// </summary>
public class ExternalSignInJourneyTests
{
    private const string MemberPassword = "linked-pass-7";

    private TestDatabase _database = null!;
    private StreamingWebFactory _factory = null!;
    private FakeSignInProvider _provider = null!;
    private IPlaywright _playwright = null!;
    private IBrowser _browser = null!;
    private Uri _baseAddress = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _database = await TestDatabase.CreateAsync();
        _factory = new StreamingWebFactory(_database);
        _provider = await FakeSignInProvider.StartAsync(_factory.Clock);
        foreach (var (key, value) in _provider.AppleSettings().Concat(_provider.GoogleSettings())) _factory.Settings[key] = value;
        _baseAddress = _factory.StartKestrel();
        _playwright = await Playwright.CreateAsync();
        _browser = await Chromium.LaunchAsync(_playwright);
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        await Chromium.ShutDownAsync(_browser, _playwright);
        if (_factory is not null) await _factory.DisposeAsync();
        if (_provider is not null) await _provider.DisposeAsync();
        if (_database is not null) await _database.DisposeAsync();
    }

    private BrowserNewContextOptions Options() => new() { BaseURL = _baseAddress.ToString(), Locale = "en-US" };

    [Test]
    public async Task A_visitor_signs_up_with_Apple_links_Google_unlinks_Apple_and_signs_in_with_Google()
    {
        var problems = new ConcurrentQueue<string>();
        var (context, page) = await Chromium.MonitoredPageAsync(_browser, Options(), problems);
        await using var _ = Chromium.ClosesAtEnd(context);
        _provider.NextPerson = new ProviderPerson($"001122.{Guid.NewGuid():N}.0420", $"maria-{Guid.NewGuid():N}@example.test", FirstName: "María", LastName: "Núñez");

        await Chromium.RunJourneyAsync(page, problems, async () =>
        {
            await page.GotoAsync("/");
            await page.GetByRole(AriaRole.Link, new() { Name = "Log in" }).ClickAsync();
            await Chromium.ExpectLoadedAsync(page, "**/account/login");
            await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Continue with Apple" })).ToBeVisibleAsync();
            await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Continue with Google" })).ToBeVisibleAsync();
            await Screenshots.CaptureAsync(page, "external-login-buttons");

            await page.GetByRole(AriaRole.Button, new() { Name = "Continue with Apple" }).ClickAsync();
            await Chromium.ExpectLoadedAsync(page, $"{_provider.BaseUrl}apple/auth/authorize**");
            await Screenshots.CaptureAsync(page, "external-apple-consent");
            await page.GetByRole(AriaRole.Button, new() { Name = "Continue" }).ClickAsync();

            await Chromium.ExpectLoadedAsync(page, _baseAddress.ToString());
            await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("Welcome! Your account is ready; you sign in with Apple.");
            await Assertions.Expect(page.Locator("#account-name")).ToHaveTextAsync("María Núñez");
            await Screenshots.CaptureAsync(page, "external-apple-welcome");

            await page.Locator("#account-menu").ClickAsync();
            await page.GetByRole(AriaRole.Link, new() { Name = "Profile" }).ClickAsync();
            await Chromium.ExpectLoadedAsync(page, "**/me/profile");
            await Assertions.Expect(page.Locator("#sign-in-apple")).ToContainTextAsync("Your only way in");
            _provider.NextPerson = _provider.NextPerson with { Sub = $"google-{Guid.NewGuid():N}", Email = $"maria.g-{Guid.NewGuid():N}@example.test" };
            await page.GetByRole(AriaRole.Button, new() { Name = "Link Google" }).ClickAsync();
            await Chromium.ExpectLoadedAsync(page, $"{_provider.BaseUrl}google/o/oauth2/v2/auth**");
            await page.GetByRole(AriaRole.Button, new() { Name = "Continue" }).ClickAsync();
            await Chromium.ExpectLoadedAsync(page, "**/me/profile");
            await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("Google is linked: you can sign in with it.");
            await Assertions.Expect(page.Locator("#sign-in-google")).ToContainTextAsync("Linked");
            await page.Locator("#sign-in-methods").ScrollIntoViewIfNeededAsync();
            await Screenshots.CaptureAsync(page, "external-profile-linked");

            await page.Locator("#sign-in-apple").GetByRole(AriaRole.Button, new() { Name = "Unlink" }).ClickAsync();
            await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("Apple is unlinked. Your other devices were signed out.");
            await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Link Apple" })).ToBeVisibleAsync();

            await page.Locator("#account-menu").ClickAsync();
            await page.GetByRole(AriaRole.Button, new() { Name = "Log out" }).ClickAsync();
            await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "Log in" })).ToBeVisibleAsync();
            await page.GetByRole(AriaRole.Link, new() { Name = "Log in" }).ClickAsync();
            await page.GetByRole(AriaRole.Button, new() { Name = "Continue with Google" }).ClickAsync();
            await Chromium.ExpectLoadedAsync(page, $"{_provider.BaseUrl}google/o/oauth2/v2/auth**");
            await page.GetByRole(AriaRole.Button, new() { Name = "Continue" }).ClickAsync();
            await Chromium.ExpectLoadedAsync(page, _baseAddress.ToString());
            await Assertions.Expect(page.Locator("#account-name")).ToHaveTextAsync("María Núñez");
            Assert.That(problems, Is.Empty, string.Join("\n", problems));
        });
    }

    [Test]
    public async Task An_existing_member_proves_the_password_once_and_Apple_is_linked()
    {
        var email = $"existing-{Guid.NewGuid():N}@example.test";
        await using (var scope = _factory.Services.CreateAsyncScope())
        {
            var (_, errors) = await scope.ServiceProvider.GetRequiredService<IIdentityService>()
                .CreateUserAsync(email, MemberPassword, "Existing Member", Roles.Member, CancellationToken.None);
            Assert.That(errors, Is.Empty);
        }

        _provider.NextPerson = new ProviderPerson($"001122.{Guid.NewGuid():N}.0420", email);
        var problems = new ConcurrentQueue<string>();
        var (context, page) = await Chromium.MonitoredPageAsync(_browser, Options(), problems);
        await using var _ = Chromium.ClosesAtEnd(context);

        await Chromium.RunJourneyAsync(page, problems, async () =>
        {
            await page.GotoAsync("/account/login");
            await page.GetByRole(AriaRole.Button, new() { Name = "Continue with Apple" }).ClickAsync();
            await Chromium.ExpectLoadedAsync(page, $"{_provider.BaseUrl}apple/auth/authorize**");
            await page.GetByRole(AriaRole.Button, new() { Name = "Continue" }).ClickAsync();

            await Chromium.ExpectLoadedAsync(page, "**/account/external-login/link");
            await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "You already have an account" })).ToBeVisibleAsync();
            await Assertions.Expect(page.Locator("#link-email")).ToHaveTextAsync(email);
            await page.GetByLabel("Password").FillAsync("not-my-password-1");
            await page.GetByRole(AriaRole.Button, new() { Name = "Link Apple and sign in" }).ClickAsync();
            await Assertions.Expect(page.Locator(".text-danger").Filter(new() { HasText = "The password is wrong." })).ToBeVisibleAsync();
            await Screenshots.CaptureAsync(page, "external-link-password");

            await page.GetByLabel("Password").FillAsync(MemberPassword);
            await page.GetByRole(AriaRole.Button, new() { Name = "Link Apple and sign in" }).ClickAsync();
            await Chromium.ExpectLoadedAsync(page, _baseAddress.ToString());
            await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Apple is linked");
            await Assertions.Expect(page.Locator("#account-name")).ToHaveTextAsync("Existing Member");
            Assert.That(problems, Is.Empty, string.Join("\n", problems));
        });
    }
}
