using System.Text;
using Microsoft.Extensions.Options;
using Streaming.Application.Common.Interfaces;
using Streaming.Application.Live.Common;
using Streaming.Domain.Streams;
using Streaming.Infrastructure.Live.Cloudflare;

namespace Streaming.Infrastructure.IntegrationTests.Live.Cloudflare;

/// <summary>The Cloudflare edge: the <c>cf-webhook-auth</c> secret, then the notification JSON into a <see cref="LiveInputNotification"/>.</summary>
public class CloudflareWebhookReaderTests
{
    private const string Secret = "whsec-reader-test-0123456789";

    private static Task<WebhookReading<LiveInputNotification>> ReadAsync(string body, string? secret = Secret, string configured = Secret)
    {
        var reader = new CloudflareWebhookReader(Options.Create(new LiveOptions { Cloudflare = { WebhookSecret = configured } }));
        return reader.ReadAsync(
            new WebhookRequest(name => name == CloudflareWebhookReader.SecretHeader ? secret : null, Encoding.UTF8.GetBytes(body)), CancellationToken.None);
    }

    private static string Notification(string type = "live_input.connected", string updated = "\"2026-11-21T10:00:00Z\"") =>
        $$"""{"name":"Live Webhook Test","text":"a message","data":{"notification_name":"Stream Live Input","input_id":"0123456789abcdef0123456789abcdef","event_type":"{{type}}","updated_at":{{updated}}},"ts":1795000000}""";

    [Test]
    public async Task A_connected_notification_with_the_secret_is_read_into_a_typed_event()
    {
        var reading = await ReadAsync(Notification());

        Assert.That(reading.Verdict, Is.EqualTo(WebhookVerdict.Accepted), reading.Reason);
        Assert.That(reading.Event, Is.EqualTo(new LiveInputNotification(StreamingProviderKind.Cloudflare, "0123456789abcdef0123456789abcdef",
            LiveInputEvent.Connected, new DateTimeOffset(2026, 11, 21, 10, 0, 0, TimeSpan.Zero), "a message")));
    }

    [Test]
    public async Task Without_updated_at_the_envelope_ts_is_the_time()
    {
        var reading = await ReadAsync(Notification("live_input.errored", "null"));

        Assert.That(reading.Event!.Event, Is.EqualTo(LiveInputEvent.Errored));
        Assert.That(reading.Event.OccurredAt, Is.EqualTo(DateTimeOffset.FromUnixTimeSeconds(1795000000)));
    }

    [TestCase(null, Secret)]
    [TestCase("", Secret)]
    [TestCase("wrong-secret-0123456789abcdef", Secret)]
    [TestCase(Secret, "")]
    public async Task A_missing_or_wrong_secret_or_none_configured_is_unauthorized(string? secret, string configured)
    {
        var reading = await ReadAsync(Notification(), secret, configured);

        Assert.That(reading.Verdict, Is.EqualTo(WebhookVerdict.Unauthorized));
        Assert.That(reading.Reason, Does.Contain(CloudflareWebhookReader.SecretHeader));
        Assert.That(reading.Reason, Does.Not.Contain(Secret), "the secret is never echoed");
    }

    [TestCase("not json")]
    [TestCase("[]")]
    [TestCase("{\"data\":\"x\"}")]
    [TestCase("{\"data\":{\"event_type\":\"live_input.connected\"}}")]
    [TestCase("{\"data\":{\"input_id\":\"abc\"}}")]
    public async Task A_body_that_is_not_a_notification_is_malformed(string body)
    {
        var reading = await ReadAsync(body);

        Assert.That(reading.Verdict, Is.EqualTo(WebhookVerdict.Malformed));
    }

    [Test]
    public async Task Another_event_type_is_ignored()
    {
        var reading = await ReadAsync(Notification("video.ready"));

        Assert.That(reading.Verdict, Is.EqualTo(WebhookVerdict.Ignored));
        Assert.That(reading.Reason, Does.Contain("video.ready"));
    }
}
