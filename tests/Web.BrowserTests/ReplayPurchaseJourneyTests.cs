using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Streaming.Application.Common.Interfaces;
using Streaming.Application.Live.Replay;
using Streaming.Domain.Common;
using Streaming.Domain.Live;
using Streaming.Domain.Streams;
using Streaming.Domain.Users;
using Streaming.Infrastructure.Data;
using Streaming.TestSupport.Recordings;
using Streaming.Web.BrowserTests.Support;

namespace Streaming.Web.BrowserTests;

/// <summary>
/// Past classes sell: a member who missed a class finds it under "Past classes", buys the replay
/// and watches it at once; the instructor downloads the class's recording from the dashboard.
/// </summary>
public class ReplayPurchaseJourneyTests : LiveBrowserTestBase
{
    private const int ReplayPrice = 6;

    protected override string[] BrowserArgs => Chromium.Args;

    protected override BrowserNewContextOptions ContextOptions() => new() { BaseURL = BaseAddress.ToString(), AcceptDownloads = true };

    [Test]
    public async Task A_member_buys_the_replay_of_a_past_class_and_the_instructor_downloads_the_recording()
    {
        var instructorEmail = $"coach-{Guid.NewGuid():N}@example.test";
        var memberEmail = $"member-{Guid.NewGuid():N}@example.test";
        var instructorId = await CreateUserAsync(instructorEmail, "Coach Past", Roles.Instructor);
        var memberId = await CreateUserAsync(memberEmail, "Member Late", Roles.Member);
        await GrantAsync(memberId, 10);
        var (streamId, replay) = await PastClassWithReplayAsync(instructorId, "Sunrise mobility (past)");

        var problems = new ConcurrentQueue<string>();
        var (memberContext, member) = await SignedInPageAsync(memberEmail, problems, "member");
        await using var _ = Chromium.ClosesAtEnd(memberContext);
        await Chromium.RunJourneyAsync(member, problems, async () =>
        {
            await member.Locator("nav").GetByRole(AriaRole.Link, new() { Name = "Classes", Exact = true }).ClickAsync();
            await member.GetByRole(AriaRole.Link, new() { Name = "Past classes" }).ClickAsync();
            var card = member.Locator("article.stream-card", new() { HasText = "Sunrise mobility (past)" });
            await Assertions.Expect(card).ToContainTextAsync($"Replay {ReplayPrice} tokens");
            await card.Locator(".card-title a").ClickAsync();
            await Chromium.ExpectLoadedAsync(member, $"**/streams/{streamId}");
            await Assertions.Expect(member.Locator("#replay-offer")).ToContainTextAsync("Missed it? Watch the replay");
            await Screenshots.CaptureAsync(member, "past-class-replay-offer");

            await member.GetByRole(AriaRole.Button, new() { Name = $"Buy the replay for {ReplayPrice} tokens" }).ClickAsync();
            await Chromium.ExpectLoadedAsync(member, $"**/streams/{streamId}/watch");
            await Assertions.Expect(member.Locator("#flash")).ToContainTextAsync($"{ReplayPrice} tokens paid; your balance is now 4.");
            await Assertions.Expect(member.Locator("#token-balance")).ToContainTextAsync("4 tokens");
            await member.EvaluateAsync("async () => { const v = document.getElementById('replay-video'); v.muted = true; await v.play(); }");
            await WaitUntilAsync(member, "() => { const v = document.getElementById('replay-video'); return v.readyState >= 2 && v.currentTime > 0.3; }",
                "the bought replay plays", () => member.EvaluateAsync<string>("() => `time ${document.getElementById('replay-video').currentTime}`"));
            await Screenshots.CaptureAsync(member, "bought-replay-playing");
            Assert.That(problems, Is.Empty, string.Join(Environment.NewLine, problems));
        });

        var (instructorContext, instructor) = await SignedInPageAsync(instructorEmail, problems, "instructor");
        await using var __ = Chromium.ClosesAtEnd(instructorContext);
        await Chromium.RunJourneyAsync(instructor, problems, async () =>
        {
            await instructor.Locator("nav").GetByRole(AriaRole.Link, new() { Name = "Instructor" }).ClickAsync();
            var row = instructor.Locator($"tr[data-stream-id='{streamId}']");
            await Assertions.Expect(row).ToContainTextAsync("+1 replay");
            await row.GetByRole(AriaRole.Button, new() { Name = "Actions for Sunrise mobility (past)" }).ClickAsync(); // the row's actions menu
            await Screenshots.CaptureAsync(instructor, "dashboard-download-recording");
            var download = await instructor.RunAndWaitForDownloadAsync(() => row.GetByRole(AriaRole.Link, new() { Name = "Download recording" }).ClickAsync());
            Assert.That(download.SuggestedFilename, Does.StartWith("Sunrise mobility (past)").And.EndWith(".mp4"));
            Assert.That(await File.ReadAllBytesAsync(await download.PathAsync()), Is.EqualTo(replay));
        });
    }

    private async Task GrantAsync(string memberId, int amount)
    {
        await using var scope = Factory.Services.CreateAsyncScope();
        var grant = await scope.ServiceProvider.GetRequiredService<ITokenLedger>()
            .GrantAsync(new LedgerGrant(memberId, amount, "Welcome tokens", $"grant:{Guid.NewGuid():N}"), CancellationToken.None);
        Assert.That(grant.Succeeded, Is.True, grant.Message);
    }

    /// <summary>A paid class (12 tokens, its replay 6) that ran yesterday, with its replay MP4 stored.</summary>
    private async Task<(Guid StreamId, byte[] Replay)> PastClassWithReplayAsync(string instructorId, string title)
    {
        var file = Path.Combine(Path.GetTempPath(), $"replay-{Guid.NewGuid():N}.mp4");
        await TestMedia.CreateVideoAsync(file, 6, keyframeInterval: 50, size: 160);
        var bytes = await File.ReadAllBytesAsync(file);
        File.Delete(file);

        await using var scope = Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ApplicationDbContext>();
        var now = Factory.Clock.Now;
        var stream = LiveStream.Schedule(instructorId, title, "Hips and shoulders.", "Mobility", now.AddMinutes(5), 30, 12, null, now);
        stream.SetReplayPrice(ReplayPrice);
        stream.GoLive(now.AddMinutes(5));
        stream.End(now.AddMinutes(35), RetentionPolicy.Default);
        stream.JudgeTookPlace(TimeSpan.FromMinutes(30), ClassClosingPolicy.Default);
        db.Streams.Add(stream);
        var key = ReplayKeys.Replay(stream.Id);
        Directory.CreateDirectory(Path.GetDirectoryName(Path.Combine(BlobRoot, key))!);
        await File.WriteAllBytesAsync(Path.Combine(BlobRoot, key), bytes);
        var recording = LiveRecording.Start(stream.Id, now);
        recording.AcceptChunk(100, now);
        recording.StartProcessing(now);
        recording.Complete(key, bytes.Length, 6, now.AddMinutes(36));
        db.LiveRecordings.Add(recording);
        await db.SaveChangesAsync();
        Factory.Clock.Advance(TimeSpan.FromDays(1));
        return (stream.Id, bytes);
    }
}
