using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Streaming.Application.Common.Interfaces;
using Streaming.Domain.Recordings;
using Streaming.Domain.Users;
using Streaming.Infrastructure.Data;
using Streaming.Web.BrowserTests.Support;

namespace Streaming.Web.BrowserTests.Recordings;

/// <summary>
/// "Anyone with the link" in Chromium: the owner makes a clip's link on its share page, an
/// anonymous visitor (another browser context, no account) plays it, the owner turns the link off,
/// and the visitor's player says the link stopped working; the page then answers 410, never the video.
/// </summary>
public class SharedClipJourneyTests
{
    private const string Password = "shared-pass-7";

    private readonly string _email = $"sharer-{Guid.NewGuid():N}@example.test";
    private TestDatabase _database = null!;
    private StreamingWebFactory _factory = null!;
    private IPlaywright _playwright = null!;
    private IBrowser _browser = null!;
    private Uri _baseAddress = null!;
    private string _root = null!;
    private Guid _clip;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _root = Directory.CreateTempSubdirectory("shared-clip-").FullName;
        _database = await TestDatabase.CreateAsync();
        _factory = new StreamingWebFactory(_database);
        _factory.Settings["Storage:Local:Root"] = _root;
        _factory.Settings["Storage:Local:SigningKey"] = "browser-tests-signing-key-0123456789abcdef";
        _baseAddress = _factory.StartKestrel();

        var clipFile = Path.Combine(_root, "clip.mp4");
        await FfmpegAsync("-f", "lavfi", "-i", "testsrc2=size=640x360:rate=25:duration=10", "-f", "lavfi", "-i", "sine=frequency=330:duration=10",
            "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-c:a", "aac", "-shortest", "-movflags", "+faststart", clipFile);
        await using var scope = _factory.Services.CreateAsyncScope();
        var (ownerId, errors) = await scope.ServiceProvider.GetRequiredService<IIdentityService>()
            .CreateUserAsync(_email, Password, "Clip Sharer", Roles.Member, CancellationToken.None);
        Assert.That(errors, Is.Empty);
        var storage = scope.ServiceProvider.GetRequiredService<IBlobStorage>();
        await using (var file = File.OpenRead(clipFile)) await storage.PutAsync("clips/shared.mp4", file, "video/mp4", CancellationToken.None);
        var db = scope.ServiceProvider.GetRequiredService<ApplicationDbContext>();
        var now = _factory.Clock.GetUtcNow();
        var room = Recording.OpenMeeting(Products.TipJar, ownerId!, "Team offsite", now);
        room.AttachFile(RecordingFile.Create("clips/shared.mp4", new FileInfo(clipFile).Length, 60, now), "test-setup");
        var clip = RecordingClip.Request(room.Id, Products.TipJar, ownerId!, 20, 30, 60, TimeSpan.FromMinutes(10), now);
        clip.StartProcessing(now);
        clip.Complete("clips/shared.mp4", new FileInfo(clipFile).Length, 10, now);
        db.Recordings.Add(room);
        db.RecordingClips.Add(clip);
        await db.SaveChangesAsync();
        _clip = clip.Id;

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

