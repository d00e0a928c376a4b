using System.Security.Cryptography;
using MediatR;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Streaming.Application.Common.Jobs;
using Streaming.Application.Recordings.Commands.CopyRemoteRecordings;
using Streaming.Application.Recordings.Commands.RecordEgress;
using Streaming.Domain.Recordings;
using Streaming.Infrastructure.Data;

namespace Streaming.Web.FunctionalTests.Recordings;

/// <summary>
/// The recording-copy job against a real HTTP server and the local blob folder: a recording at a
/// plain URL ends up in the app's store (the same bytes, then signed downloads that no longer touch
/// the other host), a URL without the file is left as it was for the next run, and running again
/// copies nothing twice.
/// </summary>
public class RecordingCopyTests : RecordingsTestBase
{
    protected override void Configure(StreamingWebFactory factory)
    {
        base.Configure(factory);
        factory.Settings["Jobs:Retry:Delay"] = "00:00:00.010"; // another test's host may be gone by now
    }

    /// <summary>The job takes every recording at a URL in the database: each test starts without the others' (the fixture shares one database).</summary>
    [SetUp]
    public Task ForgetOtherTestsRecordingsAtUrlsAsync() =>
        InScopeAsync(sp => sp.GetRequiredService<ApplicationDbContext>().Recordings
            .Where(r => r.File != null && r.File.Location.Contains("://")).ExecuteDeleteAsync());

