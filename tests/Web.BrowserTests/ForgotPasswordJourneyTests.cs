using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using MediatR;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;
using Streaming.Application.Common.Interfaces;
using Streaming.Application.Notifications.Commands.SendQueuedEmails;
using Streaming.Domain.Users;
using Streaming.Web.BrowserTests.Support;

namespace Streaming.Web.BrowserTests;

/// <summary>
/// A member who forgot the password gets back in, in Chromium: "Forgot your password?" on the login
/// page, the mail in the pickup folder (the default sender: no mail server), its link, a new password,
/// and logging in with it; a link left unused past its lifetime (the app's clock moved on) is refused.
/// Screenshots at 390 and 1280 px go to the test's work folder. Each test has its own member.
/// </summary>
public partial class ForgotPasswordJourneyTests
{
    private const string OldPassword = "forgotten-pass-1";
    private const string NewPassword = "remembered-pass-2";
    private readonly string _shots = Path.Combine(TestContext.CurrentContext.WorkDirectory, "screenshots");
    private readonly string _pickup = Path.Combine(Path.GetTempPath(), $"pickup-{Guid.NewGuid():N}");
    private TestDatabase _database = null!;
    private StreamingWebFactory _factory = null!;
    private IPlaywright _playwright = null!;
    private IBrowser _browser = null!;
    private Uri _baseAddress = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        Directory.CreateDirectory(_shots);
        _database = await TestDatabase.CreateAsync();
        _factory = new StreamingWebFactory(_database);
        _factory.Settings["Email:Pickup:Folder"] = _pickup;
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
        if (Directory.Exists(_pickup)) Directory.Delete(_pickup, recursive: true);
    }

    [Test]
    public async Task Forgot_password_reset_link_new_password_and_log_in()
    {
        var email = await NewMemberAsync();
        var problems = new ConcurrentQueue<string>();
        var (context, page) = await Chromium.MonitoredPageAsync(_browser, new BrowserNewContextOptions { BaseURL = _baseAddress.ToString() }, problems);
        await using var _ = Chromium.ClosesAtEnd(context);
        await Chromium.RunJourneyAsync(page, problems, () => JourneyAsync(page, email));
    }

    [Test]
    public async Task A_reset_link_left_unused_past_its_lifetime_is_refused_and_the_old_password_still_works()
    {
        var email = await NewMemberAsync();
        var problems = new ConcurrentQueue<string>();
        var (context, page) = await Chromium.MonitoredPageAsync(_browser, new BrowserNewContextOptions { BaseURL = _baseAddress.ToString() }, problems);
        await using var _ = Chromium.ClosesAtEnd(context);
        await Chromium.RunJourneyAsync(page, problems, async () =>
        {
            var link = await AskForResetLinkAsync(page, email);

            // Email:PasswordResetLinkLifetime is one hour: the member opens the mail a minute too late.
            _factory.Clock.Advance(TimeSpan.FromMinutes(61));
            await page.GotoAsync(link);
            await page.GetByLabel("New password", new() { Exact = true }).FillAsync(NewPassword);
            await page.GetByLabel("Confirm the new password").FillAsync(NewPassword);
            await page.GetByRole(AriaRole.Button, new() { Name = "Save the new password" }).ClickAsync();
            await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("This link is not valid any more");
            await ScreenshotsAsync(page, "reset-link-expired");
            await page.GetByRole(AriaRole.Link, new() { Name = "Link expired? Ask for a new one" }).ClickAsync();
            await Chromium.ExpectLoadedAsync(page, "**/account/forgot-password");

            await page.GotoAsync("/account/login");
            await page.GetByLabel("Email").FillAsync(email);
            await page.GetByLabel("Password").FillAsync(OldPassword);
            await page.GetByRole(AriaRole.Button, new() { Name = "Log in" }).ClickAsync();
            await Assertions.Expect(page.Locator("#account-menu")).ToContainTextAsync("Forgetful Member");
        });
    }

    private async Task<string> NewMemberAsync()
    {
        var email = $"forgetful-{Guid.NewGuid():N}@example.test";
        await using var scope = _factory.Services.CreateAsyncScope();
        var (id, errors) = await scope.ServiceProvider.GetRequiredService<IIdentityService>()
            .CreateUserAsync(email, OldPassword, "Forgetful Member", Roles.Member, CancellationToken.None);
        Assert.That(id, Is.Not.Null, string.Join(" ", errors));
        return email;
    }

    /// <summary>"Forgot your password?" from the login page, then the link from the mail the outbox job writes to the pickup folder.</summary>
    private async Task<string> AskForResetLinkAsync(IPage page, string email)
    {
        await page.GotoAsync("/account/login");
        await page.GetByRole(AriaRole.Link, new() { Name = "Forgot your password?" }).ClickAsync();
        await Chromium.ExpectLoadedAsync(page, "**/account/forgot-password");
        await page.GetByLabel("Email").FillAsync(email);
        await page.GetByRole(AriaRole.Button, new() { Name = "Send me a link" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Check your email");
        await Assertions.Expect(page.Locator("#reset-sent")).ToContainTextAsync(email);

        // The outbox job (Quartz runs it in the app; jobs are off in tests) writes the mail to the pickup folder.
        await using (var scope = _factory.Services.CreateAsyncScope())
            await scope.ServiceProvider.GetRequiredService<IMediator>().Send(new SendQueuedEmailsCommand());
        var mails = await Task.WhenAll(Directory.GetFiles(_pickup, "*.eml").Select(f => MimeMessage.LoadAsync(f)));
        var mail = mails.Single(m => m.To.Mailboxes.Single().Address == email);
        var link = ResetLink().Match(mail.TextBody ?? "").Value;
        Assert.That(link, Does.StartWith(_baseAddress + "account/reset-password?"), "background mail links to the running app");
        return link;
    }

    private async Task JourneyAsync(IPage page, string email)
    {
        var link = await AskForResetLinkAsync(page, email);
        await ScreenshotsAsync(page, "forgot-password-sent");

        await page.GotoAsync(link);
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Choose a new password");
        await page.GetByLabel("New password", new() { Exact = true }).FillAsync(NewPassword);
        await page.GetByLabel("Confirm the new password").FillAsync("not-the-same-3");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save the new password" }).ClickAsync();
        await Assertions.Expect(page.Locator("[data-valmsg-for=ConfirmPassword]")).ToHaveTextAsync("The passwords do not match.");
        await page.GetByLabel("New password", new() { Exact = true }).FillAsync(NewPassword);
        await page.GetByLabel("Confirm the new password").FillAsync(NewPassword);
        await ScreenshotsAsync(page, "reset-password");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save the new password" }).ClickAsync();

        await Chromium.ExpectLoadedAsync(page, "**/account/login");
        await Assertions.Expect(page.Locator("#flash")).ToHaveTextAsync("Your password is changed. Log in with the new one.");
        await page.GetByLabel("Email").FillAsync(email);
        await page.GetByLabel("Password").FillAsync(NewPassword);
        await page.GetByRole(AriaRole.Button, new() { Name = "Log in" }).ClickAsync();
        await Assertions.Expect(page.Locator("#account-menu")).ToContainTextAsync("Forgetful Member");

        // The link was used: opening it again and trying once more is refused.
        await page.GotoAsync(link);
        await page.GetByLabel("New password", new() { Exact = true }).FillAsync("third-pass-4");
        await page.GetByLabel("Confirm the new password").FillAsync("third-pass-4");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save the new password" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("This link is not valid any more");
    }

    private async Task ScreenshotsAsync(IPage page, string name)
    {
        foreach (var width in new[] { 390, 1280 })
        {
            await page.SetViewportSizeAsync(width, 900);
            var path = Path.Combine(_shots, $"{name}-{width}.png");
            await page.ScreenshotAsync(new() { Path = path, FullPage = true });
            TestContext.AddTestAttachment(path);
        }

        await page.SetViewportSizeAsync(1280, 900);
    }

    [GeneratedRegex(@"https?://\S+/account/reset-password\?\S+")]
    private static partial Regex ResetLink();
}
