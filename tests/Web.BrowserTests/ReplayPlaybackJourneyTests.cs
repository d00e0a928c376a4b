using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Streaming.Application.Live.Replay;
using Streaming.Domain.Common;
using Streaming.Domain.Live;
using Streaming.Domain.Users;
using Streaming.Infrastructure.Data;
using Streaming.TestSupport.Recordings;
using Streaming.Web.BrowserTests.Support;

namespace Streaming.Web.BrowserTests;

/// <summary>
/// A replay keeps playing past the life of its signed link (one minute here): the player renews
/// the link before it expires and carries on at the same position; a link that expired while the
/// laptop slept is renewed when the video fails, and playback resumes where the member seeked to;
/// when the replay access really ends the page says so. Time passes on the app's clock and on the
/// page's (Playwright's clock) — never on the wall clock.
/// </summary>
public class ReplayPlaybackJourneyTests : LiveBrowserTestBase
{
    private const double ReplaySeconds = 60;

    protected override string[] BrowserArgs => Chromium.Args;

    protected override Task ConfigureAsync(StreamingWebFactory factory)
    {
        factory.Settings["Streaming:Replay:PlaybackUrlLifetime"] = "00:01:00";
        return Task.CompletedTask;
    }

    [Test]
    public async Task The_replay_plays_and_seeks_after_its_first_link_expired_and_says_when_access_ended()
    {
        var memberEmail = $"member-{Guid.NewGuid():N}@example.test";
        var instructorId = await CreateUserAsync($"coach-{Guid.NewGuid():N}@example.test", "Coach Replay", Roles.Instructor);
        var memberId = await CreateUserAsync(memberEmail, "Member Replay", Roles.Member);
        var streamId = await ScheduleWithEnrollmentAsync(instructorId, memberId, "Long flow (replay test)");
        await EndWithReplayAsync(streamId);

        var problems = new ConcurrentQueue<string>();
        var (context, page) = await SignedInPageAsync(memberEmail, problems, "member");
        await using var _ = Chromium.ClosesAtEnd(context);
        await context.Clock.InstallAsync();
        await Chromium.RunJourneyAsync(page, problems, async () =>
        {
            await page.GotoAsync($"/streams/{streamId}/watch");
            await page.EvaluateAsync(RecordVideoEvents);
            await page.EvaluateAsync("async () => { const v = document.getElementById('replay-video'); v.muted = true; await v.play(); }");
            await WaitForVideoAsync(page, "v.currentTime > 2", "the replay plays");
            var firstLink = await VideoAsync<string>(page, "v.currentSrc");

            // 50 s later (of a 60 s link) the player has renewed the link and carries on where it was.
            var before = await VideoAsync<double>(page, "v.currentTime");
            Factory.Clock.Advance(TimeSpan.FromSeconds(50));
            await page.Clock.FastForwardAsync("00:50");
            await WaitForVideoAsync(page, "v.dataset.renewals === '1'", "the link renewed before it expired");
            await WaitForVideoAsync(page, $"v.currentSrc !== {Js(firstLink)} && !v.paused && v.currentTime > {Js(before)}",
                "the replay playing on from the same position with the new link");
            await Screenshots.CaptureAsync(page, "replay-after-renewal");

            // The first link is dead now; the replay still seeks (far ahead: fetched again, not from the buffer).
            Factory.Clock.Advance(TimeSpan.FromSeconds(20));
            Assert.That((await Http.GetAsync(new Uri(BaseAddress, firstLink))).StatusCode, Is.EqualTo(System.Net.HttpStatusCode.NotFound),
                "the first link has expired");
            await SeekAsync(page, 45);
            await WaitForVideoAsync(page, "v.currentTime > 45.5 && !v.paused && v.error === null", "the replay seeked and plays on");

            // The laptop slept past the renewed link's expiry (the page's timers did not run): seeking
            // fails, the player renews the link and resumes where the member seeked to.
            Factory.Clock.Advance(TimeSpan.FromMinutes(3));
            await SeekAsync(page, 20);
            await WaitForVideoAsync(page, "v.dataset.renewals === '2'", "the link renewed after the failure");
            await WaitForVideoAsync(page, "v.currentTime > 20.5 && v.currentTime < 40 && !v.paused", "the replay resuming at the seeked position");

            // Access ends with the replay (7 days after the class): the next renewal hears it and says so.
            Factory.Clock.Advance(TimeSpan.FromDays(8));
            await page.Clock.FastForwardAsync("01:00");
            await Assertions.Expect(page.Locator("#replay-access")).ToContainTextAsync("Your access to this replay ended on");
            await WaitForVideoAsync(page, "v.dataset.playbackEnded === 'true' && v.paused", "the player stopped");
            await Screenshots.CaptureAsync(page, "replay-access-ended");

            var unexpected = problems.Where(p => !p.Contains("/blobs/recordings/live/", StringComparison.Ordinal) // the link that expired while asleep
                                                 && !p.Contains("/replay/playback", StringComparison.Ordinal) // the "access ended" answer
                                                 // The page's clock jumps past SignalR's 30 s server timeout: the chat panel's connection drops (and reconnects).
                                                 && !p.Contains("Server timeout elapsed without receiving a message", StringComparison.Ordinal)).ToList();
            Assert.That(unexpected, Is.Empty, string.Join(Environment.NewLine, unexpected));
        });
    }