    [Test]
    public async Task A_recording_at_a_plain_URL_is_copied_into_the_store_then_downloads_through_a_signed_link()
    {
        var content = RandomNumberGenerator.GetBytes(2 * 1024 * 1024 + 7);
        var cdn = await RangeFileServer.StartAsync(content, "/cdn/review.mp4");
        var (owner, ownerId) = await UserAsync("owner");
        var id = await AddMeetingAsync(ownerId, Products.TipJar, "Quarterly review", cdn.Url.ToString(), duration: 90, size: content.Length);

        var first = await CopyAsync();
        var fetched = cdn.RangesRequested.Count;
        var file = await FileOfAsync(id);
        await cdn.DisposeAsync(); // the other host drops the file: the recording no longer needs it

        var download = await owner.Http.GetAsync($"/recordings/download?type=meet&id={id}");
        var signed = PageClient.RedirectTarget(download);
        var bytes = await NewVisitor().Http.GetByteArrayAsync(signed);
        var second = await CopyAsync();

        using (Assert.EnterMultipleScope())
        {
            Assert.That(first.Done, Is.GreaterThanOrEqualTo(1), first.LastError);
            Assert.That(file.Location, Does.StartWith("meet/").And.Not.Contain("://"), "a key of the app's store");
            Assert.That(File.ReadAllBytes(Path.Combine(BlobRoot, file.Location)), Is.EqualTo(content));
            Assert.That(file.SizeBytes, Is.EqualTo(content.Length));
            Assert.That(file.DurationSeconds, Is.EqualTo(90));
            Assert.That(download.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), "a signed link now, not the proxy");
            Assert.That(signed.AbsolutePath, Does.StartWith("/blobs/"));
            Assert.That(bytes, Is.EqualTo(content));
            Assert.That(fetched, Is.EqualTo(1), "one request to the other host");
            Assert.That(second.Done, Is.Zero, "nothing copied twice");
            Assert.That(second.LastError ?? "", Does.Not.Contain(id.ToString()));
        }
    }

    [Test]
    public async Task A_new_egress_after_the_copy_replaces_the_file_and_the_copy_is_deleted()
    {
        var content = RandomNumberGenerator.GetBytes(64 * 1024);
        var cdn = await RangeFileServer.StartAsync(content, "/cdn/standup.mp4");
        var (_, ownerId) = await UserAsync("owner");
        var id = await AddMeetingAsync(ownerId, Products.TipJar, "Standup", cdn.Url.ToString(), duration: 30, size: content.Length);
        Assert.That((await CopyAsync()).Done, Is.GreaterThanOrEqualTo(1));
        var copy = (await FileOfAsync(id)).Location;
        var copyPath = Path.Combine(BlobRoot, copy);
        Assert.That(File.Exists(copyPath), Is.True, "copied into the store");

        // LiveKit delivers a later recording of the same meeting: it replaces the file.
        var outcome = await InScopeAsync(sp => sp.GetRequiredService<IMediator>().Send(
            new RecordEgressCommand(id, "EG_later", "https://recordings.example/standup-2.mp4", 2048, 45, null)));
        await cdn.DisposeAsync();

        using (Assert.EnterMultipleScope())
        {
            Assert.That(outcome, Is.EqualTo(EgressOutcome.Recorded));
            Assert.That((await FileOfAsync(id)).Location, Is.EqualTo("https://recordings.example/standup-2.mp4"));
            Assert.That(File.Exists(copyPath), Is.False, "the earlier copy is nobody's: deleted from the store");
        }
    }

    [Test]
    public async Task A_URL_without_the_file_is_left_as_it_was_and_reported()
    {
        await using var cdn = await RangeFileServer.StartAsync([1, 2, 3], "/cdn/other.mp4");
        var (_, ownerId) = await UserAsync("owner");
        var missing = new Uri(cdn.Url, "/cdn/gone.mp4").ToString();
        var id = await AddMeetingAsync(ownerId, Products.M10, "Lost meeting", missing, size: 3);

        var outcome = await CopyAsync();

        using (Assert.EnterMultipleScope())
        {
            Assert.That((await FileOfAsync(id)).Location, Is.EqualTo(missing), "still the URL: tried again on the next run");
            Assert.That(outcome.Failed, Is.GreaterThanOrEqualTo(1));
            Assert.That(outcome.LastError, Does.Contain(id.ToString()).And.Contain("404"));
        }
    }

    [Test]
    public async Task URLs_that_stay_broken_take_turns_behind_newer_recordings()
    {
        await using var cdn = await RangeFileServer.StartAsync([4, 5, 6, 7], "/cdn/later.mp4");
        var (_, ownerId) = await UserAsync("owner");
        var tries = CopyRemoteRecordingsCommand.AttemptsPerCopy;
        var broken = new List<Guid>();
        for (var i = 0; i < tries; i++)
            broken.Add(await AddMeetingAsync(ownerId, Products.M10, $"Broken link {i}", new Uri(cdn.Url, $"/cdn/never-{i}.mp4").ToString(), size: 4));
        Factory.Clock.Advance(TimeSpan.FromMinutes(1));
        var later = await AddMeetingAsync(ownerId, Products.M10, "Later meeting", cdn.Url.ToString(), size: 4);

        // One copy per run, so at most AttemptsPerCopy tries: the first run spends them on the older links, all broken...
        var first = await CopyOneAsync();
        var firstRunAt = Factory.Clock.GetUtcNow();
        var laterAfterFirst = (await FileOfAsync(later)).Location;
        Factory.Clock.Advance(TimeSpan.FromMinutes(5));
        // ...which then wait behind the recordings not tried yet: the next run copies the newer one.
        var second = await CopyOneAsync();
        var brokenNow = await InScopeAsync(sp => sp.GetRequiredService<ApplicationDbContext>().Recordings.AsNoTracking()
            .Where(r => broken.Contains(r.Id)).Select(r => new { r.File!.Location, r.CopyFailedAt }).ToListAsync());

        using (Assert.EnterMultipleScope())
        {
            Assert.That(first.Done, Is.Zero);
            Assert.That(first.Failed, Is.EqualTo(tries), first.LastError);
            Assert.That(laterAfterFirst, Does.Contain("://"), "not reached by the first run");
            Assert.That(second.Done, Is.EqualTo(1), second.LastError);
            Assert.That((await FileOfAsync(later)).Location, Does.Not.Contain("://"), "copied into the store by the next run");
            Assert.That(brokenNow.Select(r => r.Location), Has.All.Contain("/cdn/never-"), "left at their URLs for a later run");
            Assert.That(brokenNow.Select(r => r.CopyFailedAt), Has.All.EqualTo(firstRunAt), "marked when they failed");
        }
    }

    private Task<JobOutcome> CopyOneAsync() =>
        InScopeAsync(sp => sp.GetRequiredService<IMediator>().Send(new CopyRemoteRecordingsCommand(BatchSize: 1)));

    private Task<JobOutcome> CopyAsync() =>
        InScopeAsync(sp => sp.GetRequiredService<IMediator>().Send(new CopyRemoteRecordingsCommand()));

    private Task<RecordingFile> FileOfAsync(Guid id) =>
        InScopeAsync(async sp => (await sp.GetRequiredService<ApplicationDbContext>().Recordings.AsNoTracking().SingleAsync(r => r.Id == id)).File!);
}
