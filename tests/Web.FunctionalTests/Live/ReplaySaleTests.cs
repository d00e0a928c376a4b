using Microsoft.Extensions.DependencyInjection;
using Streaming.Application.Live.Replay;
using Streaming.Domain.Common;
using Streaming.Domain.Enrollments;
using Streaming.Domain.Live;
using Streaming.Domain.Streams;
using Streaming.Infrastructure.Data;

namespace Streaming.Web.FunctionalTests.Live;

/// <summary>
/// Past classes sell: within the replay window a member buys replay-only access from the class
/// page (one charge, whatever the clicks) and watches at once; the instructor downloads the
/// recording from the dashboard while it is kept, and nobody else can.
/// </summary>
public class ReplaySaleTests : ReplayTestBase
{
    private const int Price = 8;
    private readonly byte[] _replay = [0, 0, 0, 24, 102, 116, 121, 112, 105, 115, 111, 109, 1, 2, 3, 4];

    /// <summary>A paid class that ended with an available replay (its MP4 in storage).</summary>
    private async Task<LiveStream> PastClassAsync(string instructorId, int? replayPrice = null)
    {
        var stream = await ScheduleAsync(instructorId, price: Price, state: StreamStatus.Live);
        await ChangeStreamAsync(stream.Id, (s, now) =>
        {
            s.SetReplayPrice(replayPrice);
            s.End(now, RetentionPolicy.Default);
        });
        await InScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<ApplicationDbContext>();
            var now = Factory.Clock.Now;
            var key = ReplayKeys.Replay(stream.Id);
            Directory.CreateDirectory(Path.GetDirectoryName(Path.Combine(BlobRoot, key))!);
            await File.WriteAllBytesAsync(Path.Combine(BlobRoot, key), _replay);
            var recording = LiveRecording.Start(stream.Id, now);
            recording.AcceptChunk(100, now);
            recording.StartProcessing(now);
            recording.Complete(key, _replay.Length, 30, now);
            db.LiveRecordings.Add(recording);
            return await db.SaveChangesAsync();
        });
        return await StreamAsync(stream.Id);
    }

    [Test]
    public async Task A_member_buys_the_replay_of_a_past_class_and_watches_at_once()
    {
        var owner = await SignUpAsync(instructor: true);
        var member = await SignUpAsync();
        await GrantAsync(member.Email, 20);
        var stream = await PastClassAsync(owner.Id, replayPrice: 6);

        var page = await member.Visitor.GetAsync($"/streams/{stream.Id}");
        Assert.That(Collapse(page.Document.QuerySelector("#replay-offer")?.TextContent), Does.Contain("Buy the replay for 6 tokens"));
        var response = await member.Visitor.SubmitAsync(page.Form("#replay-form"));

        Assert.That(PageClient.RedirectTarget(response).AbsolutePath, Is.EqualTo($"/streams/{stream.Id}/watch"), "watched at once");
        var watch = await member.Visitor.FollowRedirectAsync(response);
        Assert.That(Flash(watch), Does.Contain("You bought the replay of").And.Contain("6 tokens paid; your balance is now 14."));
        Assert.That(watch.Document.QuerySelector("#replay-video"), Is.Not.Null);
        var access = (await EnrollmentsAsync(stream.Id)).Single(e => e.MemberId == member.Id);
        Assert.That((access.Kind, access.Status, access.TokensPaid), Is.EqualTo((EnrollmentKind.ReplayOnly, EnrollmentStatus.Active, 6)));
        Assert.That((await StreamAsync(stream.Id)).SeatsTaken, Is.EqualTo(stream.SeatsTaken), "no seat");

        var again = await member.Visitor.GetAsync($"/streams/{stream.Id}");
        Assert.That(again.Document.QuerySelector("#replay-offer"), Is.Null, "bought once, offered no more");
        var myClasses = await member.Visitor.GetAsync("/me/classes");
        Assert.That(Collapse(myClasses.Document.QuerySelector($"li.my-class[data-stream-id='{stream.Id}']")?.TextContent),
            Does.Contain("Replay bought").And.Contain("Replay until").And.Contain("Watch the replay"));
    }

    [Test]
    public async Task Parallel_clicks_buy_once_and_a_short_balance_buys_nothing()
    {
        var owner = await SignUpAsync(instructor: true);
        var member = await SignUpAsync();
        var broke = await SignUpAsync();
        await GrantAsync(member.Email, 20);
        await GrantAsync(broke.Email, 3);
        var stream = await PastClassAsync(owner.Id);
        var form = (await member.Visitor.GetAsync($"/streams/{stream.Id}")).Form("#replay-form");

        var answers = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => member.Visitor.SubmitAsync(form)));

        Assert.That(answers.Select(a => a.StatusCode), Is.All.EqualTo(HttpStatusCode.Redirect));
        Assert.That(await LedgerBalanceAsync(member.Email), Is.EqualTo(20 - Price), "charged once");
        Assert.That((await EnrollmentsAsync(stream.Id)).Count(e => e.MemberId == member.Id), Is.EqualTo(1));

        var refused = await broke.Visitor.FollowRedirectAsync(await broke.Visitor.SubmitAsync((await broke.Visitor.GetAsync($"/streams/{stream.Id}")).Form("#replay-form")));
        Assert.That(FlashError(refused), Is.EqualTo($"Not enough tokens: the replay costs {Price} and your balance is 3."));
        Assert.That(await LedgerBalanceAsync(broke.Email), Is.EqualTo(3));
        Assert.That(refused.Document.QuerySelector("#replay-offer"), Is.Not.Null, "still on offer once topped up");
    }

    [Test]
    public async Task The_replay_is_not_sold_after_it_expires_nor_at_another_price()
    {
        var owner = await SignUpAsync(instructor: true);
        var member = await SignUpAsync();
        await GrantAsync(member.Email, 20);
        var stream = await PastClassAsync(owner.Id);
        var form = (await member.Visitor.GetAsync($"/streams/{stream.Id}")).Form("#replay-form");

        var wrongPrice = await member.Visitor.FollowRedirectAsync(await member.Visitor.SubmitAsync(form.Set("expectedPrice", "1")));
        Assert.That(FlashError(wrongPrice), Does.Contain($"The price of this replay changed to {Price} tokens"));

        Factory.Clock.Advance(TimeSpan.FromDays(8));
        try
        {
            var expired = await member.Visitor.GetAsync($"/streams/{stream.Id}");
            Assert.That(expired.Document.QuerySelector("#replay-offer"), Is.Null);
            var late = await member.Visitor.FollowRedirectAsync(await member.Visitor.SubmitAsync(form.Set("expectedPrice", Price.ToString(System.Globalization.CultureInfo.InvariantCulture))));
            Assert.That(FlashError(late), Is.EqualTo("The replay of this class is no longer available."));
            Assert.That(await LedgerBalanceAsync(member.Email), Is.EqualTo(20));
        }
        finally
        {
            Factory.Clock.Advance(TimeSpan.FromDays(-8));
        }
    }

    [Test]
    public async Task The_instructor_downloads_their_class_recording_while_it_is_kept_and_nobody_else_can()
    {
        var owner = await SignUpAsync(instructor: true);
        var other = await SignUpAsync(instructor: true);
        var stream = await PastClassAsync(owner.Id);
        var url = $"/instructor/streams/{stream.Id}/recording";
        var kept = await PastClassAsync(owner.Id);
        await ChangeStreamAsync(kept.Id, (s, now) => s.MarkForCatalog(true, now));
        var keptUrl = $"/instructor/streams/{kept.Id}/recording";

        var dashboard = await owner.Visitor.GetAsync("/instructor/streams");
        Assert.That(dashboard.Document.QuerySelector($"tr[data-stream-id='{stream.Id}'] a[href='{url}']")?.TextContent, Is.EqualTo("Download recording"));
        var mine = await owner.Visitor.Http.GetAsync(url);
        Assert.That(PageClient.RedirectTarget(mine).AbsolutePath, Is.EqualTo($"/blobs/recordings/live/{stream.Id}/replay.mp4"));
        var file = await owner.Visitor.Http.GetAsync(PageClient.RedirectTarget(mine));
        Assert.That(file.Content.Headers.ContentDisposition?.DispositionType, Is.EqualTo("attachment"));
        Assert.That(await file.Content.ReadAsByteArrayAsync(), Is.EqualTo(_replay));

        Assert.That((await other.Visitor.Http.GetAsync(url)).StatusCode, Is.EqualTo(HttpStatusCode.NotFound), "another instructor's class");

        // The replay window closes and the retention job deletes the recording: nothing to download any more.
        Factory.Clock.Advance(TimeSpan.FromDays(8));
        try
        {
            Assert.That((await owner.Visitor.Http.GetAsync(url)).StatusCode, Is.EqualTo(HttpStatusCode.Redirect), "kept until the retention job runs");
            await InScopeAsync(sp => sp.GetRequiredService<MediatR.IMediator>().Send(new Streaming.Application.Streams.Commands.DeleteExpiredRecordings.DeleteExpiredRecordingsCommand()));
            var gone = await owner.Visitor.GetAsync(url);
            Assert.That(gone.StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
            Assert.That(gone.Text, Does.Contain("The recording of this class was deleted on"));
            var later = await owner.Visitor.GetAsync("/instructor/streams");
            Assert.That(later.Document.QuerySelector($"tr[data-stream-id='{stream.Id}'] a[href='{url}']"), Is.Null);

            // A class kept for the workout catalog keeps its recording past the window: still downloadable.
            Assert.That(later.Document.QuerySelector($"tr[data-stream-id='{kept.Id}'] a[href='{keptUrl}']")?.TextContent, Is.EqualTo("Download recording"));
            var keptFile = await owner.Visitor.Http.GetAsync(PageClient.RedirectTarget(await owner.Visitor.Http.GetAsync(keptUrl)));
            Assert.That(await keptFile.Content.ReadAsByteArrayAsync(), Is.EqualTo(_replay));
        }
        finally
        {
            Factory.Clock.Advance(TimeSpan.FromDays(-8));
        }
    }
}
