using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Streaming.Application.Live.Commands.AssembleReplays;
using Streaming.Domain.Streams;
using Streaming.Domain.Users;
using Streaming.Web.BrowserTests.Support;

namespace Streaming.Web.BrowserTests;

/// <summary>
/// The live journey in local mode, through the app's real endpoints on a real port: an instructor
/// goes live from the broadcast page with Chromium's fake camera, an enrolled member's watch page
/// plays it over WHEP (peer-to-peer, signalled through the app), the instructor ends the class;
/// the browser's recording (uploaded in chunks while live) becomes the replay MP4, which plays.
/// </summary>
public class LiveJourneyTests : LiveBrowserTestBase
{
    [Test]
    public async Task Instructor_goes_live_member_decodes_video_instructor_ends_the_class()
    {
        var instructorEmail = $"coach-{Guid.NewGuid():N}@example.test";
        var memberEmail = $"member-{Guid.NewGuid():N}@example.test";
        var instructorId = await CreateUserAsync(instructorEmail, "Coach Live", Roles.Instructor);
        var memberId = await CreateUserAsync(memberEmail, "Member Live", Roles.Member);
        var streamId = await ScheduleWithEnrollmentAsync(instructorId, memberId, "Morning flow (live test)");

        var problems = new ConcurrentQueue<string>();
        var (broadcasterContext, broadcaster) = await SignedInPageAsync(instructorEmail, problems, "broadcaster");
        var (viewerContext, viewer) = await SignedInPageAsync(memberEmail, problems, "viewer");
        await using var _ = Chromium.ClosesAtEnd(broadcasterContext);
        await using var __ = Chromium.ClosesAtEnd(viewerContext);

        try
        {
            // The instructor opens the broadcast page, sees the camera and goes live.
            await broadcaster.GotoAsync($"/instructor/streams/{streamId}/broadcast");
            var goLive = broadcaster.Locator("#go-live");
            await Assertions.Expect(goLive).ToBeEnabledAsync(new() { Timeout = 30_000 });
            // The class is an hour away: the page warns, and "Go live" asks first; saying no changes nothing.
            await Assertions.Expect(broadcaster.Locator("#early-warning")).ToContainTextAsync("The class starts in 1 h 0 min.");
            var questions = new List<string>();
            var accept = false;
            broadcaster.Dialog += async (_, dialog) =>
            {
                questions.Add(dialog.Message);
                if (accept) await dialog.AcceptAsync();
                else await dialog.DismissAsync();
            };
            await goLive.ClickAsync();
            Assert.That(questions, Is.EqualTo(new[] { "The class is scheduled later. Go live now anyway?" }));
            Assert.That((await StreamAsync(streamId)).Status, Is.EqualTo(StreamStatus.Scheduled), "dismissed: still scheduled");
            accept = true;
            await goLive.ClickAsync();
            await Assertions.Expect(broadcaster.Locator("#connection-state")).ToHaveAttributeAsync("data-state", "Connected", new() { Timeout = 30_000 });
            Assert.That((await StreamAsync(streamId)).Status, Is.EqualTo(StreamStatus.Live));

            // The member opens the watch page; the player decodes frames.
            // Marks when the player's first video bytes, frames and decoded frames arrive (for the timeline printed below).
            await viewer.AddInitScriptAsync(WatchTimelineProbe);
            var watch = Stopwatch.StartNew();
            await viewer.GotoAsync($"/streams/{streamId}/watch");
            var frames = 0;
            while (frames == 0)
            {
                if (watch.Elapsed > TimeSpan.FromSeconds(60))
                    Assert.Fail($"No video frame decoded within 60 s. Player: {await viewer.Locator("#player-state").InnerTextAsync()}");
                await Task.Delay(100);
                frames = await viewer.EvaluateAsync<int>("async () => (await window.streamingPlayer?.stats())?.framesDecoded ?? 0");
            }

            watch.Stop();
            TestContext.Out.WriteLine($"Time from opening the watch page to the first decoded frame: {watch.ElapsedMilliseconds} ms");
            // The page's own clock, from navigation start to the first frame shown: without Playwright's
            // round trips and this loop's 100 ms polling, which the figure above includes.
            TestContext.Out.WriteLine("In the page: first frame " + await viewer.EvaluateAsync<int>(
                "() => Math.round(performance.getEntriesByName('whep:first-frame')[0]?.startTime ?? -1)") + " ms after navigation start");
            TestContext.Out.WriteLine("Watch page timeline (ms after navigation start): " + await viewer.EvaluateAsync<string>(
                "() => { const n = performance.getEntriesByType('navigation')[0]; return [['response', n.responseEnd], ['dom', n.domContentLoadedEventEnd], ['load', n.loadEventEnd], ...performance.getEntriesByType('mark').map(m => [`${m.name}${m.detail ? ` (${m.detail})` : ''}`, m.startTime])].map(([k, v]) => `${k} ${Math.round(v)}`).join(', '); }"));
            await Assertions.Expect(broadcaster.Locator("#viewer-count")).ToHaveTextAsync("1", new() { Timeout = 30_000 });
            // The player joins its viewing session alongside the connection: the join may land a little later.
            Assert.That((await StreamEventuallyAsync(streamId, s => s.PeakViewers >= 1)).PeakViewers, Is.GreaterThanOrEqualTo(1),
                "the member's viewing session counts");

            // Going live grabbed a camera frame as the thumbnail (the class had none).
            Assert.That((await StreamEventuallyAsync(streamId, s => s.ThumbnailPath is not null)).ThumbnailPath, Is.Not.Null,
                "the frame captured at go-live became the thumbnail");

            // The broadcast page records the class and uploads a chunk every ~4 s: wait for two.
            await WaitUntilAsync(broadcaster, "() => (window.streamingRecorder?.uploaded ?? 0) >= 2", "two recording chunks uploaded",
                () => broadcaster.Locator("#recording-state").InnerTextAsync());

            // The instructor ends the class (confirming the dialog); the member's page moves on.
            broadcaster.Dialog += (_, dialog) => dialog.AcceptAsync();
            await broadcaster.Locator("#end-stream").ClickAsync();
            await Assertions.Expect(broadcaster.Locator("#live-status")).ToHaveTextAsync("Ended", new() { Timeout = 30_000 });
            var ended = await StreamAsync(streamId);
            Assert.That(ended.Status, Is.EqualTo(StreamStatus.Ended));
            Assert.That(ended.RecordingExpiresAt, Is.EqualTo(ended.EndedAt!.Value.AddDays(7)));
            await Assertions.Expect(viewer.Locator("#replay-message")).ToBeVisibleAsync(new() { Timeout = 30_000 });
            Assert.That(await SessionsAsync(streamId), Has.All.Matches<Streaming.Domain.Viewing.ViewerSession>(s => s.LeftAt != null),
                "ending the class closes every viewing session");

            // Every chunk was uploaded before the class ended; the replay job turns them into the MP4.
            var recordedSeconds = await broadcaster.EvaluateAsync<double>("() => window.streamingRecorder.recordedSeconds");
            Assert.That(await broadcaster.EvaluateAsync<int>("() => window.streamingRecorder.pending"), Is.Zero, "nothing left to upload");
            await RunReplayJobAsync();
            var recording = await RecordingAsync(streamId);
            Assert.That(recording?.Status, Is.EqualTo(Streaming.Domain.Live.LiveRecordingStatus.Available), recording?.Error);
            Assert.That(recording!.ChunkCount, Is.GreaterThanOrEqualTo(3), "two timed chunks and the last one flushed at the end");
            var replayFile = Path.Combine(BlobRoot, $"recordings/live/{streamId}/replay.mp4");
            Assert.That(File.Exists(replayFile), Is.True);
            var duration = await ProbeDurationAsync(replayFile);
            TestContext.Out.WriteLine($"Recorded {recordedSeconds:0.00} s in the browser; replay MP4 is {duration:0.00} s");
            // The encoder may start a moment after the recorder on a busy machine: allow for it.
            Assert.That(duration, Is.EqualTo(recordedSeconds).Within(2.5), "the replay lasts as long as the broadcast was recorded");

            // The member's page shows the replay (it checks by itself every 10 s; reload to not wait) and it plays.
            await viewer.ReloadAsync();
            var replay = viewer.Locator("#replay-video");
            await Assertions.Expect(replay).ToBeVisibleAsync(new() { Timeout = 30_000 });
            await viewer.EvaluateAsync("async () => { const v = document.getElementById('replay-video'); v.muted = true; await v.play(); }");
            await WaitUntilAsync(viewer, "() => { const v = document.getElementById('replay-video'); return v.readyState >= 2 && v.currentTime > 0.3; }",
                "the replay plays (frames decoded, time advancing)",
                () => viewer.EvaluateAsync<string>("() => { const v = document.getElementById('replay-video'); return `readyState ${v.readyState}, currentTime ${v.currentTime}, error ${v.error?.message ?? 'none'}`; }"));

            Assert.That(problems.Where(p => p.StartsWith("CSP", StringComparison.Ordinal) || p.StartsWith("page error", StringComparison.Ordinal)),
                Is.Empty, string.Join(Environment.NewLine, problems));
        }
        catch (Exception e) when (e is not AssertionException)
        {
            throw new AssertionException($"{e.Message}\nBroadcaster at {broadcaster.Url}: {await broadcaster.Locator("main").InnerTextAsync()}\n" +
                                         $"Viewer at {viewer.Url}: {await viewer.Locator("main").InnerTextAsync()}\nProblems:\n{string.Join(Environment.NewLine, problems)}", e);
        }
    }

    private const string WatchTimelineProbe = @"
        (() => {
          const seen = {};
          const tick = async () => {
            const report = await window.streamingPlayer?.pc?.getStats();
            report?.forEach((s) => {
              if (s.type !== 'inbound-rtp' || s.kind !== 'video') return;
              for (const [name, value] of [['rtp:bytes', s.bytesReceived], ['rtp:frames', s.framesReceived], ['rtp:decoded', s.framesDecoded]]) {
                if (value > 0 && !seen[name]) { seen[name] = true; performance.mark(name, { detail: `pli ${s.pliCount} fir ${s.firCount} nack ${s.nackCount} ${s.frameWidth}x${s.frameHeight}` }); }
              }
            });
            if (!seen['rtp:decoded']) setTimeout(tick, 25);
          };
          tick();
        })();";

    /// <summary>The stream once <paramref name="condition"/> holds, or as it is after 30 s.</summary>
    private async Task<LiveStream> StreamEventuallyAsync(Guid streamId, Func<LiveStream, bool> condition)
    {
        var waited = Stopwatch.StartNew();
        var stream = await StreamAsync(streamId);
        while (!condition(stream) && waited.Elapsed < TimeSpan.FromSeconds(30))
        {
            await Task.Delay(200);
            stream = await StreamAsync(streamId);
        }

        return stream;
    }

    private async Task RunReplayJobAsync()
    {
        while (true)
        {
            await using var scope = Factory.Services.CreateAsyncScope();
            if (!await scope.ServiceProvider.GetRequiredService<IReplayJob>().RunNextAsync(CancellationToken.None)) return;
        }
    }

    private Task<Streaming.Domain.Live.LiveRecording?> RecordingAsync(Guid streamId) =>
        ReadAsync(db => db.LiveRecordings.AsNoTracking().SingleOrDefaultAsync(r => r.StreamId == streamId));

    private static async Task<double> ProbeDurationAsync(string path)
    {
        var start = new ProcessStartInfo("ffprobe") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[] { "-v", "error", "-show_entries", "format=duration", "-of", "csv=p=0", path }) start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        return double.Parse(output.Trim(), System.Globalization.CultureInfo.InvariantCulture);
    }

    private Task<List<Streaming.Domain.Viewing.ViewerSession>> SessionsAsync(Guid id) =>
        ReadAsync(db => db.ViewerSessions.AsNoTracking().Where(s => s.StreamId == id).ToListAsync());
}
