using MediatR;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using MimeKit;
using Streaming.Application.Live.Replay;
using Streaming.Application.Notifications.Commands.SendQueuedEmails;
using Streaming.Domain.Common;
using Streaming.Domain.Live;
using Streaming.Domain.Notifications;
using Streaming.Domain.Streams;
using Streaming.Infrastructure.Data;
using Streaming.Infrastructure.Email;
using Streaming.TestSupport.Recordings;

namespace Streaming.Web.FunctionalTests.Live;

/// <summary>
/// The watch page after the end: the replay plays from a short-lived signed URL for enrolled
/// members until their access expires (the instructor always); everyone else, and every state
/// without a playable replay, gets a clear message and no video.
/// </summary>
public class ReplayWatchTests : ReplayTestBase
{
    private byte[] _replay = null!;

    [OneTimeSetUp]
    public async Task MakeAReplayFile()
    {
        var path = Path.Combine(Path.GetTempPath(), $"replay-{Guid.NewGuid():N}.mp4");
        await TestMedia.CreateVideoAsync(path, 2);
        _replay = await File.ReadAllBytesAsync(path);
        File.Delete(path);
    }

    /// <summary>
    /// A class the <paramref name="members"/> enrolled in, then ended, whose recording is in
    /// <paramref name="status"/> (Available with a real MP4 in storage; null: nothing recorded).
    /// </summary>
    private async Task<LiveStream> EndedClassAsync(string instructorId, LiveRecordingStatus? status, params string[] members)
    {
        var stream = await ScheduleAsync(instructorId, state: StreamStatus.Live);
        foreach (var member in members) await EnrollDirectlyAsync(stream.Id, member);
        await ChangeStreamAsync(stream.Id, (s, now) => s.End(now, RetentionPolicy.Default));
        if (status is not null)
        {
            await InScopeAsync(async sp =>
            {
                var db = sp.GetRequiredService<ApplicationDbContext>();
                var now = Factory.Clock.Now;
                var recording = LiveRecording.Start(stream.Id, now);
                recording.AcceptChunk(100, now);
                if (status != LiveRecordingStatus.Recording) recording.StartProcessing(now);
                if (status == LiveRecordingStatus.Failed) recording.Fail("The recording is damaged or not a WebM video FFmpeg can read.", now);
                if (status == LiveRecordingStatus.Available)
                {
                    var key = ReplayKeys.Replay(stream.Id);
                    Directory.CreateDirectory(Path.GetDirectoryName(Path.Combine(BlobRoot, key))!);
                    await File.WriteAllBytesAsync(Path.Combine(BlobRoot, key), _replay);
                    recording.Complete(key, _replay.Length, 2, now);
                }

                db.LiveRecordings.Add(recording);
                return await db.SaveChangesAsync();
            });
        }

        return await StreamAsync(stream.Id);
    }

    private static IElement? Video(HtmlPage page) => page.Document.QuerySelector("#replay-video");

    private static string Message(HtmlPage page) => page.Document.QuerySelector("#replay-message")?.TextContent ?? "";

