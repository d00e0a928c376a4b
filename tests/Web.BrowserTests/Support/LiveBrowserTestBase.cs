using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Streaming.Application.Common.Interfaces;
using Streaming.Application.Live.Common;
using Streaming.Domain.Enrollments;
using Streaming.Domain.Streams;
using Streaming.Infrastructure.Data;

namespace Streaming.Web.BrowserTests.Support;

/// <summary>
/// One app on a real port (local blob storage in a temporary folder, its own database) and one
/// Chromium with a fake camera per fixture, and what the live journeys do with them: accounts, a
/// class with an enrolled member, signed-in pages, reading the class back.
/// </summary>
public abstract class LiveBrowserTestBase
{
    protected const string Password = "browser-pass-7";

    private TestDatabase _database = null!;
    private IPlaywright _playwright = null!;

    protected StreamingWebFactory Factory { get; private set; } = null!;

    protected IBrowser Browser { get; private set; } = null!;

    protected Uri BaseAddress { get; private set; } = null!;

    protected string BlobRoot { get; private set; } = null!;

    /// <summary>Chromium's flags: a fake camera and microphone by default.</summary>
    protected virtual string[] BrowserArgs => Chromium.WebRtcArgs;

    /// <summary>Extra settings (and services the fixture starts) before the app starts.</summary>
    protected virtual Task ConfigureAsync(StreamingWebFactory factory) => Task.CompletedTask;

    /// <summary>Stops what <see cref="ConfigureAsync"/> started, after the app has stopped.</summary>
    protected virtual Task StopExtrasAsync() => Task.CompletedTask;

    /// <summary>How the pages' contexts are made (a base URL and camera permissions by default).</summary>
    protected virtual BrowserNewContextOptions ContextOptions() =>
        new() { BaseURL = BaseAddress.ToString(), Permissions = ["camera", "microphone"] };

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _database = await TestDatabase.CreateAsync();
        Factory = new StreamingWebFactory(_database);
        BlobRoot = Directory.CreateTempSubdirectory("live-browser-blobs-").FullName;
        Factory.Settings["Storage:Provider"] = "Local";
        Factory.Settings["Storage:Local:Root"] = BlobRoot;
        Factory.Settings["Storage:Local:SigningKey"] = "live-browser-signing-key-0123456789-abcdef";
        await ConfigureAsync(Factory);
        BaseAddress = Factory.StartKestrel();
        _playwright = await Playwright.CreateAsync();
        Browser = await Chromium.LaunchAsync(_playwright, BrowserArgs);
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        await Chromium.ShutDownAsync(Browser, _playwright);
        if (Factory is not null) await Factory.DisposeAsync();
        await StopExtrasAsync();
        if (_database is not null) await _database.DisposeAsync();
        if (BlobRoot is not null && Directory.Exists(BlobRoot)) Directory.Delete(BlobRoot, recursive: true);
    }

    /// <summary>Polls <paramref name="condition"/> (a JS function) until it holds; fails after 60 s with <paramref name="describe"/>.</summary>
    protected static async Task WaitUntilAsync(IPage page, string condition, string what, Func<Task<string>> describe)
    {
        var waited = Stopwatch.StartNew();
        while (!await page.EvaluateAsync<bool>(condition))
        {
            if (waited.Elapsed > TimeSpan.FromSeconds(60)) Assert.Fail($"Waited 60 s for {what}: {await describe()}");
            await Task.Delay(200);
        }
    }

    protected async Task<(IBrowserContext Context, IPage Page)> SignedInPageAsync(string email, ConcurrentQueue<string> problems, string who)
    {
        var (context, page) = await Chromium.MonitoredPageAsync(Browser, ContextOptions(), problems, who, reportFailedRequests: false);

        await page.GotoAsync("/account/login");
        await page.GetByLabel("Email").FillAsync(email);
        await page.GetByLabel("Password").FillAsync(Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Log in" }).ClickAsync();
        await Assertions.Expect(page.Locator("#account-menu")).ToBeVisibleAsync();
        return (context, page);
    }

    protected async Task<string> CreateUserAsync(string email, string name, string role)
    {
        await using var scope = Factory.Services.CreateAsyncScope();
        var (id, errors) = await scope.ServiceProvider.GetRequiredService<IIdentityService>()
            .CreateUserAsync(email, Password, name, role, CancellationToken.None);
        return id ?? throw new AssertionException(string.Join(" ", errors));
    }

    /// <summary>
    /// A free class starting in an hour with the member's active enrollment, saved as scheduling
    /// does: with the provider's live input (Cloudflare), or none (local mode).
    /// </summary>
    protected async Task<Guid> ScheduleWithEnrollmentAsync(string instructorId, string memberId, string title)
    {
        await using var scope = Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<IApplicationDbContext>();
        var now = Factory.Clock.Now;
        var stream = LiveStream.Schedule(instructorId, title, "Fake camera", "Yoga", now.AddHours(1), 30, 0, null, now);
        db.Streams.Add(stream);
        var enrollment = Enrollment.Open(stream, memberId, memberHoldsSeat: false, now);
        enrollment.Activate(null, now);
        db.Enrollments.Add(enrollment);
        await db.SaveWithLiveInputAsync(scope.ServiceProvider.GetRequiredService<IStreamingProvider>(), stream, now, CancellationToken.None);
        return stream.Id;
    }

    protected Task<LiveStream> StreamAsync(Guid id) =>
        ReadAsync(db => db.Streams.AsNoTracking().SingleAsync(s => s.Id == id));

    /// <summary>Reads with a fresh context (nothing cached from the app).</summary>
    protected async Task<T> ReadAsync<T>(Func<ApplicationDbContext, Task<T>> read)
    {
        await using var scope = Factory.Services.CreateAsyncScope();
        return await read(scope.ServiceProvider.GetRequiredService<ApplicationDbContext>());
    }
}
