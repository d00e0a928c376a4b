using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using Streaming.Web.BrowserTests.Support;

namespace Streaming.Web.BrowserTests;

/// <summary>
/// A member looks after their account in Chromium: changes the password, turns on two-factor
/// sign-in with a code computed here as an authenticator app would, signs out of all devices and
/// signs in again with both factors. Screenshots at 390 and 1280 px go to screenshots/ under the
/// test's work directory (and into the TRX as attachments).
/// </summary>
public class AccountSecurityJourneyTests
{
    private TestDatabase _database = null!;
    private StreamingWebFactory _factory = null!;
    private IPlaywright _playwright = null!;
    private IBrowser _browser = null!;
    private Uri _baseAddress = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _database = await TestDatabase.CreateAsync();
        _factory = new StreamingWebFactory(_database);
        _baseAddress = _factory.StartKestrel();
        _playwright = await Playwright.CreateAsync();
        _browser = await Chromium.LaunchAsync(_playwright);
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        await Chromium.ShutDownAsync(_browser, _playwright);
        if (_factory is not null) await _factory.DisposeAsync();
        if (_database is not null) await _database.DisposeAsync();
    }

    [Test]
    public async Task Change_password_turn_on_two_factor_sign_out_everywhere_and_sign_in_with_a_code()
    {
        var problems = new ConcurrentQueue<string>();
        var (context, page) = await Chromium.MonitoredPageAsync(_browser,
            new BrowserNewContextOptions { BaseURL = _baseAddress.ToString(), ViewportSize = new ViewportSize { Width = 1280, Height = 900 } }, problems);
        await using var _ = Chromium.ClosesAtEnd(context);
        await Chromium.RunJourneyAsync(page, problems, () => JourneyAsync(page, problems));
    }

    private async Task JourneyAsync(IPage page, ConcurrentQueue<string> problems)
    {
        var email = $"secure-{Guid.NewGuid():N}@example.test";
        const string password = "browser-pass-7";
        const string newPassword = "browser-pass-8";

        await page.GotoAsync("/account/register");
        await page.GetByLabel("Your name").FillAsync("Careful Member");
        await page.GetByLabel("Email").FillAsync(email);
        await page.GetByLabel("Password", new() { Exact = true }).FillAsync(password);
        await page.GetByLabel("Confirm password").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign up" }).ClickAsync();
        await Assertions.Expect(page.Locator("#account-menu")).ToHaveTextAsync("Careful Member");

        // Account security is in the account menu.
        await page.Locator("#account-menu").ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Account security" }).ClickAsync();
        await Chromium.ExpectLoadedAsync(page, "**/account/security");
        await Assertions.Expect(page.Locator("#session-count")).ToHaveTextAsync("1");
        await ScreenshotsAsync(page, "account-security");

        // Change the password.
        await page.GetByRole(AriaRole.Link, new() { Name = "Change password" }).ClickAsync();
        await page.GetByLabel("Current password").FillAsync(password);
        await page.GetByLabel("New password", new() { Exact = true }).FillAsync(newPassword);
        await page.GetByLabel("Confirm new password").FillAsync(newPassword);
        await ScreenshotsAsync(page, "change-password");
        await page.GetByRole(AriaRole.Button, new() { Name = "Change password" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Your password is changed.");

        // Two-factor sign-in: scan (here: read) the key, enter the current code.
        await page.GetByRole(AriaRole.Link, new() { Name = "Set up two-factor sign-in" }).ClickAsync();
        await Chromium.ExpectLoadedAsync(page, "**/account/security/two-factor");
        await Assertions.Expect(page.Locator("#qr-code")).ToBeVisibleAsync();
        Assert.That(await page.Locator("#qr-code").EvaluateAsync<int>("img => img.naturalWidth"), Is.GreaterThan(100), "the QR code image decoded");
        await ScreenshotsAsync(page, "two-factor-setup");
        var key = await page.Locator("#shared-key").InnerTextAsync();
        await page.GetByLabel("Code").FillAsync(Totp.Code(key, DateTimeOffset.UtcNow));
        await page.GetByRole(AriaRole.Button, new() { Name = "Turn on" }).ClickAsync();
        await Assertions.Expect(page.Locator("#recovery-codes li")).ToHaveCountAsync(10);
        await ScreenshotsAsync(page, "recovery-codes");
        await page.GetByRole(AriaRole.Link, new() { Name = "Done" }).ClickAsync();
        await Assertions.Expect(page.Locator("#two-factor-section .badge")).ToHaveTextAsync("On");

        // Sign out of all devices.
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out of all devices" }).ClickAsync();
        await Chromium.ExpectLoadedAsync(page, "**/account/login");
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("signed out on every device");
        await Assertions.Expect(page.Locator("#account-menu")).ToHaveCountAsync(0);

        // Sign in again: the new password, then a code from the app.
        await page.GetByLabel("Email").FillAsync(email);
        await page.GetByLabel("Password").FillAsync(newPassword);
        await page.GetByRole(AriaRole.Button, new() { Name = "Log in" }).ClickAsync();
        await Chromium.ExpectLoadedAsync(page, new Regex("/account/login/two-factor"));
        await ScreenshotsAsync(page, "two-factor-login");
        await page.GetByLabel("Authentication code or recovery code").FillAsync(Totp.Code(key, DateTimeOffset.UtcNow));
        await page.GetByRole(AriaRole.Button, new() { Name = "Log in" }).ClickAsync();
        await Assertions.Expect(page.Locator("#account-menu")).ToHaveTextAsync("Careful Member");

        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        Assert.That(problems, Is.Empty, string.Join(Environment.NewLine, problems));
    }

    /// <summary>The page as a phone (390 px) and a laptop (1280 px) show it.</summary>
    private static async Task ScreenshotsAsync(IPage page, string name)
    {
        var folder = Path.Combine(TestContext.CurrentContext.WorkDirectory, "screenshots");
        Directory.CreateDirectory(folder);
        foreach (var width in new[] { 390, 1280 })
        {
            await page.SetViewportSizeAsync(width, width == 390 ? 844 : 900);
            var path = Path.Combine(folder, $"{name}-{width}.png");
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
            TestContext.AddTestAttachment(path);
        }
    }
}