    [Test]
    public async Task An_anonymous_visitor_plays_a_shared_clip_until_the_owner_turns_the_link_off()
    {
        var problems = new ConcurrentQueue<string>();
        var options = new BrowserNewContextOptions { BaseURL = _baseAddress.ToString() };
        var (ownerContext, owner) = await Chromium.MonitoredPageAsync(_browser, options, problems, "owner", reportFailedRequests: false);
        await using var closeOwner = Chromium.ClosesAtEnd(ownerContext);
        var (visitorContext, visitor) = await Chromium.MonitoredPageAsync(_browser, options, problems, "visitor", reportFailedRequests: false);
        await using var closeVisitor = Chromium.ClosesAtEnd(visitorContext);

        await Chromium.RunJourneyAsync(owner, problems, async () =>
        {
            // The owner finds the clip and makes a link for anyone, for 7 days.
            await owner.GotoAsync("/");
            await Chromium.LogInThroughTheNavigationAsync(owner, _email, Password);
            await Chromium.ExpectLoadedAsync(owner, new Regex("^(?!.*/account/login)"));
            await owner.GotoAsync("/recordings");
            await owner.Locator($"li[data-clip='{_clip}']").GetByRole(AriaRole.Link, new() { Name = "Share" }).ClickAsync();
            await Chromium.ExpectLoadedAsync(owner, $"**/recordings/share/clip/{_clip}");
            await Assertions.Expect(owner.Locator("#share-state")).ToContainTextAsync("Private");
            await owner.GetByLabel("The link works").SelectOptionAsync("7");
            await owner.GetByRole(AriaRole.Button, new() { Name = "Create a link for anyone" }).ClickAsync();
            await Assertions.Expect(owner.GetByRole(AriaRole.Status).First).ToHaveTextAsync("Anyone with the link can watch until the date shown.");
            await Assertions.Expect(owner.Locator("#share-state")).ToContainTextAsync("Anyone with the link");
            var link = await owner.Locator("#public-link").InputValueAsync();
            Assert.That(link, Does.Match($"^{Regex.Escape(_baseAddress.ToString())}shared/[A-Za-z0-9_-]{{43}}$"));
            Assert.That(await owner.Locator("#share-facebook").GetAttributeAsync("href"), Does.EndWith(Uri.EscapeDataString(link)));
            await Screenshots.CaptureAsync(owner, "shared-clip-owner-link");

            // Someone without an account opens the link and the clip plays.
            await visitor.GotoAsync(link);
            await Assertions.Expect(visitor.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Clip 0:20–0:30 of Team offsite");
            await visitor.EvaluateAsync("() => { const v = document.getElementById('shared-player'); v.muted = true; return v.play(); }");
            await visitor.WaitForFunctionAsync("() => document.getElementById('shared-player').currentTime > 1", null, new() { PollingInterval = 100 });
            await visitor.EvaluateAsync("() => document.getElementById('shared-player').pause()");
            Assert.That(await visitor.Locator("meta[property='og:image']").GetAttributeAsync("content"), Is.EqualTo($"{link}/preview.jpg"));
            await Screenshots.CaptureAsync(visitor, "shared-clip-anonymous");

            // The owner turns the link off.
            await owner.GetByRole(AriaRole.Button, new() { Name = "Turn off the link" }).ClickAsync();
            await Assertions.Expect(owner.Locator("#share-state")).ToContainTextAsync("Private");

            // The visitor presses play again: the player asks whether the link still works and is told it does not.
            await visitor.EvaluateAsync("() => document.getElementById('shared-player').play()");
            await Assertions.Expect(visitor.Locator("#player-ended")).ToBeVisibleAsync();
            await Screenshots.CaptureAsync(visitor, "shared-clip-player-stopped");

            // Opening the link again: a clear page, never the video.
            var answer = await visitor.GotoAsync(link);
            Assert.That(answer?.Status, Is.EqualTo(410));
            await Assertions.Expect(visitor.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("This link no longer works");
            await Assertions.Expect(visitor.Locator("main")).ToContainTextAsync("This link was turned off by the person who shared it.");
            await Assertions.Expect(visitor.Locator("video")).ToHaveCountAsync(0);
            await Screenshots.CaptureAsync(visitor, "shared-clip-turned-off");

            // The turned-off link's answers, and Chromium logging them: expected. Anything else is not.
            var expected = new Regex(@"^(HTTP 410 \(visitor\): GET .*/shared/[A-Za-z0-9_-]{43}(/video)?"
                                     + @"|console\.error \(visitor\): Failed to load resource: the server responded with a status of 410 \(Gone\) \(.*/shared/[A-Za-z0-9_-]{43}(/video)?:0:0\))$");
            var unexpected = problems.Where(p => !expected.IsMatch(p)).ToList();
            Assert.That(unexpected, Is.Empty, string.Join("\n", unexpected));
        });
    }

    private static async Task FfmpegAsync(params string[] arguments)
    {
        using var ffmpeg = Process.Start("ffmpeg", ["-hide_banner", "-v", "error", "-y", .. arguments])!;
        await ffmpeg.WaitForExitAsync();
        Assert.That(ffmpeg.ExitCode, Is.Zero);
    }
}
