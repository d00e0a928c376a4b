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
    private Guid _longMeeting;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _root = Directory.CreateTempSubdirectory("clip-page-").FullName;
        _database = await TestDatabase.CreateAsync();
        _factory = new StreamingWebFactory(_database);
        _factory.Settings["Storage:Local:Root"] = _root;
        _factory.Settings["Storage:Local:SigningKey"] = "browser-tests-signing-key-0123456789abcdef";
        _factory.Settings["Jobs:Enabled"] = "true";
        // Slow enough that the progress bar has something to show between 0 and 100 %: the whole-span
        // re-encode (a smart cut copies most of the span and is over before the page polls).
        _factory.Settings["Media:SmartCut"] = "false";
        _factory.Settings["Media:ClipPreset"] = "veryslow";
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
            var room = Recording.OpenMeeting(Products.TipJar, ownerId!, "Browser sync", _factory.Clock.GetUtcNow());
            room.AttachFile(RecordingFile.Create("meet/source.mp4", new FileInfo(video).Length, 60, _factory.Clock.GetUtcNow()), "test-setup");
            db.Recordings.Add(room);
            await db.SaveChangesAsync();
            _meeting = room.Id;

            var larger = await TestMedia.CreateVideoAsync(Path.Combine(_root, "long.mp4"), 60, keyframeInterval: 250, size: 480);
            await using (var file = File.OpenRead(larger))
                await scope.ServiceProvider.GetRequiredService<IBlobStorage>().PutAsync("meet/long.mp4", file, "video/mp4", CancellationToken.None);
            var longRoom = Recording.OpenMeeting(Products.TipJar, ownerId!, "Long sync", _factory.Clock.GetUtcNow());
            longRoom.AttachFile(RecordingFile.Create("meet/long.mp4", new FileInfo(larger).Length, 60, _factory.Clock.GetUtcNow()), "test-setup");
            db.Recordings.Add(longRoom);
            await db.SaveChangesAsync();
            _longMeeting = longRoom.Id;
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
            Assert.That(await page.InputValueAsync("#start"), Is.EqualTo("0:05"));
            Assert.That(await page.InputValueAsync("#end"), Is.EqualTo("0:12.5"));
            Assert.That(await page.TextContentAsync("#clip-length"), Is.EqualTo("0:07.5"));
            Assert.That(await page.TextContentAsync("#clip-timeline-text"), Is.EqualTo("In 0:05 · Out 0:12.5"));
        }

        await page.FillAsync("#end", "0:03");
        Assert.That(await page.TextContentAsync("#clip-problems"), Does.Contain("The end must be after the start."));
        Assert.That(await page.IsDisabledAsync("#generate-clip"), Is.True);

        await page.ClickAsync("[data-preset=first]");
        Assert.That(await page.InputValueAsync("#start"), Is.EqualTo("0:00"));
        Assert.That(await page.InputValueAsync("#end"), Is.EqualTo("1:00"));
        await page.FillAsync("#start", "1");
        await page.ClickAsync("[data-preset=last]");
        Assert.That(await page.InputValueAsync("#start"), Is.EqualTo("0:00"), "the last 60 s of a 60 s recording");
        await SeekAsync(page, 20);
        await page.ClickAsync("[data-preset=around]");
        Assert.That(await page.InputValueAsync("#start"), Is.EqualTo("0:05"));
        Assert.That(await page.InputValueAsync("#end"), Is.EqualTo("0:35"), "30 s around the playhead");

        // Between keyframes (every 2 s): the smart cut re-encodes 4.5–6 s and copies the rest after it.
        await page.FillAsync("#start", "4.5");
        await page.FillAsync("#end", "0:08");
        await page.ClickAsync("#generate-clip");
        await Chromium.ExpectLoadedAsync(page, new Regex("/recordings/clips/(?!new)[^/?#]+$"));
        // The page shows the progress bar and reloads itself when the clip is ready.
        await page.WaitForSelectorAsync("#clip-video", new PageWaitForSelectorOptions { Timeout = 60_000 });
        // Chromium plays it through the join of re-encoded and copied frames to the end.
        await page.EvaluateAsync("() => { const v = document.getElementById('clip-video'); v.muted = true; return v.play(); }");
        await page.WaitForFunctionAsync("() => document.getElementById('clip-video').ended", null, new() { Timeout = 30_000, PollingInterval = 100 });
        var played = await page.EvaluateAsync<double[]>(@"() => { const v = document.getElementById('clip-video');
            return [v.duration, v.getVideoPlaybackQuality().totalVideoFrames, v.error ? v.error.code : 0]; }");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(played[0], Is.EqualTo(3.5).Within(0.05), "the clip lasts 3.5 s");
            Assert.That(played[1], Is.GreaterThanOrEqualTo(80), "the frames of 3.5 s at 25 fps were shown (a few may be dropped)");
            Assert.That(played[2], Is.Zero, "no media error");
            Assert.That(await page.TextContentAsync("#clip-state"), Does.StartWith("Ready · 0:04"), "3.5 s, rounded");
            Assert.That(await page.GetAttributeAsync("#clip-download", "href"), Does.StartWith("/recordings/download?type=clip&id="));
            Assert.That(problems, Is.Empty, string.Join("\n", problems));
        }
    }

    [TestCase(390)]
    [TestCase(1280)]
    public async Task Keyboard_only_set_in_and_out_name_the_clip_watch_its_progress_and_download_it(int width)
    {
        var problems = new ConcurrentQueue<string>();
        var (context, page) = await Chromium.MonitoredPageAsync(
            _browser, new BrowserNewContextOptions { BaseURL = _baseAddress.ToString(), ViewportSize = new() { Width = width, Height = width < 800 ? 844 : 800 } },
            problems, reportFailedRequests: false);
        await using var _ = Chromium.ClosesAtEnd(context);
        await LogInAsync(page);

        await page.GotoAsync($"/recordings/clips/new?type=meet&id={_longMeeting}");
        await page.WaitForFunctionAsync("() => document.getElementById('clip-player').readyState >= 1");
        // The checks cover both widths themselves: once is enough.
        if (width == 390) await PageChecks.FitsAndPassesAxeAsync(page, "clip-editor");

        // In point: three seconds right, then five tenths; the player follows.
        await TabToAsync(page, "In point");
        for (var i = 0; i < 3; i++) await page.Keyboard.PressAsync("ArrowRight");
        for (var i = 0; i < 5; i++) await page.Keyboard.PressAsync("Shift+ArrowRight");
        // Out point: to the end, then back 40 s.
        await TabToAsync(page, "Out point");
        await page.Keyboard.PressAsync("End");
        Assert.That(await page.InputValueAsync("#end"), Is.EqualTo("1:00"));
        for (var i = 0; i < 40; i++) await page.Keyboard.PressAsync("ArrowLeft");
        // "Set in" takes the player's time (the out point's nudges moved it to 0:20); ↓ in the Start field nudges it back.
        await TabToAsync(page, "Set in");
        await page.Keyboard.PressAsync("Enter");
        Assert.That(await page.InputValueAsync("#start"), Is.EqualTo("0:20"));
        await TabToAsync(page, "#start");
        for (var i = 0; i < 10; i++) await page.Keyboard.PressAsync("ArrowDown");
        for (var i = 0; i < 5; i++) await page.Keyboard.PressAsync("Shift+ArrowDown");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(await page.InputValueAsync("#start"), Is.EqualTo("0:09.5"));
            Assert.That(await page.InputValueAsync("#end"), Is.EqualTo("0:20"));
            Assert.That(await page.TextContentAsync("#clip-length"), Is.EqualTo("0:10.5"));
            Assert.That(await page.GetAttributeAsync("#clip-handle-in", "aria-valuetext"), Is.EqualTo("0:09.5"));
            Assert.That(await page.GetAttributeAsync("#clip-handle-out", "aria-valuetext"), Is.EqualTo("0:20"));
            Assert.That(await page.GetAttributeAsync("#name", "placeholder"), Is.EqualTo("Clip 0:09.5–0:20 of Long sync"));
        }

        await TabToAsync(page, "#name");
        await page.Keyboard.TypeAsync($"Keyboard cut {width}");
        await Screenshots.CaptureOneAsync(page, $"clip-editor-set-by-keyboard-{width}");
        await TabToAsync(page, "Generate clip");
        // Every value the progress bar shows, from the first paint of the clip page on.
        await context.AddInitScriptAsync(@"window.__progress = [];
            new MutationObserver(() => { const bar = document.getElementById('clip-progress');
              if (bar) window.__progress.push(Number(bar.getAttribute('aria-valuenow'))); })
              .observe(document, { subtree: true, attributes: true, attributeFilter: ['aria-valuenow'] });");
        await page.Keyboard.PressAsync("Enter");
        await Chromium.ExpectLoadedAsync(page, new Regex("/recordings/clips/(?!new)[^/?#]+$"));
        await page.WaitForFunctionAsync("() => window.__progress.some(p => p > 0 && p < 100)", null, new() { Timeout = 120_000 });
        await Screenshots.CaptureOneAsync(page, $"clip-progress-{width}");
        var seen = await page.EvaluateAsync<int[]>("() => window.__progress");
        await page.WaitForSelectorAsync("#clip-video", new PageWaitForSelectorOptions { Timeout = 120_000 });
        Assert.That(seen, Is.Ordered, "the bar only moves forward");

        if (width == 390) await PageChecks.FitsAndPassesAxeAsync(page, "clip-ready");
        await TabToAsync(page, "Download");
        var download = await page.RunAndWaitForDownloadAsync(() => page.Keyboard.PressAsync("Enter"));
        using (Assert.EnterMultipleScope())
        {
            Assert.That(await page.TextContentAsync("h1"), Is.EqualTo($"Keyboard cut {width}"));
            Assert.That(download.SuggestedFilename, Is.EqualTo($"Keyboard cut {width}.mp4"));
            Assert.That(new FileInfo(await download.PathAsync()).Length, Is.GreaterThan(1000));
            Assert.That(problems, Is.Empty, string.Join("\n", problems));
        }
    }

    /// <summary>Presses Tab until the focused element has this label, text or (with #) id; each stop must show its focus.</summary>
    private static async Task TabToAsync(IPage page, string target)
    {
        var visited = new List<string>();
        for (var i = 0; i < 80; i++)
        {
            await page.Keyboard.PressAsync("Tab");
            var focused = await page.EvaluateAsync<string[]>(@"() => {
                const e = document.activeElement;
                if (!e || e === document.body) return ['', '', 'none'];
                const s = getComputedStyle(e);
                const shown = (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0) || (s.boxShadow && s.boxShadow !== 'none');
                return [(e.getAttribute('aria-label') || e.innerText || e.value || '').trim(), '#' + e.id, shown ? 'shown' : 'none'];
            }");
            if (focused[0] == "" && focused[1] == "#") continue;
            visited.Add(focused[0] == "" ? focused[1] : focused[0]);
            Assert.That(focused[2], Is.EqualTo("shown"), $"the focus on \"{visited[^1]}\" is visible");
            if (focused[0] == target || focused[1] == target) return;
        }

        Assert.Fail($"Tab never reached \"{target}\"; it went through: {string.Join(" → ", visited)}");
    }

    private async Task LogInAsync(IPage page)
    {
        await page.GotoAsync("/account/login");
        await page.FillAsync("input[name=Email]", _email);
        await page.FillAsync("input[name=Password]", Password);
        await page.ClickAsync("main form button[type=submit]");
        await Chromium.ExpectLoadedAsync(page, new Regex("^(?!.*/account/login)"));
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
