using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Streaming.Application.Common.Interfaces;
using Streaming.Domain.Streams;
using Streaming.Domain.Users;
using Streaming.Infrastructure.Data;
using Streaming.Web.BrowserTests.Support;

namespace Streaming.Web.BrowserTests;

/// <summary>
/// Time zones as visitors live them, in Chromium: an anonymous visitor in Los Angeles filters the
/// catalog by "Dec 4" and finds the class shown as Dec 4, 23:00 (it starts Dec 5, 07:00 UTC); a
/// member sets their name, zone and avatar on their profile and the navigation and times follow.
/// </summary>
public class ProfileJourneyTests
{
    private const string MemberPassword = "profile-pass-7";
    private static readonly DateTimeOffset LateInLosAngeles = new(2030, 12, 5, 7, 0, 0, TimeSpan.Zero);

    private readonly string _memberEmail = $"profile-{Guid.NewGuid():N}@example.test";
    private TestDatabase _database = null!;
    private StreamingWebFactory _factory = null!;
    private IPlaywright _playwright = null!;
    private IBrowser _browser = null!;
    private Uri _baseAddress = null!;
    private string _root = null!;
    private string _coachId = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _root = Directory.CreateTempSubdirectory("profile-journey-").FullName;
        _database = await TestDatabase.CreateAsync();
        _factory = new StreamingWebFactory(_database);
        _factory.Settings["Storage:Local:Root"] = _root;
        _factory.Settings["Storage:Local:SigningKey"] = "browser-tests-signing-key-0123456789abcdef";
        _baseAddress = _factory.StartKestrel();

        await using var scope = _factory.Services.CreateAsyncScope();
        var identity = scope.ServiceProvider.GetRequiredService<IIdentityService>();
        var (coachId, errors) = await identity.CreateUserAsync($"coach-{Guid.NewGuid():N}@example.test", "coach-pass-7", "Coach Zones", Roles.Instructor, CancellationToken.None);
        Assert.That(errors, Is.Empty);
        _coachId = coachId!;
        (_, errors) = await identity.CreateUserAsync(_memberEmail, MemberPassword, "Zone Member", Roles.Member, CancellationToken.None);
        Assert.That(errors, Is.Empty);
        var db = scope.ServiceProvider.GetRequiredService<ApplicationDbContext>();
        var now = _factory.Clock.GetUtcNow();
        db.Streams.Add(LiveStream.Schedule(_coachId, "Late night stretch", "Wind down before bed.", "Yoga", LateInLosAngeles, 45, 3, null, now));
        db.Streams.Add(LiveStream.Schedule(_coachId, "Evening before", "The day before, in Los Angeles.", "Yoga", new DateTimeOffset(2030, 12, 4, 5, 0, 0, TimeSpan.Zero), 30, 0, null, now));
        await db.SaveChangesAsync();

