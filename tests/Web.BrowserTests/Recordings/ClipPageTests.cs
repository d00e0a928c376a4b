using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Streaming.Application.Common.Interfaces;
using Streaming.Domain.Recordings;
using Streaming.Domain.Users;
using Streaming.Infrastructure.Data;
using Streaming.TestSupport.Recordings;

using Streaming.Web.BrowserTests.Support;

namespace Streaming.Web.BrowserTests.Recordings;

/// <summary>
/// The clip page in headless Chromium against the real app (Quartz on: requesting a clip starts the clip job): mark in/out at
/// the player's time, presets, live validation, "Generate clip", the progress page turning into
/// the ready clip — with no console error and no CSP violation.
/// </summary>
public class ClipPageTests
{
    private const string Password = "correct-horse-42";

    private TestDatabase _database = null!;
    private StreamingWebFactory _factory = null!;
    private IPlaywright _playwright = null!;
    private IBrowser _browser = null!;
    private Uri _baseAddress = null!;
    private string _root = null!;
    private string _email = null!;
    private Guid _meeting;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _root = Directory.CreateTempSubdirectory("clip-page-").FullName;
        _database = await TestDatabase.CreateAsync();
        _factory = new StreamingWebFactory(_database);
        _factory.Settings["Storage:Local:Root"] = _root;
        _factory.Settings["Storage:Local:SigningKey"] = "browser-tests-signing-key-0123456789abcdef";
        _factory.Settings["Jobs:Enabled"] = "true";
        _baseAddress = _factory.StartKestrel();

        _email = $"clipper-{Guid.NewGuid():N}@example.test";
        var video = await TestMedia.CreateVideoAsync(Path.Combine(_root, "source.mp4"), 60, keyframeInterval: 50, size: 160);
        await using (var scope = _factory.Services.CreateAsyncScope())
        {
            var (ownerId, errors) = await scope.ServiceProvider.GetRequiredService<IIdentityService>()
                .CreateUserAsync(_email, Password, "Clip Owner", Roles.Member, CancellationToken.None);
            Assert.That(errors, Is.Empty);
            await using (var file = File.OpenRead(video))
                await scope.ServiceProvider.GetRequiredService<IBlobStorage>().PutAsync("meet/source.mp4", file, "video/mp4", CancellationToken.None);
            var db = scope.ServiceProvider.GetRequiredService<ApplicationDbContext>();
            var room = MeetRoom.Open(Products.TipJar, ownerId!, "Browser sync", _factory.Clock.GetUtcNow());
            room.AttachRecording("meet/source.mp4", new FileInfo(video).Length, 60, _factory.Clock.GetUtcNow());
            db.MeetRooms.Add(room);
            await db.SaveChangesAsync();
            _meeting = room.Id;
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
        if (_root is not null) Directory.Delete(_root, recursive: true);
    }

    [Test]
    public async Task Mark_in_and_out_then_generate_a_clip_and_see_it_ready()
    {
        var problems = new ConcurrentQueue<string>();
        var (context, page) = await Chromium.MonitoredPageAsync(
            _browser, new BrowserNewContextOptions { BaseURL = _baseAddress.ToString() }, problems, reportFailedRequests: false);
        await using var _ = Chromium.ClosesAtEnd(context);

        await page.GotoAsync("/account/login");
        await page.FillAsync("input[name=Email]", _email);
        await page.FillAsync("input[name=Password]", Password);
        await page.ClickAsync("main form button[type=submit]");
        await Chromium.ExpectLoadedAsync(page, new Regex("^(?!.*/account/login)"));

        await page.GotoAsync($"/recordings/clips/new?type=meet&id={_meeting}");
        // The player loads the recording through the app (range requests) so it can seek.
        await page.WaitForFunctionAsync("() => document.getElementById('clip-player').readyState >= 1");
        Assert.That(await page.EvaluateAsync<double>("() => document.getElementById('clip-player').duration"), Is.EqualTo(60).Within(0.2));

        await SeekAsync(page, 5);
        await page.ClickAsync("#mark-in");
        await SeekAsync(page, 12.5);
        await page.ClickAsync("#mark-out");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(await page.InputValueAsync("#startSeconds"), Is.EqualTo("5"));
            Assert.That(await page.InputValueAsync("#endSeconds"), Is.EqualTo("12.5"));
            Assert.That(await page.TextContentAsync("#clip-length"), Is.EqualTo("7.5 s"));
        }

