using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Streaming.Application.Common.Interfaces;
using Streaming.Application.Common.Jobs;
using Streaming.Application.Live.Replay;
using Streaming.Domain.Common;
using Streaming.Domain.Live;
using Streaming.Domain.Streams;
using Streaming.Domain.Users;
using Streaming.Infrastructure.Data;
using Streaming.Infrastructure.Jobs;
using Streaming.TestSupport.Recordings;
using Streaming.Web.BrowserTests.Support;

namespace Streaming.Web.BrowserTests;

/// <summary>
/// The jobs page and the workout catalog in headless Chromium against the real app with Quartz on
/// (schedules moved to 2099, so only "Run now" starts anything): the super admin runs the cleanup
/// and the migration from /admin/jobs and sees their runs; a member then finds the new workout in
/// /workouts and it plays. Screenshots at 390 and 1280 px go to the test's work folder.
/// </summary>
public class JobsAndWorkoutsJourneyTests
{
    private const string AdminPassword = "admin-pass-7";
    private const string MemberPassword = "member-pass-7";

    private readonly string _adminEmail = $"admin-{Guid.NewGuid():N}@example.test";
    private readonly string _memberEmail = $"member-{Guid.NewGuid():N}@example.test";
    private readonly string _blobRoot = Directory.CreateTempSubdirectory("jobs-journey-blobs-").FullName;
    private readonly string _shots = Path.Combine(TestContext.CurrentContext.WorkDirectory, "screenshots");

    private TestDatabase _database = null!;
    private StreamingWebFactory _factory = null!;
    private IPlaywright _playwright = null!;
    private IBrowser _browser = null!;
    private Uri _baseAddress = null!;
    private Guid _expired;
    private Guid _kept;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        Directory.CreateDirectory(_shots);
        _database = await TestDatabase.CreateAsync();
        _factory = new StreamingWebFactory(_database);
        _factory.Settings["Storage:Local:Root"] = _blobRoot;
        _factory.Settings["Storage:Local:SigningKey"] = "jobs-journey-signing-key-0123456789abcdef";
        _factory.Settings["Seed:SuperAdmin:Email"] = _adminEmail;
        _factory.Settings["Seed:SuperAdmin:Password"] = AdminPassword;
        _factory.Settings["Jobs:Enabled"] = "true";
        _factory.Settings["Jobs:InstanceId"] = "browser-test";
        foreach (var job in JobsRegistration.Definitions) _factory.Settings[$"Jobs:Schedules:{job.Name}"] = "0 0 0 1 1 ? 2099";
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