        _playwright = await Playwright.CreateAsync();
        _browser = await Chromium.LaunchAsync(_playwright);
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        await Chromium.ShutDownAsync(_browser, _playwright);
        if (_factory is not null) await _factory.DisposeAsync();
        if (_database is not null) await _database.DisposeAsync();
        if (_root is not null) Directory.Delete(_root, recursive: true);
    }

    private BrowserNewContextOptions InZone(string zone) => new() { BaseURL = _baseAddress.ToString(), TimezoneId = zone, Locale = "en-US" };

    [Test]
    public async Task A_los_angeles_visitor_filtering_dec_4_sees_the_class_shown_as_dec_4_11_pm()
    {
        var problems = new ConcurrentQueue<string>();
        var (context, page) = await Chromium.MonitoredPageAsync(_browser, InZone("America/Los_Angeles"), problems);
        await using var _ = Chromium.ClosesAtEnd(context);

        await Chromium.RunJourneyAsync(page, problems, async () =>
        {
            await page.GotoAsync("/streams");
            await page.GetByLabel("From", new() { Exact = true }).FillAsync("2030-12-04");
            await page.GetByLabel("To", new() { Exact = true }).FillAsync("2030-12-04");
            await page.GetByRole(AriaRole.Button, new() { Name = "Filter" }).ClickAsync();
            await Chromium.ExpectLoadedAsync(page, new Regex("from=2030-12-04&to=2030-12-04"));

            var card = page.Locator("article.stream-card");
            await Assertions.Expect(card).ToHaveCountAsync(1);
            await Assertions.Expect(card.Locator(".card-title")).ToHaveTextAsync("Late night stretch");
            await Assertions.Expect(card.Locator("time")).ToHaveTextAsync("Wed 4 Dec, 23:00");
            await Assertions.Expect(page.Locator("#zone-note")).ToContainTextAsync("America/Los_Angeles");
            await Screenshots.CaptureAsync(page, "catalog-los-angeles-dec-4");
            Assert.That(problems, Is.Empty, string.Join("\n", problems));
        });
    }

    [Test]
    public async Task A_member_sets_name_zone_and_avatar_and_the_navigation_and_times_follow()
    {
        var problems = new ConcurrentQueue<string>();
        var (context, page) = await Chromium.MonitoredPageAsync(_browser, InZone("America/Los_Angeles"), problems);
        await using var _ = Chromium.ClosesAtEnd(context);
        var avatar = Path.Combine(_root, "me.png");
        await MakeImageAsync(avatar);

        await Chromium.RunJourneyAsync(page, problems, async () =>
        {
            await page.GotoAsync("/");
            await Chromium.LogInThroughTheNavigationAsync(page, _memberEmail, MemberPassword);
            await Assertions.Expect(page.Locator("#account-menu")).ToHaveTextAsync("Zone Member");

            await page.Locator("#account-menu").ClickAsync();
            await page.GetByRole(AriaRole.Link, new() { Name = "Profile" }).ClickAsync();
            await Chromium.ExpectLoadedAsync(page, "**/me/profile");
            await Assertions.Expect(page.Locator("#follow-browser")).ToHaveTextAsync("Follow my browser (now America/Los_Angeles)");
            await page.GetByLabel("Display name").FillAsync("Zoë from Tokyo");
            await page.GetByLabel("Time zone", new() { Exact = true }).SelectOptionAsync("Asia/Tokyo");
            await page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
            await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("Your profile is saved.");
            await Assertions.Expect(page.Locator("#account-name")).ToHaveTextAsync("Zoë from Tokyo");

            await page.GetByLabel("Upload an image").SetInputFilesAsync(avatar);
            await page.GetByRole(AriaRole.Button, new() { Name = "Upload", Exact = true }).ClickAsync();
            await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("Your avatar is updated.");
            await Assertions.Expect(page.Locator("#avatar-image")).ToBeVisibleAsync();
            await page.WaitForFunctionAsync("() => [...document.images].every(i => i.complete && i.naturalWidth > 0)");
            await Screenshots.CaptureAsync(page, "profile-saved");

            // Tokyo's Dec 5 holds the class that Los Angeles sees on Dec 4.
            await page.GotoAsync("/streams?from=2030-12-05&to=2030-12-05");
            await Assertions.Expect(page.Locator("article.stream-card time")).ToHaveTextAsync("Thu 5 Dec, 16:00");
            await Assertions.Expect(page.Locator("#account-menu img")).ToBeVisibleAsync();
            await Screenshots.CaptureAsync(page, "catalog-tokyo-member");
            Assert.That(problems, Is.Empty, string.Join("\n", problems));
        });
    }

    /// <summary>A real PNG made by FFmpeg (as a person's photo would be: not square, larger than the avatar).</summary>
    private static async Task MakeImageAsync(string path)
    {
        using var ffmpeg = System.Diagnostics.Process.Start("ffmpeg", ["-v", "error", "-y", "-f", "lavfi", "-i", "testsrc2=size=640x480", "-frames:v", "1", path])!;
        await ffmpeg.WaitForExitAsync();
        Assert.That(ffmpeg.ExitCode, Is.Zero);
    }
}
