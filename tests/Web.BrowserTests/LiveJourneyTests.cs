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
        var firstMemberEmail = $"first-{Guid.NewGuid():N}@example.test";
        var instructorId = await CreateUserAsync(instructorEmail, "Coach Live", Roles.Instructor);
        var memberId = await CreateUserAsync(memberEmail, "Member Live", Roles.Member);
        var firstMemberId = await CreateUserAsync(firstMemberEmail, "First Viewer", Roles.Member);
        var streamId = await ScheduleWithEnrollmentAsync(instructorId, memberId, "Morning flow (live test)");
        await EnrollAsync(streamId, firstMemberId);

        var problems = new ConcurrentQueue<string>();
        var (broadcasterContext, broadcaster) = await SignedInPageAsync(instructorEmail, problems, "broadcaster");
        var (firstContext, firstViewer) = await SignedInPageAsync(firstMemberEmail, problems, "first viewer");
        var (viewerContext, viewer) = await SignedInPageAsync(memberEmail, problems, "viewer");
        await using var _ = Chromium.ClosesAtEnd(broadcasterContext);
        await using var __ = Chromium.ClosesAtEnd(viewerContext);
        await using var ___ = Chromium.ClosesAtEnd(firstContext);

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
            await Assertions.Expect(broadcaster.Locator("#early-warning")).ToHaveCountAsync(0); // live now: no "starts in 1 h"

            // A first member opens the watch page: the first viewer of a freshly started app (its first
            // WHEP request, the instructor's page's first peer connection). Then they leave.
            var cold = await FirstFrameAsync(firstViewer, broadcaster, streamId);
            TestContext.Out.WriteLine($"First viewer (cold app): first frame after {cold.Polled} ms (in the page: {cold.InPage} ms)");
            await firstViewer.GotoAsync("/");
            await Assertions.Expect(broadcaster.Locator("#viewer-count")).ToHaveTextAsync("0", new() { Timeout = 30_000 });

            // The member opens the watch page of a class in progress, as members do: the figure the benchmark reports.
            var warm = await FirstFrameAsync(viewer, broadcaster, streamId);
            TestContext.Out.WriteLine($"Time from opening the watch page to the first decoded frame: {warm.Polled} ms " +
                                      "(a member joining a class in progress; the first viewer's is above)");
            TestContext.Out.WriteLine($"In the page: first frame {warm.InPage} ms after navigation start");
            await Assertions.Expect(broadcaster.Locator("#viewer-count")).ToHaveTextAsync("1", new() { Timeout = 30_000 });
            // The member's video started at half the camera's size (sooner), and the instructor's page sends
            // the full size once they have been connected for 3 s (what the browser then makes of it under
            // load is its own adaptation).
            Assert.That(warm.Height, Is.EqualTo(360), "the first frame: half the fake camera's 720 lines");
            await WaitUntilAsync(broadcaster,
                "() => [...window.streamingPeers.values()].every((pc) => pc.getSenders().filter((s) => s.track?.kind === 'video').every((s) => s.getParameters().encodings[0].scaleResolutionDownBy === 1))",
                "the full size sent after the start", () => broadcaster.EvaluateAsync<string>(
                    "() => JSON.stringify([...window.streamingPeers.values()].map((pc) => pc.getSenders().map((s) => s.getParameters().encodings)))"));
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

    /// <summary>
    /// With <c>STREAMING_FIRST_FRAME_PROBES=1</c>, the timeline also shows when the first RTP bytes,
    /// frames and decoded frames arrive and when the instructor's page encodes its first frame for
    /// the viewer: found by polling getStats() on both pages every 10-25 ms, which costs the pages
    /// (and the two cores they share) enough to add ~40 ms to the figure. Off by default.
    /// </summary>
    private static readonly bool StatsProbes = Environment.GetEnvironmentVariable("STREAMING_FIRST_FRAME_PROBES") == "1";

    /// <summary>
    /// Opens the watch page and waits until the player has decoded and shown a frame (what a person
    /// would see, give or take a 20 ms poll and a round trip to the browser); prints where the time went.
    /// </summary>
    private static async Task<(long Polled, int InPage, int Height)> FirstFrameAsync(IPage viewer, IPage broadcaster, Guid streamId)
    {
        if (StatsProbes)
        {
            await viewer.AddInitScriptAsync(WatchTimelineProbe);
            await broadcaster.EvaluateAsync(BroadcastTimelineProbe);
        }

        var watch = Stopwatch.StartNew();
        await viewer.GotoAsync($"/streams/{streamId}/watch");
        // Polled in the page every 20 ms (a poll from here costs a round trip through Playwright each
        // time), on the player's own first-frame mark (its video frame callback: cheap, unlike
        // getStats()), then confirmed by the decoder's count.
        // The first frame's height is read there and then (the full size follows 3 s later).
        var height = await viewer.EvaluateAsync<int>(@"async () => {
            const until = performance.now() + 60000;
            while (!performance.getEntriesByName('whep:first-frame').length || ((await window.streamingPlayer?.stats())?.framesDecoded ?? 0) === 0) {
              if (performance.now() > until) return -1;
              await new Promise((resolve) => setTimeout(resolve, 20));
            }
            return document.getElementById('live-video').videoHeight;
          }");
        if (height < 0) Assert.Fail($"No video frame decoded within 60 s. Player: {await viewer.Locator("#player-state").InnerTextAsync()}");
        watch.Stop();
        // The page's own clock, from navigation start to the first frame shown: without Playwright's
        // round trips and the polling, which the figure above includes.
        // (Shown a moment after it is decoded: give it up to a second.)
        var inPage = await viewer.EvaluateAsync<int>(@"async () => {
            for (let i = 0; i < 50 && !performance.getEntriesByName('whep:first-frame').length; i++) await new Promise((resolve) => setTimeout(resolve, 20));
            return Math.round(performance.getEntriesByName('whep:first-frame')[0]?.startTime ?? -1);
          }");
        TestContext.Out.WriteLine("Watch page timeline (ms after navigation start): " + await viewer.EvaluateAsync<string>(
            "() => { const n = performance.getEntriesByType('navigation')[0]; return [['response', n.responseEnd], ['dom', n.domContentLoadedEventEnd], ['load', n.loadEventEnd], ...performance.getEntriesByType('mark').map(m => [`${m.name}${m.detail ? ` (${m.detail})` : ''}`, m.startTime])].map(([k, v]) => `${k} ${Math.round(v)}`).join(', '); }"));
        await PrintSignallingTimelineAsync(viewer, broadcaster);
        return (watch.ElapsedMilliseconds, inPage, height);
    }

    /// <summary>
    /// The WHEP request's hops on one clock (ms after the viewer's navigation start; both pages run in
    /// one browser, so their time origins compare): the POST leaving and its answer arriving, the
    /// server's own split (Server-Timing), and each step of the instructor's page answering.
    /// </summary>
    private static async Task PrintSignallingTimelineAsync(IPage viewer, IPage broadcaster)
    {
        var viewerOrigin = await viewer.EvaluateAsync<double>("() => performance.timeOrigin");
        TestContext.Out.WriteLine("WHEP request (ms after navigation start): " + await viewer.EvaluateAsync<string>(
            "() => performance.getEntriesByType('resource').filter(r => r.initiatorType === 'fetch' && r.name.includes('/whep'))" +
            ".map(r => `start ${Math.round(r.startTime)}, request sent ${Math.round(r.requestStart)}, response ${Math.round(r.responseStart)}, server ` +" +
            " r.serverTiming.map(t => `${t.name} ${Math.round(t.duration)}${t.description ? ` (${t.description})` : ''}`).join(' ')).join('; ')"));
        TestContext.Out.WriteLine("Instructor's page answering (ms after the viewer's navigation start): " + await broadcaster.EvaluateAsync<string>(
            "(origin) => performance.getEntriesByType('mark').filter(m => m.name.startsWith('answer:') && performance.timeOrigin + m.startTime >= origin)" +
            ".map(m => `${m.name.slice(7)} ${Math.round(performance.timeOrigin + m.startTime - origin)}`).join(', ')", viewerOrigin));
    }

    /// <summary>Marks, on the instructor's page, when each new viewer's video gets a bitrate and its first frame is encoded (for 20 s).</summary>
    private const string BroadcastTimelineProbe = @"
        () => {
          const seen = new Set();
          const until = performance.now() + 20000;
          const tick = async () => {
            for (const [id, pc] of window.streamingPeers ?? []) {
              (await pc.getStats()).forEach((s) => {
                if (s.type !== 'outbound-rtp' || s.kind !== 'video') return;
                for (const [name, value] of [['bitrate', s.targetBitrate], ['encoded', s.framesEncoded]]) {
                  if (value > 0 && !seen.has(id + name)) { seen.add(id + name); performance.mark(name === 'encoded' ? `answer:encoded (${s.frameWidth}x${s.frameHeight})` : `answer:${name}`, { detail: id }); }
                }
              });
            }
            if (performance.now() < until) setTimeout(tick, 10);
          };
          tick();
        }";

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

    private async Task EnrollAsync(Guid streamId, string memberId)
    {
        await using var scope = Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<Streaming.Infrastructure.Data.ApplicationDbContext>();
        var now = Factory.Clock.Now;
        var enrollment = Streaming.Domain.Enrollments.Enrollment.Open(await db.Streams.SingleAsync(s => s.Id == streamId), memberId, memberHoldsSeat: false, now);
        enrollment.Activate(null, now);
        db.Enrollments.Add(enrollment);
        await db.SaveChangesAsync();
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
