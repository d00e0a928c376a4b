namespace Streaming.Application.Common.Interfaces;

/// <summary>
/// A webhook request as the web edge received it: its headers (by name, case-insensitive) and its
/// raw body. Only an <see cref="IWebhookReader{TEvent}"/> looks inside; use cases get the typed event.
/// </summary>
public sealed record WebhookRequest(Func<string, string?> Header, byte[] Body);

public enum WebhookVerdict
{
    /// <summary>Authentic and readable: <see cref="WebhookReading{TEvent}.Event"/> is set.</summary>
    Accepted,

    /// <summary>Authentic, but an event this app does not act on (another type, a failed job): acknowledge it.</summary>
    Ignored,

    /// <summary>Missing or wrong signature or secret (or none configured): nothing was read.</summary>
    Unauthorized,

    /// <summary>Authentic, but the body is not what the sender documents.</summary>
    Malformed,
}

/// <param name="Reason">Why it was not accepted, for the log and the problem body (never a secret).</param>
public sealed record WebhookReading<TEvent>(WebhookVerdict Verdict, TEvent? Event, string Reason)
    where TEvent : class
{
    public static WebhookReading<TEvent> Accepted(TEvent value) => new(WebhookVerdict.Accepted, value, "");

    public static WebhookReading<TEvent> Ignored(string reason) => new(WebhookVerdict.Ignored, null, reason);

    public static WebhookReading<TEvent> Unauthorized(string reason) => new(WebhookVerdict.Unauthorized, null, reason);

    public static WebhookReading<TEvent> Malformed(string reason) => new(WebhookVerdict.Malformed, null, reason);
}

/// <summary>
/// Checks a provider's webhook signature and turns its body into a typed event (adapters in
/// Infrastructure know the vendor's headers, JSON and keys). Never throws for bad input.
/// </summary>
public interface IWebhookReader<TEvent>
    where TEvent : class
{
    Task<WebhookReading<TEvent>> ReadAsync(WebhookRequest request, CancellationToken cancellationToken);
}

/// <summary>A meeting's recording finished (LiveKit Egress <c>egress_ended</c>, status complete).</summary>
/// <param name="RoomId">The meeting (the provider's room name is the meeting id).</param>
/// <param name="Location">Where the provider wrote the file: a URL or a storage key.</param>
/// <param name="StartedAt">When the recording started, if the provider says.</param>
public sealed record RecordingFinished(Guid RoomId, string EgressId, string Location, long SizeBytes, double DurationSeconds, DateTimeOffset? StartedAt);

/// <summary>The provider's live input of a class connected, disconnected or failed (Cloudflare <c>live_input.*</c>).</summary>
/// <param name="OccurredAt">When the provider says it happened, if it does.</param>
/// <param name="Error">The provider's message for an error or a disconnect.</param>
public sealed record LiveInputNotification(
    StreamingProviderKind Provider, string InputId, Domain.Streams.LiveInputEvent Event, DateTimeOffset? OccurredAt, string? Error);
