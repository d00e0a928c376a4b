using System.Collections.Concurrent;
using System.Security.Claims;
using MediatR;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Streaming.Application.Common.Interfaces;
using Streaming.Application.Enrollments.Commands.EnrollInStream;
using Streaming.Domain.Users;
using Streaming.Infrastructure.Data;

using Streaming.Web.BrowserTests.Support;

namespace Streaming.Web.BrowserTests;

/// <summary>
/// The real app on a real port, driven by headless Chromium in the Europe/Paris time zone: an
/// instructor logs in, opens the dashboard, schedules a class through the form (site.js fills the
/// time-zone field), finds it in the table, opens its analytics once members have enrolled (an SVG
/// chart renders with a real size), and duplicates it — with no console error and no CSP violation.
/// </summary>
public class DashboardJourneyTests
{
    private const string InstructorPassword = "coach-pass-7";
    private const string TimeZone = "Europe/Paris";
    private const int Price = 6;

    private readonly string _instructorEmail = $"coach-{Guid.NewGuid():N}@example.test";
    private readonly string _title = $"Tuesday kettlebells {Guid.NewGuid():N}"[..28];
    private readonly List<string> _memberIds = [];
    private readonly string _blobRoot = Directory.CreateTempSubdirectory("dashboard-journey-blobs-").FullName;

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
        _factory.Settings["Storage:Local:SigningKey"] = "dashboard-journey-signing-key-0123456789";
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
        if (Directory.Exists(_blobRoot)) Directory.Delete(_blobRoot, recursive: true);
    }

    /// <summary>An instructor and two members with tokens — through the app's own services, before the browser starts.</summary>
    private async Task SeedAsync()
    {
        await using var scope = _factory.Services.CreateAsyncScope();
        var identity = scope.ServiceProvider.GetRequiredService<IIdentityService>();
        var (instructorId, errors) = await identity.CreateUserAsync(_instructorEmail, InstructorPassword, "Coach Journey", Roles.Instructor, CancellationToken.None);
        Assert.That(instructorId, Is.Not.Null, string.Join(" ", errors));
        var ledger = scope.ServiceProvider.GetRequiredService<ITokenLedger>();
        for (var i = 0; i < 2; i++)
        {
            var (memberId, memberErrors) = await identity.CreateUserAsync(
                $"member-{Guid.NewGuid():N}@example.test", "member-pass-7", $"Member {i}", Roles.Member, CancellationToken.None);
            Assert.That(memberId, Is.Not.Null, string.Join(" ", memberErrors));
            var grant = await ledger.GrantAsync(new LedgerGrant(memberId!, 20, "Welcome tokens", $"journey:{Guid.NewGuid():N}"), CancellationToken.None);
            Assert.That(grant.Succeeded, Is.True, grant.Message);
            _memberIds.Add(memberId!);
        }
    }

    /// <summary>A member enrolls (and pays) through the app's enrollment command at <paramref name="at"/> on the app's clock.</summary>
    private async Task EnrollAsync(string memberId, Guid streamId, DateTimeOffset at)
    {
        var saved = _factory.Clock.Now;
        _factory.Clock.Now = at;
        await using var scope = _factory.Services.CreateAsyncScope();
        var accessor = scope.ServiceProvider.GetRequiredService<IHttpContextAccessor>();
        accessor.HttpContext = new DefaultHttpContext
        {
            User = new ClaimsPrincipal(new ClaimsIdentity(
                [new Claim(ClaimTypes.NameIdentifier, memberId), new Claim(ClaimTypes.Role, Roles.Member)], "Test")),
            RequestServices = scope.ServiceProvider,
        };
        try
        {
            var result = await scope.ServiceProvider.GetRequiredService<IMediator>().Send(new EnrollInStreamCommand(streamId));
            Assert.That(result.Succeeded, Is.True, result.Message);
        }
        finally
        {
            accessor.HttpContext = null;
            _factory.Clock.Now = saved;
        }
    }

    private async Task<DateTimeOffset> StoredStartAsync(Guid streamId)
    {
        await using var scope = _factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ApplicationDbContext>();
        return await db.Streams.Where(s => s.Id == streamId).Select(s => s.ScheduledStart).SingleAsync();
    }

    /// <summary>A fresh browser context in Europe/Paris whose page reports console errors/warnings, page errors,
    /// failed requests, HTTP errors and CSP violations into <c>problems</c>.</summary>
    private async Task<(IBrowserContext Context, IPage Page, ConcurrentQueue<string> Problems)> MonitoredPageAsync()
    {
        var problems = new ConcurrentQueue<string>();
        var (context, page) = await Chromium.MonitoredPageAsync(
            _browser, new BrowserNewContextOptions { BaseURL = _baseAddress.ToString(), TimezoneId = TimeZone }, problems);
        return (context, page, problems);
    }

    [Test]
    public async Task Schedule_a_class_find_it_read_its_analytics_chart_and_duplicate_it()
    {
        var (context, page, problems) = await MonitoredPageAsync();
        await using var _ = Chromium.ClosesAtEnd(context);
        await Chromium.RunJourneyAsync(page, problems, () => JourneyAsync(page, problems));
    }

    private async Task JourneyAsync(IPage page, ConcurrentQueue<string> problems)
    {
        // Log in.
        await page.GotoAsync("/");
        await Chromium.LogInThroughTheNavigationAsync(page, _instructorEmail, InstructorPassword);
        await Assertions.Expect(page.Locator("#account-menu")).ToHaveTextAsync("Coach Journey");

        // Instructor → the dashboard, still empty.
        await page.Locator("nav").GetByRole(AriaRole.Link, new() { Name = "Instructor", Exact = true }).ClickAsync();
        await Chromium.ExpectLoadedAsync(page, "**/instructor/streams");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("My streams");
        await Assertions.Expect(page.Locator("#no-streams")).ToBeVisibleAsync();

        // Schedule a class through the form: 18:30 on the instructor's wall clock in Paris.
        await page.GetByRole(AriaRole.Link, new() { Name = "Schedule a class" }).ClickAsync();
        await Chromium.ExpectLoadedAsync(page, "**/instructor/streams/new");
        await Assertions.Expect(page.Locator("input[data-time-zone]")).ToHaveValueAsync(TimeZone); // filled by site.js
        await Assertions.Expect(page.Locator("[data-time-zone-name]")).ToHaveTextAsync(TimeZone);
        await page.GetByLabel("Title").FillAsync(_title);
        await page.GetByLabel("Description").FillAsync("Swings, snatches and a long stretch.");
        await page.GetByLabel("Category").FillAsync("Strength");
        await page.Locator("#StartLocal").FillAsync("2030-02-05T18:30");
        await page.GetByLabel("Duration (minutes)").FillAsync("60");
        await page.GetByLabel("Price (tokens)").FillAsync(Price.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await page.GetByLabel("Capacity (empty: no limit)").FillAsync("20");
        await page.GetByRole(AriaRole.Button, new() { Name = "Schedule" }).ClickAsync();

        // It appears in the table (and is stored in UTC: Paris is UTC+1 in February).
        await Chromium.ExpectLoadedAsync(page, "**/instructor/streams?highlight=*");
        await Assertions.Expect(page.Locator("#flash")).ToContainTextAsync("is scheduled");
        var row = page.Locator("#streams-table tbody tr", new() { HasText = _title });
        await Assertions.Expect(row).ToHaveCountAsync(1);
        await Assertions.Expect(row).ToContainTextAsync("0 / 20");
        var streamId = Guid.Parse((await row.GetAttributeAsync("data-stream-id"))!);
        Assert.That(await StoredStartAsync(streamId), Is.EqualTo(new DateTimeOffset(2030, 2, 5, 17, 30, 0, TimeSpan.Zero)));

        // Members enroll over two days (through the app's enrollment command).
        var now = _factory.Clock.Now;
        await EnrollAsync(_memberIds[0], streamId, now);
        await EnrollAsync(_memberIds[1], streamId, now.AddDays(1));

        // Its analytics: the figures, and an SVG line chart that really renders.
        await row.GetByRole(AriaRole.Button, new() { Name = $"Actions for {_title}" }).ClickAsync(); // the row's actions menu
        await row.GetByRole(AriaRole.Link, new() { Name = "Analytics" }).ClickAsync();
        await Chromium.ExpectLoadedAsync(page, $"**/instructor/streams/{streamId}/analytics");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync(_title);
        await Assertions.Expect(page.Locator("#fig-enrollments")).ToHaveTextAsync("2");
        await Assertions.Expect(page.Locator("#fig-revenue")).ToHaveTextAsync($"{2 * Price}");
        var chart = page.Locator("figure.chart svg polyline, figure.chart svg rect.bar");
        Assert.That(await chart.CountAsync(), Is.GreaterThan(0), "a chart has a line or bars");
        await Assertions.Expect(chart.First).ToBeVisibleAsync();
        var box = await chart.First.BoundingBoxAsync();
        Assert.That(box, Is.Not.Null);
        Assert.That(box.Width, Is.GreaterThan(0), "the line spans the chart");
        Assert.That(box.Height, Is.GreaterThan(0), "the line rises from the first day to the second");

        // The overview: a bar per class and the Tuesday 18:00 (Paris) slot in the heat map.
        await page.GetByRole(AriaRole.Link, new() { Name = "All classes" }).ClickAsync();
        await Chromium.ExpectLoadedAsync(page, "**/instructor/analytics");
        var bars = page.Locator("svg rect.bar");
        Assert.That(await bars.CountAsync(), Is.GreaterThan(0));
        var bar = await bars.First.BoundingBoxAsync();
        Assert.That(bar is { Width: > 0, Height: > 0 }, Is.True, $"the revenue bar has a size: {bar?.Width}×{bar?.Height}");
        await Assertions.Expect(page.Locator("svg rect.slot title", new() { HasText = "Tue 18:00 — 2 enrollments" })).ToHaveCountAsync(1);

        // Back on the dashboard, Duplicate opens the form pre-filled one week later.
        await page.Locator("nav").GetByRole(AriaRole.Link, new() { Name = "Instructor", Exact = true }).ClickAsync();
        await Chromium.ExpectLoadedAsync(page, "**/instructor/streams");
        row = page.Locator("#streams-table tbody tr", new() { HasText = _title });
        await row.GetByRole(AriaRole.Button, new() { Name = $"Actions for {_title}" }).ClickAsync();
        await row.GetByRole(AriaRole.Link, new() { Name = "Duplicate" }).ClickAsync();
        await Chromium.ExpectLoadedAsync(page, $"**/instructor/streams/{streamId}/duplicate");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Duplicate class");
        await Assertions.Expect(page.GetByLabel("Title")).ToHaveValueAsync(_title);
        await Assertions.Expect(page.Locator("#StartLocal")).ToHaveValueAsync("2030-02-12T18:30");
        await Assertions.Expect(page.GetByLabel("Price (tokens)")).ToHaveValueAsync(Price.ToString(System.Globalization.CultureInfo.InvariantCulture));

        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        Assert.That(problems, Is.Empty, string.Join(Environment.NewLine, problems));
    }
}
