using Streaming.Domain.Streams;

namespace Streaming.Web.FunctionalTests.Live;

/// <summary>
/// The local provider's WHEP relay over real HTTP and SignalR (the broadcaster's page is a test
/// SignalR client here), with a viewer limit of 1.
/// </summary>
public class LocalRelayTests : LiveTestBase
{
    protected override void Configure(StreamingWebFactory factory)
    {
        factory.Settings["Streaming:Local:MaxViewers"] = "1";
        factory.Settings["Streaming:Local:AnswerTimeout"] = "00:00:05";
    }

    [Test]
    [CancelAfter(60_000)]
    public async Task Offer_is_answered_by_the_broadcaster_then_the_class_is_full_until_the_viewer_hangs_up()
    {
        var owner = await SignUpAsync(instructor: true);
        var first = await SignUpAsync();
        var second = await SignUpAsync();
        var stream = await ScheduleAsync(owner.Id, state: StreamStatus.Live);
        await EnrollDirectlyAsync(stream.Id, first.Id);
        await EnrollDirectlyAsync(stream.Id, second.Id);
        var (broadcaster, error) = await TestBroadcaster.ConnectAsync(owner.Visitor.Http, stream.Id, SampleAnswer);
        await using var _ = broadcaster;
        Assert.That(error, Is.Null);

        var answered = await OfferAsync(first, stream.Id);
        Assert.That(answered.StatusCode, Is.EqualTo(HttpStatusCode.Created), await answered.Content.ReadAsStringAsync());
        Assert.That(answered.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/sdp"));
        Assert.That(await answered.Content.ReadAsStringAsync(), Is.EqualTo(SampleAnswer));
        var location = answered.Headers.Location!;
        Assert.That(location.ToString(), Is.EqualTo($"/live/{stream.Id}/whep/{broadcaster.Offers.Single()}"));

        var full = await OfferAsync(second, stream.Id);
        Assert.That(full.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable));
        Assert.That(await full.Content.ReadAsStringAsync(), Does.Contain("full in local mode").And.Contain("at most 1 viewers"));

        // Someone else cannot hang up the first viewer's session.
        Assert.That((await second.Visitor.Http.DeleteAsync(location)).StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That((await first.Visitor.Http.DeleteAsync(location)).StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        Assert.That((await first.Visitor.Http.DeleteAsync(location)).StatusCode, Is.EqualTo(HttpStatusCode.NotFound), "already gone");

        Assert.That((await OfferAsync(second, stream.Id)).StatusCode, Is.EqualTo(HttpStatusCode.Created), "the spot freed up");
    }

    [Test]
    [CancelAfter(60_000)]
    public async Task Another_instructor_cannot_serve_someone_elses_class()
    {
        var owner = await SignUpAsync(instructor: true);
        var otherInstructor = await SignUpAsync(instructor: true);
        var stream = await ScheduleAsync(owner.Id, state: StreamStatus.Live);

        var (broadcaster, error) = await TestBroadcaster.ConnectAsync(otherInstructor.Visitor.Http, stream.Id, SampleAnswer);
        await using var _ = broadcaster;
        Assert.That(error, Does.Contain("No such class"));
    }
}
