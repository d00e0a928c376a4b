using System.Text;
using Microsoft.Extensions.Options;
using Streaming.Application.Common.Interfaces;
using Streaming.Infrastructure.Recordings.LiveKit;

namespace Streaming.Infrastructure.IntegrationTests.Recordings.LiveKit;

/// <summary>The LiveKit edge: a signed request becomes a <see cref="RecordingFinished"/>, or a clear verdict (never an exception).</summary>
public class LiveKitWebhookReaderTests
{
    private const string Key = "APIkey";
    private const string Secret = "secret-secret-secret";
    private static readonly Guid Room = Guid.Parse("0193a3c4-0000-7000-8000-000000000001");
    private readonly TestClock clock = new();

    private LiveKitWebhookReader Reader() => new(Options.Create(new LiveKitOptions { ApiKey = Key, ApiSecret = Secret }), clock);

    private static string Egress(string status = "EGRESS_COMPLETE", string @event = "egress_ended", string room = "0193a3c4-0000-7000-8000-000000000001") => $$$"""
        {"event":"{{{@event}}}","egressInfo":{"egressId":"EG_1","roomName":"{{{room}}}","status":"{{{status}}}","startedAt":"1893574800000000000",
          "fileResults":[{"location":"https://cdn.example.com/meet/EG_1.mp4","size":"7340032","duration":"300500000000"}]}}
        """;

    private Task<WebhookReading<RecordingFinished>> ReadAsync(string body, string? secret = Secret, string? token = null)
    {
        var bytes = Encoding.UTF8.GetBytes(body);
        var authorization = token ?? (secret is null ? null : LiveKitWebhookVerifier.CreateToken(bytes, Key, secret, clock.GetUtcNow(), TimeSpan.FromMinutes(5)));
        return Reader().ReadAsync(new WebhookRequest(name => name == "Authorization" ? authorization : null, bytes), CancellationToken.None);
    }

    [Test]
    public async Task A_signed_completed_egress_is_read_into_a_typed_event()
    {
        var reading = await ReadAsync(Egress());

        Assert.That(reading.Verdict, Is.EqualTo(WebhookVerdict.Accepted), reading.Reason);
        Assert.That(reading.Event, Is.EqualTo(new RecordingFinished(Room, "EG_1", "https://cdn.example.com/meet/EG_1.mp4", 7340032, 300.5,
            DateTimeOffset.FromUnixTimeSeconds(1893574800))));
    }

    [TestCase("another-secret")]
    [TestCase(null)]
    public async Task A_wrong_or_missing_signature_is_unauthorized_and_the_body_is_not_read(string? secret)
    {
        var reading = await ReadAsync("this is not even json", secret);

        Assert.That(reading.Verdict, Is.EqualTo(WebhookVerdict.Unauthorized));
        Assert.That(reading.Event, Is.Null);
    }

    [TestCase("not json")]
    [TestCase("[]")]
    [TestCase("{}")]
    [TestCase("""{"event":"egress_ended"}""")]
    [TestCase("""{"event":"egress_ended","egressInfo":{"egressId":"EG_1","status":"EGRESS_COMPLETE","fileResults":[{"location":"x","size":"many"}]}}""")]
    [TestCase("""{"event":"egress_ended","egressInfo":{"egressId":"EG_1","roomName":"0193a3c4-0000-7000-8000-000000000001","status":"EGRESS_COMPLETE","fileResults":[{"location":"x","size":"99999999999999999999"}]}}""")]
    public async Task A_signed_body_that_is_not_a_LiveKit_event_is_malformed(string body)
    {
        var reading = await ReadAsync(body);

        Assert.That(reading.Verdict, Is.EqualTo(WebhookVerdict.Malformed), reading.Reason);
    }

    [TestCase("EGRESS_COMPLETE", "room_started", "0193a3c4-0000-7000-8000-000000000001")]
    [TestCase("EGRESS_ACTIVE", "egress_started", "0193a3c4-0000-7000-8000-000000000001")]
    [TestCase("EGRESS_FAILED", "egress_ended", "0193a3c4-0000-7000-8000-000000000001")]
    [TestCase("EGRESS_COMPLETE", "egress_ended", "a-room-of-another-app")]
    public async Task Other_events_failed_egresses_and_foreign_rooms_are_ignored(string status, string @event, string room)
    {
        var reading = await ReadAsync(Egress(status, @event, room));

        Assert.That(reading.Verdict, Is.EqualTo(WebhookVerdict.Ignored));
        Assert.That(reading.Reason, Is.Not.Empty);
    }
}
