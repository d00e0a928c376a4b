using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Streaming.Application.Common.Interfaces;
using Streaming.Domain.Users;
using Streaming.Web.BrowserTests.Support;

namespace Streaming.Web.BrowserTests;

/// <summary>
/// The pages a new instructor and a visitor meet first, at a phone's width (390 px) and a laptop's
/// (1280 px): no horizontal scrolling, no serious or critical axe-core violation, screenshots in
/// screenshots/. On the way: the empty dashboard says what to do, a blank number is answered in its
/// field with the other mistakes, the actions menu works on a phone, the edit page shows the current
/// thumbnail and refuses an oversized image in the form, and the Recordings menu stays away.
/// </summary>
public class PolishJourneyTests
{
    private const string Password = "coach-pass-7";

    private readonly string _email = $"polish-{Guid.NewGuid():N}@example.test";
    private readonly string _title = $"Sunrise mobility {Guid.NewGuid():N}"[..26];
    private readonly string _blobRoot = Directory.CreateTempSubdirectory("polish-journey-blobs-").FullName;

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
        _factory.Settings["Storage:Provider"] = "Local";
        _factory.Settings["Storage:Local:Root"] = _blobRoot;
        _factory.Settings["Storage:Local:SigningKey"] = "polish-journey-signing-key-0123456789";
        _baseAddress = _factory.StartKestrel();
        await using (var scope = _factory.Services.CreateAsyncScope())
        {
            var (id, errors) = await scope.ServiceProvider.GetRequiredService<IIdentityService>()
                .CreateUserAsync(_email, Password, "Coach Polish", Roles.Instructor, CancellationToken.None);
            Assert.That(id, Is.Not.Null, string.Join(" ", errors));
        }

