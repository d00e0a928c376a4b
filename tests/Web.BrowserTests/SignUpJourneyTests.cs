using System.Collections.Concurrent;
using System.Text.RegularExpressions;

using Streaming.Web.BrowserTests.Support;

namespace Streaming.Web.BrowserTests;

/// <summary>
/// The real app on a real port, driven by headless Chromium (the machine's /usr/bin/chromium):
/// sign up, log out, log in again — with no console error and no Content-Security-Policy violation.
/// </summary>
public class SignUpJourneyTests
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

    /// <summary>A fresh browser context whose page reports console errors/warnings, page errors,
    /// failed requests, HTTP errors and CSP violations into <c>problems</c>.</summary>
    private async Task<(IBrowserContext Context, IPage Page, ConcurrentQueue<string> Problems)> MonitoredPageAsync()
    {
        var problems = new ConcurrentQueue<string>();
        var (context, page) = await Chromium.MonitoredPageAsync(_browser, new BrowserNewContextOptions { BaseURL = _baseAddress.ToString() }, problems);
        return (context, page, problems);
    }

    [Test]
    public async Task Sign_up_log_out_and_log_in_again_without_console_errors_or_csp_violations()
    {
        var (context, page, problems) = await MonitoredPageAsync();
        await using var _ = Chromium.ClosesAtEnd(context);
        await Chromium.RunJourneyAsync(page, problems, () => JourneyAsync(page, problems));
    }

    private async Task JourneyAsync(IPage page, ConcurrentQueue<string> problems)
    {
        var email = $"browser-{Guid.NewGuid():N}@example.test";
        const string password = "browser-pass-7";

        // Sign up from the home page's navigation.
        await page.GotoAsync("/");
        await page.GetByRole(AriaRole.Link, new() { Name = "Sign up" }).ClickAsync();
        await Chromium.ExpectLoadedAsync(page, "**/account/register");
        await page.GetByLabel("Your name").FillAsync("Browser Member");
        await page.GetByLabel("Email").FillAsync(email);
        await page.GetByLabel("Password", new() { Exact = true }).FillAsync(password);
        await page.GetByLabel("Confirm password").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign up" }).ClickAsync();

        await Chromium.ExpectLoadedAsync(page, new Regex($"^{Regex.Escape(_baseAddress.ToString())}$"));
        await Assertions.Expect(page.Locator("#account-menu")).ToHaveTextAsync("Browser Member");
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("Welcome! Your account is ready.");

        // Log out through the account drop-down (Bootstrap's script has to run under the CSP).
        await page.Locator("#account-menu").ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Log out" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "Log in" })).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#account-menu")).ToHaveCountAsync(0);

        // Log in again with the same credentials.
        await Chromium.LogInThroughTheNavigationAsync(page, email, password);

        await Chromium.ExpectLoadedAsync(page, new Regex($"^{Regex.Escape(_baseAddress.ToString())}$"));
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Train live with real instructors, wherever you are.");
        await Assertions.Expect(page.Locator("#account-menu")).ToHaveTextAsync("Browser Member");

        // The browser really got the app's policy, and nothing on the way broke it.
        var response = await page.GotoAsync("/streams");
        Assert.That(response, Is.Not.Null);
        Assert.That(await response!.HeaderValueAsync("content-security-policy"), Does.Contain("script-src 'self'"));
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        Assert.That(problems, Is.Empty, string.Join(Environment.NewLine, problems));
    }

    /// <summary>The control for the test above: the listener does see a violation when there is one.</summary>
    [Test]
    public async Task The_policy_blocks_an_injected_inline_script_and_the_listener_reports_it()
    {
        var (context, page, problems) = await MonitoredPageAsync();
        await using var _ = Chromium.ClosesAtEnd(context);
        await page.GotoAsync("/");

        await page.EvaluateAsync("() => { const s = document.createElement('script'); s.textContent = 'window.__ran = true'; document.body.append(s); }");

        await page.WaitForFunctionAsync("() => true");
        Assert.That(await page.EvaluateAsync<bool>("() => window.__ran === true"), Is.False, "the inline script did not run");
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (!problems.Any(p => p.StartsWith("CSP: script-src", StringComparison.Ordinal)) && DateTime.UtcNow < deadline)
            await Task.Delay(50);
        Assert.That(problems, Has.Some.StartsWith("CSP: script-src"));
    }
}
