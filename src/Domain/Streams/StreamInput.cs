namespace Streaming.Domain.Streams;

/// <summary>What a provider's live input sends us about the broadcaster's connection.</summary>
public enum LiveInputEvent
{
    Connected,
    Disconnected,
    Errored,
}

/// <summary>
/// The streaming provider's live input of a class (Cloudflare Stream): its id, where the
/// instructor publishes (WHIP — a secret of the owning instructor) and where viewers play (WHEP),
/// and the last connection event the provider reported. One per class; deleted with the class.
/// </summary>
public class StreamInput
{
    public const int ProviderMaxLength = 20;
    public const int InputIdMaxLength = 100;
    public const int UrlMaxLength = 1000;
    public const int ErrorMaxLength = 500;

    private StreamInput()
    {
    }

    public Guid StreamId { get; private set; }

    /// <summary>The provider that owns the input ("Cloudflare").</summary>
    public string Provider { get; private set; } = default!;

    public string InputId { get; private set; } = default!;

    /// <summary>WHIP URL. A secret: only the owning instructor's broadcast page may show it.</summary>
    public string PublishUrl { get; private set; } = default!;

    /// <summary>WHEP URL for viewers.</summary>
    public string PlaybackUrl { get; private set; } = default!;

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset? LastConnectedAt { get; private set; }

    public DateTimeOffset? LastDisconnectedAt { get; private set; }

    /// <summary>The provider's time of the last event applied; older or repeated events are ignored.</summary>
    public DateTimeOffset? LastEventAt { get; private set; }

    public LiveInputEvent? LastEvent { get; private set; }

    public string? LastError { get; private set; }

    /// <summary>True after the provider reported a disconnect (or error) that no later connect has followed.</summary>
    public bool IsBroadcasterDisconnected => LastEvent is LiveInputEvent.Disconnected or LiveInputEvent.Errored;

    public static StreamInput Create(Guid streamId, string provider, string inputId, string publishUrl, string playbackUrl, DateTimeOffset now)
    {
        if (streamId == Guid.Empty) throw new ArgumentException("A live input belongs to a class.", nameof(streamId));
        ArgumentException.ThrowIfNullOrWhiteSpace(provider);
        ArgumentException.ThrowIfNullOrWhiteSpace(inputId);
        ArgumentException.ThrowIfNullOrWhiteSpace(publishUrl);
        ArgumentException.ThrowIfNullOrWhiteSpace(playbackUrl);
        return new StreamInput
        {
            StreamId = streamId,
            Provider = provider,
            InputId = inputId,
            PublishUrl = publishUrl,
            PlaybackUrl = playbackUrl,
            CreatedAt = now.ToUniversalTime(),
        };
    }

    /// <summary>
    /// Records a connection event that happened at <paramref name="occurredAt"/> (the provider's
    /// clock). Returns false — and changes nothing — for an event that is not newer than the last
    /// one applied: a replayed webhook, or one that arrives after a later event.
    /// </summary>
    public bool Record(LiveInputEvent kind, DateTimeOffset occurredAt, string? error = null)
    {
        // Whole microseconds, as the database keeps them: a replay must compare equal to what was stored.
        occurredAt = occurredAt.ToUniversalTime();
        occurredAt = occurredAt.AddTicks(-(occurredAt.Ticks % 10));
        if (LastEventAt is { } last && occurredAt <= last) return false;
        LastEventAt = occurredAt;
        LastEvent = kind;
        if (kind == LiveInputEvent.Connected)
        {
            LastConnectedAt = occurredAt;
            LastError = null;
        }
        else
        {
            LastDisconnectedAt = occurredAt;
            LastError = kind == LiveInputEvent.Errored
                ? (string.IsNullOrWhiteSpace(error) ? "The streaming service reported an error." : Clip(error.Trim()))
                : null;
        }

        return true;
    }

    private static string Clip(string text) => text.Length <= ErrorMaxLength ? text : text[..ErrorMaxLength];
}