        await page.FillAsync("#endSeconds", "3");
        Assert.That(await page.TextContentAsync("#clip-problems"), Does.Contain("The end must be after the start."));
        Assert.That(await page.IsDisabledAsync("#generate-clip"), Is.True);

        await page.ClickAsync("[data-preset=first]");
        Assert.That(await page.InputValueAsync("#startSeconds"), Is.EqualTo("0"));
        Assert.That(await page.InputValueAsync("#endSeconds"), Is.EqualTo("60"));
        await page.FillAsync("#startSeconds", "1");
        await page.ClickAsync("[data-preset=last]");
        Assert.That(await page.InputValueAsync("#startSeconds"), Is.EqualTo("0"), "the last 60 s of a 60 s recording");
        await SeekAsync(page, 20);
        await page.ClickAsync("[data-preset=around]");
        Assert.That(await page.InputValueAsync("#startSeconds"), Is.EqualTo("5"));
        Assert.That(await page.InputValueAsync("#endSeconds"), Is.EqualTo("35"), "30 s around the playhead");

        await page.FillAsync("#startSeconds", "4");
        await page.FillAsync("#endSeconds", "8");
        await page.ClickAsync("#generate-clip");
        await Chromium.ExpectLoadedAsync(page, new Regex("/recordings/clips/(?!new)[^/?#]+$"));
        // The page shows the progress bar and reloads itself when the clip is ready.
        await page.WaitForSelectorAsync("#clip-video", new PageWaitForSelectorOptions { Timeout = 60_000 });
        using (Assert.EnterMultipleScope())
        {
            Assert.That(await page.TextContentAsync("#clip-state"), Does.StartWith("Ready · 0:04"));
            Assert.That(await page.GetAttributeAsync("#clip-download", "href"), Does.StartWith("/recordings/download?type=clip&id="));
            Assert.That(problems, Is.Empty, string.Join("\n", problems));
        }
    }

    [Test]
    public async Task Recordings_list_copies_a_share_link_with_a_toast()
    {
        var problems = new ConcurrentQueue<string>();
        var (context, page) = await Chromium.MonitoredPageAsync(
            _browser, new BrowserNewContextOptions { BaseURL = _baseAddress.ToString() }, problems, reportFailedRequests: false);
        await using var _ = Chromium.ClosesAtEnd(context);
        await context.GrantPermissionsAsync(["clipboard-read", "clipboard-write"], new BrowserContextGrantPermissionsOptions { Origin = _baseAddress.ToString().TrimEnd('/') });

        await page.GotoAsync("/account/login");
        await page.FillAsync("input[name=Email]", _email);
        await page.FillAsync("input[name=Password]", Password);
        await page.ClickAsync("main form button[type=submit]");
        await Chromium.ExpectLoadedAsync(page, new Regex("^(?!.*/account/login)"));
        await page.GotoAsync("/recordings");

        await page.ClickAsync($"[data-recording='meet-{_meeting}'] [data-copy-link]");
        await page.WaitForSelectorAsync("#copy-toast.show");
        var copied = await page.EvaluateAsync<string>("() => navigator.clipboard.readText()");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(await page.TextContentAsync("#copy-toast .toast-body"), Is.EqualTo("Link copied"));
            Assert.That(copied, Is.EqualTo($"{_baseAddress.ToString().TrimEnd('/')}/recordings/share/meet/{_meeting}"));
            Assert.That(problems, Is.Empty, string.Join("\n", problems));
        }
    }

    private static async Task SeekAsync(IPage page, double seconds)
    {
        await page.EvaluateAsync(@"(t) => new Promise(resolve => {
            const player = document.getElementById('clip-player');
            player.addEventListener('seeked', () => resolve(), { once: true });
            player.currentTime = t;
        })", seconds);
    }
}