    [Test]
    public async Task A_recording_playing_on_the_recordings_page_says_so_when_the_member_is_signed_out()
    {
        var memberEmail = $"member-{Guid.NewGuid():N}@example.test";
        var memberId = await CreateUserAsync(memberEmail, "Member Recording", Roles.Member);
        var meeting = await MeetingWithRecordingAsync(memberId, "Long weekly sync");

        var problems = new ConcurrentQueue<string>();
        var (context, page) = await SignedInPageAsync(memberEmail, problems, "member");
        await using var _ = Chromium.ClosesAtEnd(context);
        await context.Clock.InstallAsync();
        await Chromium.RunJourneyAsync(page, problems, async () =>
        {
            await page.GotoAsync("/recordings");
            var row = page.Locator($"[data-playback-message='playback-{meeting}']");
            await page.Locator("summary", new() { HasText = "Play" }).First.ClickAsync();
            await row.EvaluateAsync("v => { v.id = 'recording-video'; }");
            await page.EvaluateAsync(RecordVideoEvents.Replace("replay-video", "recording-video"));
            await row.EvaluateAsync("async v => { v.muted = true; await v.play(); }");
            await WaitUntilAsync(page, $"() => document.querySelector(\"[data-playback-message='playback-{meeting}']\").currentTime > 2", "the recording plays",
                () => row.EvaluateAsync<string>("v => `time ${v.currentTime}, error ${v.error?.code ?? 'none'}`"));

            // The session ends (signed out in another tab, or expired): the next part of the video
            // cannot load, and instead of freezing the player says why.
            await context.ClearCookiesAsync();
            await row.EvaluateAsync("v => { v.currentTime = 50; }");
            // The login page's HTML comes back instead of video: the player gives it a while, then asks why.
            await page.Clock.FastForwardAsync("00:15");
            await WaitUntilAsync(page, $"() => document.getElementById('playback-{meeting}').textContent !== ''", "the player's message",
                () => row.EvaluateAsync<string>("v => `time ${v.currentTime}, paused ${v.paused}, error ${v.error?.code ?? 'none'}, events ${window.videoEvents.join(' ')}`"));
            await Assertions.Expect(page.Locator($"#playback-{meeting}")).ToContainTextAsync("You are signed out. Log in again to keep watching.");
            await Assertions.Expect(page.Locator($"#playback-{meeting} a")).ToHaveAttributeAsync("href", "/account/login?returnUrl=%2Frecordings");
            await Screenshots.CaptureAsync(page, "recording-signed-out");
            Assert.That(problems.Where(p => p.StartsWith("CSP", StringComparison.Ordinal) || p.StartsWith("page error", StringComparison.Ordinal)),
                Is.Empty, string.Join(Environment.NewLine, problems));
        });
    }

