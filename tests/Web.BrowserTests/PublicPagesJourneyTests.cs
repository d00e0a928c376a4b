using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Streaming.Application.Common.Interfaces;
using Streaming.Domain.Streams;
using Streaming.Domain.Users;
using Streaming.Infrastructure.Data;
using Streaming.Web.BrowserTests.Support;

namespace Streaming.Web.BrowserTests;

/// <summary>
/// What a visitor sees first: the home page (hero, the next classes with their pictures or the
/// generated placeholder, the instructors), an instructor's page with photo and bio, one without
/// photo or classes, and the home page once signed in. Each page fits 390 and 1280 px, passes
/// axe-core and is photographed (screenshots <c>look-*</c>).
/// </summary>
public class PublicPagesJourneyTests
{
    private const string Password = "look-pass-7";

    private readonly string _memberEmail = $"look-{Guid.NewGuid():N}@example.test";
    private readonly string _blobRoot = Directory.CreateTempSubdirectory("look-journey-blobs-").FullName;

    private TestDatabase _database = null!;
    private StreamingWebFactory _factory = null!;
    private IPlaywright _playwright = null!;
    private IBrowser _browser = null!;
    private Uri _baseAddress = null!;
    private string _aurora = null!;
    private string _quiet = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _database = await TestDatabase.CreateAsync();
        _factory = new StreamingWebFactory(_database);
        _factory.Settings["Storage:Provider"] = "Local";
        _factory.Settings["Storage:Local:Root"] = _blobRoot;
        _factory.Settings["Storage:Local:SigningKey"] = "look-journey-signing-key-0123456789ab";
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

    /// <summary>
    /// Two instructors (one with photo, bio and classes, one with nothing yet) and a member. The
    /// pictures are real JPEGs made by FFmpeg, stored where the upload would put them (the upload
    /// itself is covered by the profile and thumbnail tests).
    /// </summary>
    private async Task SeedAsync()
    {
        await using var scope = _factory.Services.CreateAsyncScope();
        var identity = scope.ServiceProvider.GetRequiredService<IIdentityService>();
        var db = scope.ServiceProvider.GetRequiredService<ApplicationDbContext>();
        var blobs = scope.ServiceProvider.GetRequiredService<IBlobStorage>();
        _aurora = await CreateAsync(identity, $"aurora-{Guid.NewGuid():N}@example.test", "Aurora Lindqvist", Roles.Instructor);
        _quiet = await CreateAsync(identity, $"quiet-{Guid.NewGuid():N}@example.test", "Sam Okafor", Roles.Instructor);
        await CreateAsync(identity, _memberEmail, "Look Member", Roles.Member);

        var avatar = $"avatars/{Guid.NewGuid():N}.jpg";
        await PutImageAsync(blobs, avatar, "testsrc2=size=256x256");
        var profile = await db.Profiles.SingleAsync(p => p.Id == _aurora);
        profile.ReplaceAvatar(avatar);
        profile.ChangeBio("Strength coach and yoga teacher from Malmö. Strong flows, kettlebells and a lot of breathing,\nwith an easier option for every move.");

        var now = _factory.Clock.Now;
        var pictured = LiveStream.Schedule(_aurora, "Sunrise Power Flow", "A strong vinyasa flow.", "Yoga", now.AddHours(20), 45, 6, 20, now);
        var thumbnail = $"thumbnails/{Guid.NewGuid():N}.jpg";
        await PutImageAsync(blobs, thumbnail, "testsrc=size=1280x720");
        pictured.SetThumbnail(thumbnail, now);
        db.Streams.AddRange(
            pictured,
            LiveStream.Schedule(_aurora, "Kettlebell Basics", "One bell, the whole body.", "Strength", now.AddDays(2), 30, 0, null, now),
            LiveStream.Schedule(_aurora, "Evening Stretch & Breathe", "Wind down.", "Mobility", now.AddDays(3), 25, 3, 12, now));
        await db.SaveChangesAsync();
    }

    private static async Task<string> CreateAsync(IIdentityService identity, string email, string name, string role)
    {
        var (id, errors) = await identity.CreateUserAsync(email, Password, name, role, CancellationToken.None);
        return id ?? throw new AssertionException(string.Join(" ", errors));
    }