        _playwright = await Playwright.CreateAsync();
        _browser = await Chromium.LaunchAsync(_playwright);
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        await Chromium.ShutDownAsync(_browser, _playwright);
        if (_factory is not null) await _factory.DisposeAsync();
        if (_database is not null) await _database.DisposeAsync();
        if (Directory.Exists(_blobRoot)) Directory.Delete(_blobRoot, recursive: true);
    }

    [Test]
    public async Task A_new_instructor_and_a_visitor_get_pages_that_fit_and_pass_axe()
    {
        var problems = new ConcurrentQueue<string>();
        var (context, page) = await Chromium.MonitoredPageAsync(
            _browser, new BrowserNewContextOptions { BaseURL = _baseAddress.ToString(), TimezoneId = "Europe/Paris" }, problems);
        await using var _ = Chromium.ClosesAtEnd(context);
        await Chromium.RunJourneyAsync(page, problems, async () =>
        {
            await page.GotoAsync("/account/login");
            await CheckPageAsync(page, "polish-login");

            await page.GetByLabel("Email").FillAsync(_email);
            await page.GetByLabel("Password").FillAsync(Password);
            await page.GetByRole(AriaRole.Button, new() { Name = "Log in" }).ClickAsync();
            await Assertions.Expect(page.Locator("#account-menu")).ToHaveTextAsync("Coach Polish");
            await Assertions.Expect(page.Locator("nav").GetByRole(AriaRole.Link, new() { Name = "Recordings" })).ToHaveCountAsync(0);

            // The empty dashboard says what to do, not "No classes match".
            await page.GotoAsync("/instructor/streams");
            await Assertions.Expect(page.Locator("#no-streams")).ToContainTextAsync("You have not scheduled a class yet");
            await CheckPageAsync(page, "polish-dashboard-empty");

            // A blank price is answered in its field, with the other mistake (no title) beside it.
            await page.Locator("#no-streams").GetByRole(AriaRole.Link, new() { Name = "Schedule your first class" }).ClickAsync();
            await Chromium.ExpectLoadedAsync(page, "**/instructor/streams/new");
            await page.Locator("#StartLocal").FillAsync("2030-02-05T07:30");
            await page.GetByLabel("Price (tokens)").FillAsync("");
            await page.GetByRole(AriaRole.Button, new() { Name = "Schedule" }).ClickAsync();
            await Assertions.Expect(page.Locator("[data-valmsg-for='PriceInTokens']")).ToHaveTextAsync("Enter a number.");
            await Assertions.Expect(page.Locator("[data-valmsg-for='Title']")).ToHaveTextAsync("Give the class a title.");
            await Assertions.Expect(page.Locator("main")).Not.ToContainTextAsync("is invalid");
            await page.GetByLabel("Title").FillAsync(_title);
            await page.GetByLabel("Price (tokens)").FillAsync("1");
            await page.GetByRole(AriaRole.Button, new() { Name = "Schedule" }).ClickAsync();
            await Chromium.ExpectLoadedAsync(page, "**/instructor/streams?highlight=*");

            // The dashboard fits; on a phone the row's actions are in its menu.
            var row = page.Locator("#streams-table tbody tr", new() { HasText = _title });
            await Assertions.Expect(row).ToHaveCountAsync(1);
            await Assertions.Expect(row).ToHaveAttributeAsync("aria-current", "true"); // the class just created stands out
            await Assertions.Expect(row).ToHaveClassAsync(new System.Text.RegularExpressions.Regex(@"\bjust-changed\b"));
            await CheckPageAsync(page, "polish-dashboard");
            await page.SetViewportSizeAsync(390, 844);
            await row.GetByRole(AriaRole.Button, new() { Name = $"Actions for {_title}" }).ClickAsync();
            await Assertions.Expect(row.GetByRole(AriaRole.Link, new() { Name = "Analytics" })).ToBeVisibleAsync();
            await Screenshots.CaptureOneAsync(page, "polish-dashboard-menu-390");
            await row.GetByRole(AriaRole.Link, new() { Name = "Edit" }).ClickAsync();
            await page.SetViewportSizeAsync(1280, 800);

            // The edit page shows the current thumbnail and refuses a 6 MB image before sending it.
            await Chromium.ExpectLoadedAsync(page, "**/instructor/streams/*/edit");
            await Assertions.Expect(page.Locator("#current-thumbnail")).ToContainTextAsync("Now: the generated placeholder");
            await page.Locator("#thumbnail-file").SetInputFilesAsync(new FilePayload
            {
                Name = "huge.jpg", MimeType = "image/jpeg", Buffer = new byte[6 * 1024 * 1024],
            });
            await Assertions.Expect(page.Locator("#thumbnail-error")).ToContainTextAsync("This image is 6 MB; the limit is 5 MB.");
            var editUrl = page.Url;
            await page.Locator("#thumbnail-form").GetByRole(AriaRole.Button, new() { Name = "Upload" }).ClickAsync();
            await Assertions.Expect(page.Locator("#thumbnail-error")).ToContainTextAsync("the limit is 5 MB");
            Assert.That(page.Url, Is.EqualTo(editUrl), "nothing was sent");
            await CheckPageAsync(page, "polish-edit");

            // The catalog and the class page, as listed: "1 token", no stray space before punctuation.
            await page.GotoAsync("/streams");
            await Assertions.Expect(page.Locator("main")).ToContainTextAsync("1 token");
            await Assertions.Expect(page.Locator("main")).Not.ToContainTextAsync("1 tokens");
            await CheckPageAsync(page, "polish-catalog");
            await page.GetByRole(AriaRole.Link, new() { Name = _title }).First.ClickAsync();
            await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync(_title);
            await Assertions.Expect(page.Locator("#price")).ToHaveTextAsync("1 token");
            var text = await page.Locator("main").InnerTextAsync();
            Assert.That(text, Does.Not.Match(@"\s[,.](\s|$)"), "no space before a comma or a period");
            await CheckPageAsync(page, "polish-class");
        });
        Assert.That(problems, Is.Empty, string.Join(Environment.NewLine, problems));
    }

    private static Task CheckPageAsync(IPage page, string name) => PageChecks.FitsAndPassesAxeAsync(page, name);
}
