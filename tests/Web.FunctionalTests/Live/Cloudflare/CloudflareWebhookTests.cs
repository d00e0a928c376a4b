using System.Text.Json;
using Streaming.Domain.Streams;
using Streaming.TestSupport.Live.Cloudflare;

namespace Streaming.Web.FunctionalTests.Live.Cloudflare;

/// <summary>
/// <c>POST /webhooks/cloudflare/live</c>: the fixed secret in <c>cf-webhook-auth</c>; connected →
/// the class goes Live; disconnected → recorded (the watch page says "reconnecting"); unknown
/// inputs ignored; a replayed event has no second effect.
/// </summary>
public class CloudflareWebhookTests : CloudflareTestBase
{
    private async Task<(User Owner, User Member, Guid Id, string InputId)> ClassWithInputAsync()
    {
        var owner = await SignUpAsync(instructor: true);
        var member = await SignUpAsync();
        var id = CreatedId(await ScheduleThroughFormAsync(owner, $"Webhook class {Guid.NewGuid():N}"[..40]));
        await EnrollDirectlyAsync(id, member.Id);
        return (owner, member, id, (await InputAsync(id))!.InputId);
    }

    private static async Task<string> OutcomeAsync(HttpResponseMessage response)
    {
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("outcome").GetString()!;
    }

    [Test]
    public async Task Connected_makes_the_class_live_and_a_replay_of_it_changes_nothing()
    {
        var (_, _, id, inputId) = await ClassWithInputAsync();

        Assert.That(await OutcomeAsync(await NotifyAsync(FakeCloudflareApi.WebhookSecret, "live_input.connected", inputId)), Is.EqualTo("Applied"));
        var live = await StreamAsync(id);
        Assert.That(live.Status, Is.EqualTo(StreamStatus.Live));
        Assert.That(live.StartedAt, Is.EqualTo(Factory.Clock.Now));
        var input = await InputAsync(id);
        Assert.That(input!.LastEvent, Is.EqualTo(LiveInputEvent.Connected));
        Assert.That(input.LastConnectedAt, Is.EqualTo(new DateTimeOffset(2026, 11, 21, 10, 0, 0, TimeSpan.Zero).AddTicks(1234560)));

        Factory.Clock.Advance(TimeSpan.FromMinutes(3));
        Assert.That(await OutcomeAsync(await NotifyAsync(FakeCloudflareApi.WebhookSecret, "live_input.connected", inputId)), Is.EqualTo("Duplicate"));
        var again = await StreamAsync(id);
        Assert.That(again.StartedAt, Is.EqualTo(live.StartedAt), "the replay did not restart the class");
        Assert.That(again.UpdatedAt, Is.EqualTo(live.UpdatedAt));
    }

    [Test]
    public async Task Disconnect_is_recorded_and_shown_as_reconnecting_and_an_older_event_is_not_applied_after_a_newer_one()
    {
        var (_, member, id, inputId) = await ClassWithInputAsync();
        await NotifyAsync(FakeCloudflareApi.WebhookSecret, "live_input.connected", inputId, "2026-11-21T10:00:00Z");

        Assert.That(await OutcomeAsync(await NotifyAsync(FakeCloudflareApi.WebhookSecret, "live_input.disconnected", inputId, "2026-11-21T10:05:00Z")),
            Is.EqualTo("Applied"));
        var input = await InputAsync(id);
        Assert.That(input!.LastDisconnectedAt, Is.EqualTo(new DateTimeOffset(2026, 11, 21, 10, 5, 0, TimeSpan.Zero)));
        Assert.That((await StreamAsync(id)).Status, Is.EqualTo(StreamStatus.Live), "a drop does not end the class");
        var watch = await member.Visitor.GetAsync($"/streams/{id}/watch");
        Assert.That(watch.Document.QuerySelector("#reconnecting")?.TextContent, Does.Contain("Reconnecting"));

        // The connected event delivered again (late): older than the disconnect, so it changes nothing.
        Assert.That(await OutcomeAsync(await NotifyAsync(FakeCloudflareApi.WebhookSecret, "live_input.connected", inputId, "2026-11-21T10:00:00Z")),
            Is.EqualTo("Duplicate"));
        Assert.That((await InputAsync(id))!.LastEvent, Is.EqualTo(LiveInputEvent.Disconnected));

        await NotifyAsync(FakeCloudflareApi.WebhookSecret, "live_input.errored", inputId, "2026-11-21T10:06:00Z");
        Assert.That((await InputAsync(id))!.LastEvent, Is.EqualTo(LiveInputEvent.Errored));
        Assert.That((await InputAsync(id))!.LastError, Is.Not.Null);

        Assert.That(await OutcomeAsync(await NotifyAsync(FakeCloudflareApi.WebhookSecret, "live_input.connected", inputId, "2026-11-21T10:07:00Z")),
            Is.EqualTo("Applied"));
        watch = await member.Visitor.GetAsync($"/streams/{id}/watch");
        Assert.That(watch.Document.QuerySelector("#reconnecting"), Is.Null, "back on air");
    }

    [TestCase(null)]
    [TestCase("")]
    [TestCase("wrong-secret-0123456789abcdef")]
    [TestCase("whsec-test-0123456789abcde")]
    public async Task A_missing_or_wrong_secret_is_refused_and_changes_nothing(string? secret)
    {
        var (_, _, id, inputId) = await ClassWithInputAsync();

        var response = await NotifyAsync(secret, "live_input.connected", inputId);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
        Assert.That(await response.Content.ReadAsStringAsync(), Does.Contain("cf-webhook-auth"));
        Assert.That((await StreamAsync(id)).Status, Is.EqualTo(StreamStatus.Scheduled));
        Assert.That((await InputAsync(id))!.LastEvent, Is.Null);
    }

    [Test]
    public async Task An_unknown_input_or_event_is_ignored()
    {
        var (_, _, id, inputId) = await ClassWithInputAsync();

        Assert.That(await OutcomeAsync(await NotifyAsync(FakeCloudflareApi.WebhookSecret, "live_input.connected", "0000unknown0000input0000000000ff")),
            Is.EqualTo("UnknownInput"));
        Assert.That(await OutcomeAsync(await NotifyAsync(FakeCloudflareApi.WebhookSecret, "video.ready", inputId)), Is.EqualTo("UnknownEvent"));
        Assert.That((await StreamAsync(id)).Status, Is.EqualTo(StreamStatus.Scheduled));
    }

    [TestCase("not json")]
    [TestCase("[]")]
    [TestCase("{\"data\":{\"event_type\":\"live_input.connected\"}}")]
    [TestCase("{\"data\":\"x\"}")]
    public async Task A_body_that_is_not_a_notification_is_a_400_problem(string body)
    {
        var response = await NotifyRawAsync(FakeCloudflareApi.WebhookSecret, body);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
    }

    [Test]
    public async Task Connected_for_an_ended_class_leaves_it_ended()
    {
        var (owner, _, id, inputId) = await ClassWithInputAsync();
        await ChangeStreamAsync(id, (s, now) =>
        {
            s.GoLive(now);
            s.End(now, Domain.Common.RetentionPolicy.Default);
        });

        Assert.That(await OutcomeAsync(await NotifyAsync(FakeCloudflareApi.WebhookSecret, "live_input.connected", inputId)), Is.EqualTo("Applied"));
        Assert.That((await StreamAsync(id)).Status, Is.EqualTo(StreamStatus.Ended));
        Assert.That(owner, Is.Not.Null);
    }
}