    private async Task<Guid> MeetingWithRecordingAsync(string ownerId, string name)
    {
        var file = Path.Combine(Path.GetTempPath(), $"meeting-{Guid.NewGuid():N}.mp4");
        await TestMedia.CreateConstantBitrateVideoAsync(file, ReplaySeconds);
        try
        {
            await using var scope = Factory.Services.CreateAsyncScope();
            var key = $"meet/{Guid.NewGuid():N}.mp4";
            await using (var content = File.OpenRead(file))
                await scope.ServiceProvider.GetRequiredService<Streaming.Application.Common.Interfaces.IBlobStorage>().PutAsync(key, content, "video/mp4", CancellationToken.None);
            var db = scope.ServiceProvider.GetRequiredService<ApplicationDbContext>();
            var room = Streaming.Domain.Recordings.Recording.OpenMeeting(Streaming.Domain.Recordings.Products.TipJar, ownerId, name, Factory.Clock.Now);
            room.AttachFile(Streaming.Domain.Recordings.RecordingFile.Create(key, new FileInfo(file).Length, ReplaySeconds, Factory.Clock.Now), "test-setup");
            db.Recordings.Add(room);
            await db.SaveChangesAsync();
            return room.Id;
        }
        finally
        {
            File.Delete(file);
        }
    }

    private HttpClient Http => _http ??= new HttpClient();

    private HttpClient? _http;

    [OneTimeTearDown]
    public void DisposeHttp() => _http?.Dispose();

    private async Task EndWithReplayAsync(Guid streamId)
    {
        var file = Path.Combine(Path.GetTempPath(), $"replay-{Guid.NewGuid():N}.mp4");
        await TestMedia.CreateConstantBitrateVideoAsync(file, ReplaySeconds);
        try
        {
            var key = ReplayKeys.Replay(streamId);
            Directory.CreateDirectory(Path.GetDirectoryName(Path.Combine(BlobRoot, key))!);
            File.Copy(file, Path.Combine(BlobRoot, key));
            await using var scope = Factory.Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<ApplicationDbContext>();
            var now = Factory.Clock.Now;
            var stream = await db.Streams.FindAsync(streamId) ?? throw new AssertionException("No class.");
            stream.GoLive(now);
            stream.End(now, RetentionPolicy.Default);
            var recording = LiveRecording.Start(streamId, now);
            recording.AcceptChunk(100, now);
            recording.StartProcessing(now);
            recording.Complete(key, new FileInfo(file).Length, ReplaySeconds, now);
            db.LiveRecordings.Add(recording);
            await db.SaveChangesAsync();
        }
        finally
        {
            File.Delete(file);
        }
    }

    /// <summary>The video's last media events (name@time, P paused, E error code), for the failure messages.</summary>
    private const string RecordVideoEvents = """
        () => {
            const v = document.getElementById('replay-video');
            window.videoEvents = [];
            for (const name of ['play', 'pause', 'playing', 'waiting', 'seeking', 'seeked', 'error', 'abort', 'emptied', 'loadedmetadata'])
                v.addEventListener(name, () => window.videoEvents.push(`${name}@${v.currentTime.toFixed(1)}${v.paused ? 'P' : ''}${v.error ? 'E' + v.error.code : ''}`));
        }
        """;

    private static Task SeekAsync(IPage page, double seconds) =>
        page.EvaluateAsync($"() => {{ document.getElementById('replay-video').currentTime = {Js(seconds)}; }}");

    private static Task<T> VideoAsync<T>(IPage page, string expression) =>
        page.EvaluateAsync<T>($"() => {{ const v = document.getElementById('replay-video'); return {expression}; }}");

    private static Task WaitForVideoAsync(IPage page, string condition, string what) =>
        WaitUntilAsync(page, $"() => {{ const v = document.getElementById('replay-video'); return {condition}; }}", what,
            () => VideoAsync<string>(page,
                "`time ${v.currentTime}, paused ${v.paused}, readyState ${v.readyState}, renewals ${v.dataset.renewals ?? 0}, error ${v.error?.message ?? v.error?.code ?? 'none'}, src ${v.currentSrc}, message ${document.getElementById('replay-access').textContent} events ${(window.videoEvents ?? []).slice(-30).join(' ')}`"));

    private static string Js(object value) => value switch
    {
        string text => System.Text.Json.JsonSerializer.Serialize(text),
        double number => number.ToString(System.Globalization.CultureInfo.InvariantCulture),
        _ => value.ToString()!,
    };
}