    /// <summary>A member, an instructor and two ended classes with real replays: one past its window, one kept and due for the catalog.</summary>
    private async Task SeedAsync()
    {
        await using var scope = _factory.Services.CreateAsyncScope();
        var identity = scope.ServiceProvider.GetRequiredService<IIdentityService>();
        var (memberId, errors) = await identity.CreateUserAsync(_memberEmail, MemberPassword, "Mia Member", Roles.Member, CancellationToken.None);
        Assert.That(memberId, Is.Not.Null, string.Join(" ", errors));
        var (coachId, coachErrors) = await identity.CreateUserAsync($"coach-{Guid.NewGuid():N}@example.test", MemberPassword, "Coach Journey", Roles.Instructor, CancellationToken.None);
        Assert.That(coachId, Is.Not.Null, string.Join(" ", coachErrors));

        var video = await TestMedia.CreateVideoAsync(Path.Combine(_blobRoot, "source.mp4"), 4, keyframeInterval: 25, size: 160);
        var storage = scope.ServiceProvider.GetRequiredService<IBlobStorage>();
        var db = scope.ServiceProvider.GetRequiredService<ApplicationDbContext>();
        async Task<Guid> EndedAsync(string title, string category, TimeSpan endedAgo, bool keep)
        {
            var end = _factory.Clock.Now - endedAgo;
            var stream = LiveStream.Schedule(coachId!, title, $"{title}, recorded live.", category, end.AddMinutes(-30), 30, 0, null, end.AddDays(-2));
            stream.GoLive(end.AddMinutes(-30));
            if (keep) stream.MarkForCatalog(true, end.AddMinutes(-30));
            stream.End(end, RetentionPolicy.Default);
            var key = ReplayKeys.Replay(stream.Id);
            long size;
            await using (var file = File.OpenRead(video))
                size = await storage.PutAsync(key, file, "video/mp4", CancellationToken.None);
            var recording = LiveRecording.Start(stream.Id, end.AddMinutes(-30));
            recording.StartProcessing(end);
            recording.Complete(key, size, 4, end);
            db.Streams.Add(stream);
            db.LiveRecordings.Add(recording);
            await db.SaveChangesAsync();
            return stream.Id;
        }

        _expired = await EndedAsync("Spin Intervals", "Cardio", TimeSpan.FromDays(9), keep: false);
        _kept = await EndedAsync("Yoga for Runners", "Yoga", TimeSpan.FromDays(70), keep: true);
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

    /// <summary>Presses "Run now" on the job's card, then reloads (as a person would) until its last run has finished with <paramref name="done"/> items.</summary>
    private static async Task RunNowAsync(IPage page, string job, int done)
    {
        var card = page.Locator($"[data-job='{job}']");
        await card.GetByRole(AriaRole.Button, new() { Name = "Run now" }).ClickAsync();
        await Chromium.ExpectLoadedAsync(page, "**/admin/jobs");
        await Assertions.Expect(page.Locator("#flash")).ToContainTextAsync("is starting");
        async Task<bool> FinishedAsync() => await card.Locator(".outcome").CountAsync() > 0 && await card.Locator(".outcome").InnerTextAsync() != "Running";
        for (var attempt = 0; attempt < 240 && !await FinishedAsync(); attempt++)
        {
            await Task.Delay(250);
            await page.ReloadAsync();
        }

        await Assertions.Expect(card.Locator(".outcome")).ToHaveTextAsync("Succeeded");
        await Assertions.Expect(card.Locator(".items")).ToHaveTextAsync($"{done} done, 0 failed");
    }

    [Test]
    public async Task The_super_admin_runs_cleanup_and_migration_from_the_jobs_page_and_a_member_plays_the_new_workout()
    {
        var problems = new ConcurrentQueue<string>();
        var (context, page) = await Chromium.MonitoredPageAsync(_browser, new BrowserNewContextOptions { BaseURL = _baseAddress.ToString() }, problems);
        await using var _ = Chromium.ClosesAtEnd(context);
        await Chromium.RunJourneyAsync(page, problems, () => AdminJourneyAsync(page));

        var (memberContext, memberPage) = await Chromium.MonitoredPageAsync(_browser, new BrowserNewContextOptions { BaseURL = _baseAddress.ToString() }, problems, "member");
        await using var __ = Chromium.ClosesAtEnd(memberContext);
        await Chromium.RunJourneyAsync(memberPage, problems, () => MemberJourneyAsync(memberPage));
        Assert.That(problems, Is.Empty);
    }

    private async Task AdminJourneyAsync(IPage page)
    {
        await page.GotoAsync("/");
        await Chromium.LogInThroughTheNavigationAsync(page, _adminEmail, AdminPassword);
        await Assertions.Expect(page.Locator("#account-menu")).ToHaveTextAsync("Super Admin");

        await page.Locator("#admin-menu").ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Background jobs" }).ClickAsync();
        await Chromium.ExpectLoadedAsync(page, "**/admin/jobs");
        await Assertions.Expect(page.Locator("[data-job]")).ToHaveCountAsync(JobsRegistration.Definitions.Count);
        await Assertions.Expect(page.Locator($"[data-job='{JobNames.RecordingCleanup}'] .next-run time")).ToHaveAttributeAsync("datetime", new System.Text.RegularExpressions.Regex("^2099-01-01"));

        // Before: the expired class still has its replay, the kept one is not in the catalog.
        Assert.That(File.Exists(Path.Combine(_blobRoot, ReplayKeys.Replay(_expired))), Is.True);

        await RunNowAsync(page, JobNames.RecordingCleanup, done: 1);
        await RunNowAsync(page, JobNames.WorkoutCatalog, done: 1);
        await ScreenshotsAsync(page, "admin-jobs");

        Assert.That(File.Exists(Path.Combine(_blobRoot, ReplayKeys.Replay(_expired))), Is.False, "the cleanup deleted the expired replay");
        Assert.That(File.Exists(Path.Combine(_blobRoot, ReplayKeys.Replay(_kept))), Is.True, "the kept replay is the workout's video");

        // The class pages say so.
        await page.GotoAsync($"/streams/{_expired}");
        await Assertions.Expect(page.Locator("#recording-deleted")).ToContainTextAsync("Recording deleted on");
        await page.GotoAsync($"/streams/{_kept}");
        await Assertions.Expect(page.Locator("#workout-link")).ToBeVisibleAsync();
    }

    private async Task MemberJourneyAsync(IPage page)
    {
        await page.GotoAsync("/");
        await Chromium.LogInThroughTheNavigationAsync(page, _memberEmail, MemberPassword);
        await Assertions.Expect(page.Locator("#account-menu")).ToHaveTextAsync("Mia Member");

        await page.Locator("nav").GetByRole(AriaRole.Link, new() { Name = "Workouts", Exact = true }).ClickAsync();
        await Chromium.ExpectLoadedAsync(page, "**/workouts");
        var card = page.Locator(".workout-card", new() { HasText = "Yoga for Runners" });
        await Assertions.Expect(card).ToHaveCountAsync(1);
        await Assertions.Expect(page.Locator(".workout-card", new() { HasText = "Spin Intervals" })).ToHaveCountAsync(0);
        await ScreenshotsAsync(page, "workouts");

        await card.GetByRole(AriaRole.Link, new() { Name = "Yoga for Runners" }).ClickAsync();
        await Chromium.ExpectLoadedAsync(page, "**/workouts/*");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Yoga for Runners");

        // It plays: the player reads the signed URL (with range requests) and time moves.
        await page.WaitForFunctionAsync("() => document.getElementById('workout-video').readyState >= 2", null, new() { PollingInterval = 100 });
        Assert.That(await page.EvaluateAsync<double>("() => document.getElementById('workout-video').duration"), Is.EqualTo(4).Within(0.3));
        await page.EvaluateAsync("() => { const v = document.getElementById('workout-video'); v.muted = true; return v.play(); }");
        await page.WaitForFunctionAsync("() => document.getElementById('workout-video').currentTime > 0.5", null, new() { PollingInterval = 100 });
        await page.EvaluateAsync("() => document.getElementById('workout-video').pause()");
        await ScreenshotsAsync(page, "workout");
    }
}
