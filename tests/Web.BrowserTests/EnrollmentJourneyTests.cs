using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Streaming.Application.Common.Interfaces;
using Streaming.Domain.Streams;
using Streaming.Domain.Users;
using Streaming.Infrastructure.Data;
using Streaming.TestSupport.Calendars;
using Streaming.Web.BrowserTests.Support;

namespace Streaming.Web.BrowserTests;

/// <summary>
/// The real app on a real port, driven by headless Chromium: a member logs in, finds a paid class
/// in the catalog, enrolls, sees the balance drop, finds it in "My classes" and downloads its
/// .ics — with no console error and no Content-Security-Policy violation on the way.
/// </summary>
public class EnrollmentJourneyTests
{
    private const int Price = 7;
    private const int Granted = 25;
    private const string MemberPassword = "journey-pass-7";

    private readonly string _memberEmail = $"journey-{Guid.NewGuid():N}@example.test";
    private readonly string _title = $"Evening power flow {Guid.NewGuid():N}"[..30];

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
        await SeedAsync();
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

    /// <summary>An instructor with a paid class, and a member with tokens — through the app's own services.</summary>
    private async Task SeedAsync()
    {
        await using var scope = _factory.Services.CreateAsyncScope();
        var identity = scope.ServiceProvider.GetRequiredService<IIdentityService>();
        var (instructorId, instructorErrors) = await identity.CreateUserAsync(
            $"coach-{Guid.NewGuid():N}@example.test", "coach-pass-7", "Coach Journey", Roles.Instructor, CancellationToken.None);
        Assert.That(instructorId, Is.Not.Null, string.Join(" ", instructorErrors));
        var (memberId, memberErrors) = await identity.CreateUserAsync(_memberEmail, MemberPassword, "Journey Member", Roles.Member, CancellationToken.None);
        Assert.That(memberId, Is.Not.Null, string.Join(" ", memberErrors));

        var now = _factory.Clock.Now;
        var db = scope.ServiceProvider.GetRequiredService<ApplicationDbContext>();
        db.Streams.Add(LiveStream.Schedule(instructorId!, _title, "Strength and stretch, 45 minutes.", "Yoga",
            now.AddDays(2), 45, Price, 12, now));
        await db.SaveChangesAsync();

        var grant = await scope.ServiceProvider.GetRequiredService<ITokenLedger>()
            .GrantAsync(new LedgerGrant(memberId!, Granted, "Welcome tokens", $"journey:{Guid.NewGuid():N}"), CancellationToken.None);
        Assert.That(grant.Succeeded, Is.True, grant.Message);
    }

    private async Task<(IBrowserContext Context, IPage Page, ConcurrentQueue<string> Problems)> MonitoredPageAsync()
    {
        var problems = new ConcurrentQueue<string>();
        var (context, page) = await Chromium.MonitoredPageAsync(
            _browser, new BrowserNewContextOptions { BaseURL = _baseAddress.ToString(), AcceptDownloads = true }, problems,
            // A download is handed to the download manager: the page sees its request as aborted (net::ERR_ABORTED).
            expectedFailure: request => request.Url.EndsWith("/calendar.ics", StringComparison.Ordinal) && request.Failure == "net::ERR_ABORTED");
        return (context, page, problems);
    }

    [Test]
    public async Task Log_in_enroll_in_a_paid_class_see_the_balance_drop_and_download_its_calendar_file()
    {
        var (context, page, problems) = await MonitoredPageAsync();
        await using var _ = Chromium.ClosesAtEnd(context);
        await Chromium.RunJourneyAsync(page, problems, () => JourneyAsync(page, problems));
    }

    private async Task JourneyAsync(IPage page, ConcurrentQueue<string> problems)
    {
        // Log in.
        await page.GotoAsync("/");
        await Chromium.LogInThroughTheNavigationAsync(page, _memberEmail, MemberPassword);
        await Assertions.Expect(page.Locator("#account-menu")).ToHaveTextAsync("Journey Member");
        await Assertions.Expect(page.Locator("#token-balance")).ToContainTextAsync($"{Granted} tokens");

        // The catalog, then the class.
        await page.Locator("nav").GetByRole(AriaRole.Link, new() { Name = "Classes", Exact = true }).ClickAsync();
        await Chromium.ExpectLoadedAsync(page, "**/streams");
        var card = page.Locator("article.stream-card", new() { HasText = _title });
        await Assertions.Expect(card).ToContainTextAsync($"{Price} tokens");
        await card.Locator(".card-title a").ClickAsync();
        await Chromium.ExpectLoadedAsync(page, "**/streams/*");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync(_title);

        // Enroll: the confirmation says the new balance and the navigation shows it.
        await page.GetByRole(AriaRole.Button, new() { Name = $"Enroll for {Price} tokens" }).ClickAsync();
        await Assertions.Expect(page.Locator("#flash")).ToContainTextAsync($"your balance is now {Granted - Price}");
        await Assertions.Expect(page.Locator("#token-balance")).ToContainTextAsync($"{Granted - Price} tokens");
        await Assertions.Expect(page.Locator("#enrolled-note")).ToHaveTextAsync("You are enrolled in this class.");

        // My classes lists it; its .ics downloads.
        await page.Locator("nav").GetByRole(AriaRole.Link, new() { Name = "My classes" }).ClickAsync();
        await Chromium.ExpectLoadedAsync(page, "**/me/classes");
        var row = page.Locator("li.my-class", new() { HasText = _title });
        await Assertions.Expect(row).ToHaveCountAsync(1);
        var download = await page.RunAndWaitForDownloadAsync(() => row.GetByRole(AriaRole.Link, new() { Name = ".ics" }).ClickAsync());

        Assert.That(download.SuggestedFilename, Does.EndWith(".ics").And.StartWith("evening-power-flow"));
        var path = await download.PathAsync();
        var bytes = await File.ReadAllBytesAsync(path);
        using var calendar = JsonDocument.Parse(IcalJs.Validate(bytes));
        var events = calendar.RootElement.GetProperty("events");
        Assert.That(events.GetArrayLength(), Is.EqualTo(1));
        Assert.That(events[0].GetProperty("summary").GetString(), Is.EqualTo(_title));
        Assert.That(events[0].GetProperty("startIsUtc").GetBoolean(), Is.True);

        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        Assert.That(problems, Is.Empty, string.Join(Environment.NewLine, problems));
    }
}