    [Test]
    public async Task Buying_the_replay_writes_a_receipt_that_says_until_when_it_plays_without_a_calendar_file()
    {
        var owner = await SignUpAsync(instructor: true);
        var buyer = await SignUpAsync();
        var stream = await EndedClassAsync(owner.Id, LiveRecordingStatus.Available);
        await GrantAsync(buyer.Email, 10);

        var details = await buyer.Visitor.GetAsync($"/streams/{stream.Id}");
        var bought = await buyer.Visitor.SubmitAsync(details.FormPostingTo($"/streams/{stream.Id}/replay"));
        Assert.That(bought.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        await InScopeAsync(sp => sp.GetRequiredService<IMediator>().Send(new SendQueuedEmailsCommand()));

        var receipt = await InScopeAsync(sp => sp.GetRequiredService<ApplicationDbContext>().OutboxEmails.AsNoTracking()
            .SingleAsync(e => e.RecipientId == buyer.Id && e.Kind == EmailKind.EnrollmentReceipt));
        var folder = Factory.Services.GetRequiredService<IOptions<EmailOptions>>().Value.Pickup.ResolvedFolder;
        var mail = await MimeMessage.LoadAsync(Path.Combine(folder, $"{receipt.Id:N}.eml"));
        Assert.Multiple(() =>
        {
            Assert.That(mail.Subject, Is.EqualTo($"Your replay of {stream.Title}"));
            Assert.That(mail.TextBody, Does.Contain($"You bought the replay of {stream.Title}. You can watch it until "));
            Assert.That(mail.TextBody, Does.Contain("Paid: 5 tokens").And.Contain("Your balance: 5 tokens"));
            Assert.That(mail.TextBody, Does.Not.Contain("calendar").And.Not.Contain("remind"));
            Assert.That(mail.Attachments, Is.Empty, "a class that is over goes in no calendar");
        });
    }

    [Test]
    public async Task An_enrolled_member_plays_the_replay_from_a_signed_url_with_range_requests()
    {
        var owner = await SignUpAsync(instructor: true);
        var member = await SignUpAsync();
        var stream = await EndedClassAsync(owner.Id, LiveRecordingStatus.Available, member.Id);

        var page = await member.Visitor.GetAsync($"/streams/{stream.Id}/watch");

        var video = Video(page);
        Assert.That(video, Is.Not.Null, page.Text);
        Assert.That(video!.HasAttribute("controls"), Is.True);
        var src = video.GetAttribute("src")!;
        Assert.That(src, Does.StartWith($"/blobs/recordings/live/{stream.Id}/replay.mp4?exp="));
        Assert.That(src, Does.Contain("sig="));
        Assert.That(Message(page), Does.Contain("Replay available until"));
        Assert.That(page.Response.Headers.GetValues("Content-Security-Policy").Single(), Does.Contain("media-src 'self'"),
            "local replays are same-origin");

        var whole = await member.Visitor.Http.GetAsync(src);
        Assert.That(whole.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(whole.Content.Headers.ContentType?.MediaType, Is.EqualTo("video/mp4"));
        Assert.That(await whole.Content.ReadAsByteArrayAsync(), Is.EqualTo(_replay));
        using var ranged = new HttpRequestMessage(HttpMethod.Get, src);
        ranged.Headers.Range = new System.Net.Http.Headers.RangeHeaderValue(100, 199);
        var part = await member.Visitor.Http.SendAsync(ranged);
        Assert.That(part.StatusCode, Is.EqualTo(HttpStatusCode.PartialContent), "players seek with range requests");
        Assert.That(await part.Content.ReadAsByteArrayAsync(), Is.EqualTo(_replay[100..200]));

        Assert.That((await member.Visitor.Http.GetAsync(src.Replace("sig=", "sig=x", StringComparison.Ordinal))).StatusCode, Is.EqualTo(HttpStatusCode.NotFound),
            "a tampered URL plays nothing");
        Factory.Clock.Advance(TimeSpan.FromMinutes(11));
        try
        {
            Assert.That((await member.Visitor.Http.GetAsync(src)).StatusCode, Is.EqualTo(HttpStatusCode.NotFound), "the URL is short-lived");
        }
        finally
        {
            Factory.Clock.Advance(TimeSpan.FromMinutes(-11));
        }
    }

    [Test]
    public async Task After_the_replay_expires_the_member_gets_the_date_and_the_instructor_still_plays_it()
    {
        var owner = await SignUpAsync(instructor: true);
        var member = await SignUpAsync();
        var stream = await EndedClassAsync(owner.Id, LiveRecordingStatus.Available, member.Id);
        var url = $"/streams/{stream.Id}/watch";

        Factory.Clock.Advance(TimeSpan.FromDays(8));
        try
        {
            var page = await member.Visitor.GetAsync(url);
            Assert.That(Video(page), Is.Null);
            Assert.That(page.Html, Does.Not.Contain("/blobs/"), "no signed URL leaks into the page");
            Assert.That(Message(page), Does.Contain("The replay was available until"));
            Assert.That(page.Document.QuerySelector("#replay-message time")!.GetAttribute("datetime"),
                Is.EqualTo(stream.RecordingExpiresAt!.Value.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ")));

            var instructorPage = await owner.Visitor.GetAsync(url);
            Assert.That(Video(instructorPage), Is.Not.Null, "the instructor always watches their class's replay");
        }
        finally
        {
            Factory.Clock.Advance(TimeSpan.FromDays(-8));
        }
    }

    [Test]
    public async Task The_player_renews_its_link_until_access_ends_and_then_hears_why()
    {
        var owner = await SignUpAsync(instructor: true);
        var member = await SignUpAsync();
        var stranger = await SignUpAsync();
        var stream = await EndedClassAsync(owner.Id, LiveRecordingStatus.Available, member.Id);
        var playback = $"/streams/{stream.Id}/watch/replay/playback";

        var page = await member.Visitor.GetAsync($"/streams/{stream.Id}/watch");
        Assert.That(Video(page)!.GetAttribute("data-playback-url"), Is.EqualTo(playback));
        Assert.That(Video(page)!.GetAttribute("data-expires-in"), Is.EqualTo("600"), "the page's link lives Streaming:Replay:PlaybackUrlLifetime");

        var first = await PlaybackAsync(member.Visitor, playback);
        Factory.Clock.Advance(TimeSpan.FromMinutes(9));
        try
        {
            var renewed = await PlaybackAsync(member.Visitor, playback);
            Assert.That(renewed.GetProperty("expiresInSeconds").GetInt32(), Is.EqualTo(600));
            Factory.Clock.Advance(TimeSpan.FromMinutes(2));
            Assert.That((await member.Visitor.Http.GetAsync(first.GetProperty("url").GetString())).StatusCode, Is.EqualTo(HttpStatusCode.NotFound),
                "the first link has expired");
            var range = new HttpRequestMessage(HttpMethod.Get, renewed.GetProperty("url").GetString());
            range.Headers.Range = new System.Net.Http.Headers.RangeHeaderValue(0, 99);
            Assert.That((await member.Visitor.Http.SendAsync(range)).StatusCode, Is.EqualTo(HttpStatusCode.PartialContent), "the renewed one still seeks");

            // Access ends with the replay's expiry: the player is told so, with the date.
            Factory.Clock.Advance(TimeSpan.FromDays(8));
            var ended = await member.Visitor.Http.GetAsync(playback);
            Assert.That(ended.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
            Assert.That(await ended.Content.ReadAsStringAsync(), Does.Contain("Your access to this replay ended on").And.Not.Contain("/blobs/"));
        }
        finally
        {
            Factory.Clock.Advance(TimeSpan.FromDays(-8) - TimeSpan.FromMinutes(11));
        }

        var strangers = await stranger.Visitor.Http.GetAsync(playback);
        Assert.That(strangers.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        Assert.That(await strangers.Content.ReadAsStringAsync(), Does.Not.Contain("/blobs/"));
        Assert.That((await NewVisitor().Http.GetAsync(playback)).StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
    }

    private static async Task<System.Text.Json.JsonElement> PlaybackAsync(PageClient visitor, string url)
    {
        var response = await visitor.Http.GetAsync(url);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        return System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
    }

    [Test]
    public async Task Strangers_never_get_the_replay()
    {
        var owner = await SignUpAsync(instructor: true);
        var stranger = await SignUpAsync();
        var otherInstructor = await SignUpAsync(instructor: true);
        var stream = await EndedClassAsync(owner.Id, LiveRecordingStatus.Available);
        var url = $"/streams/{stream.Id}/watch";

        foreach (var other in new[] { stranger, otherInstructor })
        {
            var response = await other.Visitor.Http.GetAsync(url);
            Assert.That(PageClient.RedirectTarget(response).AbsolutePath, Is.EqualTo($"/streams/{stream.Id}"), "sent to enroll");
            var status = await other.Visitor.Http.GetAsync($"{url}/replay");
            Assert.That(status.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
            Assert.That(await status.Content.ReadAsStringAsync(), Does.Not.Contain("/blobs/"));
        }

        var anonymous = await NewVisitor().Http.GetAsync(url);
        Assert.That(PageClient.RedirectTarget(anonymous).AbsolutePath, Is.EqualTo("/account/login"));
    }

    [TestCase(null, "nothing was recorded")]
    [TestCase(LiveRecordingStatus.Recording, "being prepared")]
    [TestCase(LiveRecordingStatus.Processing, "being prepared")]
    [TestCase(LiveRecordingStatus.Failed, "could not be made: The recording is damaged")]
    public async Task Without_a_playable_replay_the_page_says_why(LiveRecordingStatus? status, string message)
    {
        var owner = await SignUpAsync(instructor: true);
        var member = await SignUpAsync();
        var stream = await EndedClassAsync(owner.Id, status, member.Id);

        foreach (var visitor in new[] { member, owner })
        {
            var page = await visitor.Visitor.GetAsync($"/streams/{stream.Id}/watch");
            Assert.That(page.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(Video(page), Is.Null);
            Assert.That(Message(page), Does.Contain(message));
        }

        var replayStatus = await member.Visitor.Http.GetAsync($"/streams/{stream.Id}/watch/replay");
        Assert.That(await replayStatus.Content.ReadAsStringAsync(),
            Does.Contain(status switch { null => "NotRecorded", LiveRecordingStatus.Failed => "Failed", _ => "Processing" }));
    }

    [Test]
    public void Presigned_s3_replays_are_allowed_by_media_src()
    {
        var configuration = new Microsoft.Extensions.Configuration.ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Storage:Provider"] = "S3",
            ["Storage:S3:Bucket"] = "replays",
            ["Storage:S3:Region"] = "eu-west-1",
        }).Build();
        var origins = Streaming.Web.Infrastructure.SecurityHeadersMiddleware.StorageMediaOrigins(configuration);
        Assert.That(origins, Does.Contain("https://replays.s3.eu-west-1.amazonaws.com"));
        var policy = Streaming.Web.Infrastructure.SecurityHeadersMiddleware.WithMediaSources(
            Streaming.Web.Infrastructure.SecurityHeadersMiddleware.ContentSecurityPolicy, origins);
        Assert.That(policy, Does.Contain("media-src 'self' blob: https://replays.s3.eu-west-1.amazonaws.com"));

        var local = new Microsoft.Extensions.Configuration.ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Storage:Provider"] = "Local" }).Build();
        Assert.That(Streaming.Web.Infrastructure.SecurityHeadersMiddleware.StorageMediaOrigins(local), Is.Empty);
    }
}