    private static async Task PutImageAsync(IBlobStorage blobs, string key, string source)
    {
        var file = Path.Combine(Path.GetTempPath(), $"look-{Guid.NewGuid():N}.jpg");
        try
        {
            using var ffmpeg = System.Diagnostics.Process.Start("ffmpeg", ["-v", "error", "-y", "-f", "lavfi", "-i", source, "-frames:v", "1", file])!;
            await ffmpeg.WaitForExitAsync();
            Assert.That(ffmpeg.ExitCode, Is.Zero);
            await using var content = File.OpenRead(file);
            await blobs.PutAsync(key, content, "image/jpeg", CancellationToken.None);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Test]
    public async Task A_visitor_meets_the_home_page_and_the_instructors_and_a_member_gets_their_own_actions()
    {
        var problems = new ConcurrentQueue<string>();
        var (context, page) = await Chromium.MonitoredPageAsync(
            _browser, new BrowserNewContextOptions { BaseURL = _baseAddress.ToString(), TimezoneId = "Europe/Stockholm" }, problems);
        await using var _ = Chromium.ClosesAtEnd(context);
        await Chromium.RunJourneyAsync(page, problems, async () =>
        {
            await page.GotoAsync("/");
            Assert.That(await page.TitleAsync(), Is.EqualTo("Streaming — live fitness classes"));
            await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync("Train live with real instructors");
            await Assertions.Expect(page.Locator("#hero-actions").GetByRole(AriaRole.Link, new() { Name = "Join free" })).ToBeVisibleAsync();
            var cards = page.Locator("#home-upcoming article.stream-card");
            await Assertions.Expect(cards).ToHaveCountAsync(3);
            // The uploaded picture fills its 16:9 box, sized before it loads; the others get the placeholder.
            var picture = cards.First.Locator("img.thumb");
            await Assertions.Expect(picture).ToHaveAttributeAsync("alt", "Sunrise Power Flow");
            await Assertions.Expect(picture).ToHaveAttributeAsync("loading", "lazy");
            await picture.ScrollIntoViewIfNeededAsync();
            await Assertions.Expect(picture).ToHaveJSPropertyAsync("complete", true);
            Assert.That(await picture.EvaluateAsync<int>("i => i.naturalWidth"), Is.GreaterThan(0), "the thumbnail loaded");
            var box = await picture.BoundingBoxAsync();
            Assert.That(box!.Width / box.Height, Is.EqualTo(16.0 / 9).Within(0.02));
            await Assertions.Expect(cards.Nth(1).Locator("[role=img].thumb")).ToHaveTextAsync("KB");
            await Assertions.Expect(cards.Nth(2).Locator("[role=img].thumb")).ToHaveTextAsync("ES");
            await Assertions.Expect(page.Locator("#home-instructors article.instructor-card")).ToHaveCountAsync(1);
            await Assertions.Expect(page.Locator("#home-instructors img.avatar")).ToHaveAttributeAsync("alt", "Aurora Lindqvist");
            await page.EvaluateAsync("() => window.scrollTo(0, document.body.scrollHeight)"); // lazy pictures load before the photo
            await PageChecks.FitsAndPassesAxeAsync(page, "look-home");

            // The instructor's page: photo, bio, followers, their classes.
            await page.Locator("#home-instructors").GetByRole(AriaRole.Link, new() { Name = "Aurora Lindqvist" }).ClickAsync();
            await Chromium.ExpectLoadedAsync(page, $"**/instructors/{_aurora}");
            Assert.That(await page.TitleAsync(), Is.EqualTo("Aurora Lindqvist · Streaming"));
            await Assertions.Expect(page.Locator(".profile-header img.avatar")).ToHaveJSPropertyAsync("complete", true);
            Assert.That(await page.Locator(".profile-header img.avatar").EvaluateAsync<int>("i => i.naturalWidth"), Is.EqualTo(256));
            await Assertions.Expect(page.Locator("#bio")).ToContainTextAsync("Strength coach and yoga teacher from Malmö.");
            await Assertions.Expect(page.Locator("#followers")).ToHaveTextAsync("0 followers");
            await Assertions.Expect(page.Locator("#upcoming article.stream-card")).ToHaveCountAsync(3);
            await PageChecks.FitsAndPassesAxeAsync(page, "look-instructor");

            // A class page leads back to its instructor.
            await page.Locator("#upcoming").GetByRole(AriaRole.Link, new() { Name = "Kettlebell Basics" }).ClickAsync();
            await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Kettlebell Basics");
            await page.Locator("#instructor").GetByRole(AriaRole.Link, new() { Name = "Aurora Lindqvist" }).ClickAsync();
            await Chromium.ExpectLoadedAsync(page, $"**/instructors/{_aurora}");

            // An instructor with no photo and no classes yet.
            await page.GotoAsync($"/instructors/{_quiet}");
            await Assertions.Expect(page.Locator(".profile-header .avatar-initials")).ToHaveTextAsync("SO");
            await Assertions.Expect(page.Locator("#no-upcoming")).ToHaveTextAsync("No classes scheduled right now.");
            await PageChecks.FitsAndPassesAxeAsync(page, "look-instructor-no-classes");

            // Signed in, the hero offers the member's own next steps.
            await page.GotoAsync("/");
            await Chromium.LogInThroughTheNavigationAsync(page, _memberEmail, Password);
            await Assertions.Expect(page.Locator("#account-menu")).ToHaveTextAsync("Look Member");
            await page.GotoAsync("/");
            await Assertions.Expect(page.Locator("#hero-actions").GetByRole(AriaRole.Link, new() { Name = "My classes" })).ToBeVisibleAsync();
            await Assertions.Expect(page.Locator("#teach").GetByRole(AriaRole.Link, new() { Name = "Become an instructor" })).ToBeVisibleAsync();
            await page.EvaluateAsync("() => window.scrollTo(0, document.body.scrollHeight)");
            await PageChecks.FitsAndPassesAxeAsync(page, "look-home-member");
        });
        Assert.That(problems, Is.Empty, string.Join(Environment.NewLine, problems));
    }
}
