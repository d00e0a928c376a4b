using Streaming.Domain.Live;
using Streaming.Domain.Streams;

namespace Streaming.Web.FunctionalTests.Live;

/// <summary>
/// The broadcast page's chunk upload: in order, idempotent by index, owner only, while live,
/// size-limited — every refusal is a 4xx problem and leaves the stored chunks as they were.
/// </summary>
public class RecordingChunkTests : ReplayTestBase
{
    [Test]
    public async Task Chunks_in_order_are_stored_in_blob_storage_with_their_size_and_hash()
    {
        var owner = await SignUpAsync(instructor: true);
        var stream = await ScheduleAsync(owner.Id, state: StreamStatus.Live);
        var first = Bytes(1000, 1);
        var second = Bytes(2000, 2);

        var r0 = await PostChunkAsync(owner.Visitor, stream.Id, 0, first);
        var r1 = await PostChunkAsync(owner.Visitor, stream.Id, 1, second);

        Assert.That(r0.StatusCode, Is.EqualTo(HttpStatusCode.Created), await r0.Content.ReadAsStringAsync());
        Assert.That(r1.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        Assert.That(await r1.Content.ReadAsStringAsync(), Does.Contain("\"nextIndex\":2"));
        Assert.That(await File.ReadAllBytesAsync(ChunkPath(stream.Id, 0)), Is.EqualTo(first));
        Assert.That(await File.ReadAllBytesAsync(ChunkPath(stream.Id, 1)), Is.EqualTo(second));
        Assert.That(ChunkPath(stream.Id, 1), Does.EndWith($"recordings/live/{stream.Id}/chunks/000001.webm"));
        var chunks = await ChunksAsync(stream.Id);
        Assert.That(chunks.Select(c => (c.Index, c.SizeBytes, c.Sha256)),
            Is.EqualTo(new[] { (0, 1000L, Sha256(first)), (1, 2000L, Sha256(second)) }));
        var recording = await RecordingAsync(stream.Id);
        Assert.That(recording!.ChunkCount, Is.EqualTo(2));
        Assert.That(recording.TotalBytes, Is.EqualTo(3000));
        Assert.That(recording.Status, Is.EqualTo(LiveRecordingStatus.Recording));

        var page = await owner.Visitor.GetAsync($"/instructor/streams/{stream.Id}/broadcast");
        Assert.That(page.Document.QuerySelector("#broadcast")!.GetAttribute("data-recording-next-index"), Is.EqualTo("2"),
            "a reloaded broadcast page continues at the server's next index");
    }

    [Test]
    public async Task The_same_index_again_is_accepted_once_and_different_bytes_for_it_are_refused()
    {
        var owner = await SignUpAsync(instructor: true);
        var stream = await ScheduleAsync(owner.Id, state: StreamStatus.Live);
        var first = Bytes(1500, 3);
        Assert.That((await PostChunkAsync(owner.Visitor, stream.Id, 0, first)).StatusCode, Is.EqualTo(HttpStatusCode.Created));

        var again = await PostChunkAsync(owner.Visitor, stream.Id, 0, first);
        Assert.That(again.StatusCode, Is.EqualTo(HttpStatusCode.OK), "a retry of a stored chunk");

        var different = await PostChunkAsync(owner.Visitor, stream.Id, 0, Bytes(1500, 4));
        Assert.That(different.StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
        Assert.That(different.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
        Assert.That(await different.Content.ReadAsStringAsync(), Does.Contain("different content"));

        Assert.That(await File.ReadAllBytesAsync(ChunkPath(stream.Id, 0)), Is.EqualTo(first), "the stored chunk is unchanged");
        Assert.That((await ChunksAsync(stream.Id)).Select(c => c.Index), Is.EqualTo(new[] { 0 }), "no duplicate row");
        Assert.That((await RecordingAsync(stream.Id))!.ChunkCount, Is.EqualTo(1));
    }

    [Test]
    public async Task An_index_past_the_next_expected_one_is_a_gap()
    {
        var owner = await SignUpAsync(instructor: true);
        var stream = await ScheduleAsync(owner.Id, state: StreamStatus.Live);
        Assert.That((await PostChunkAsync(owner.Visitor, stream.Id, 0, Bytes(100, 5))).StatusCode, Is.EqualTo(HttpStatusCode.Created));

        var gap = await PostChunkAsync(owner.Visitor, stream.Id, 2, Bytes(100, 6));

        Assert.That(gap.StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
        var body = await gap.Content.ReadAsStringAsync();
        Assert.That(body, Does.Contain("Chunk 1 comes next"));
        Assert.That(body, Does.Contain("\"nextIndex\":1"));
        Assert.That(File.Exists(ChunkPath(stream.Id, 2)), Is.False);
        Assert.That((await ChunksAsync(stream.Id)).Count, Is.EqualTo(1));

        var negative = await PostChunkAsync(owner.Visitor, stream.Id, -1, Bytes(100, 6));
        Assert.That((int)negative.StatusCode, Is.InRange(400, 404), "a negative index is not a chunk");
    }

    [Test]
    public async Task Oversized_empty_and_mistyped_chunks_are_refused()
    {
        var owner = await SignUpAsync(instructor: true);
        var stream = await ScheduleAsync(owner.Id, state: StreamStatus.Live);

        var tooLarge = await PostChunkAsync(owner.Visitor, stream.Id, 0, Bytes(MaxChunkBytes + 1, 7));
        Assert.That(tooLarge.StatusCode, Is.EqualTo(HttpStatusCode.RequestEntityTooLarge));
        Assert.That(tooLarge.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
        Assert.That(await tooLarge.Content.ReadAsStringAsync(), Does.Contain("at most"));

        Assert.That((await PostChunkAsync(owner.Visitor, stream.Id, 0, [])).StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That((await PostChunkAsync(owner.Visitor, stream.Id, 0, Bytes(10, 8), "text/plain")).StatusCode, Is.EqualTo(HttpStatusCode.UnsupportedMediaType));

        Assert.That(await ChunksAsync(stream.Id), Is.Empty);
        Assert.That(File.Exists(ChunkPath(stream.Id, 0)), Is.False);
        Assert.That((await PostChunkAsync(owner.Visitor, stream.Id, 0, Bytes(MaxChunkBytes, 9))).StatusCode, Is.EqualTo(HttpStatusCode.Created),
            "exactly the limit is fine");
    }

    [Test]
    public async Task Only_the_owning_instructor_uploads_and_nobody_else_changes_the_chunks()
    {
        var owner = await SignUpAsync(instructor: true);
        var otherInstructor = await SignUpAsync(instructor: true);
        var member = await SignUpAsync();
        var stream = await ScheduleAsync(owner.Id, state: StreamStatus.Live);
        await EnrollDirectlyAsync(stream.Id, member.Id);
        var first = Bytes(500, 10);
        Assert.That((await PostChunkAsync(owner.Visitor, stream.Id, 0, first)).StatusCode, Is.EqualTo(HttpStatusCode.Created));

        foreach (var index in new[] { 0, 1 })
        {
            Assert.That((await PostChunkAsync(otherInstructor.Visitor, stream.Id, index, Bytes(500, 11))).StatusCode, Is.EqualTo(HttpStatusCode.NotFound),
                "another instructor's class");
            Assert.That((await PostChunkAsync(member.Visitor, stream.Id, index, Bytes(500, 12))).StatusCode, Is.EqualTo(HttpStatusCode.NotFound),
                "an enrolled member");
            var anonymous = await PostChunkAsync(NewVisitor(), stream.Id, index, Bytes(500, 13));
            Assert.That(anonymous.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
            Assert.That(anonymous.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
        }

        Assert.That((await PostChunkAsync(owner.Visitor, Guid.NewGuid(), 0, first)).StatusCode, Is.EqualTo(HttpStatusCode.NotFound), "an unknown class");
        Assert.That(await File.ReadAllBytesAsync(ChunkPath(stream.Id, 0)), Is.EqualTo(first));
        Assert.That(File.Exists(ChunkPath(stream.Id, 1)), Is.False);
        Assert.That((await ChunksAsync(stream.Id)).Select(c => c.Sha256), Is.EqualTo(new[] { Sha256(first) }));
    }

    [Test]
    public async Task A_class_that_is_not_live_takes_no_new_chunks()
    {
        var owner = await SignUpAsync(instructor: true);
        var scheduled = await ScheduleAsync(owner.Id);
        var notYet = await PostChunkAsync(owner.Visitor, scheduled.Id, 0, Bytes(100, 14));
        Assert.That(notYet.StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
        Assert.That(await notYet.Content.ReadAsStringAsync(), Does.Contain("not live"));
        Assert.That(await RecordingAsync(scheduled.Id), Is.Null);

        var live = await ScheduleAsync(owner.Id, state: StreamStatus.Live);
        var first = Bytes(100, 15);
        Assert.That((await PostChunkAsync(owner.Visitor, live.Id, 0, first)).StatusCode, Is.EqualTo(HttpStatusCode.Created));
        await ChangeStreamAsync(live.Id, (s, now) => s.End(now, Streaming.Domain.Common.RetentionPolicy.Default));

        Assert.That((await PostChunkAsync(owner.Visitor, live.Id, 1, Bytes(100, 16))).StatusCode, Is.EqualTo(HttpStatusCode.Conflict), "ended");
        Assert.That((await PostChunkAsync(owner.Visitor, live.Id, 0, first)).StatusCode, Is.EqualTo(HttpStatusCode.OK),
            "a late retry of a stored chunk still gets its answer");
        Assert.That((await ChunksAsync(live.Id)).Count, Is.EqualTo(1));
    }
}
