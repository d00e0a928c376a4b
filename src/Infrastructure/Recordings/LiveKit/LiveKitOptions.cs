namespace Streaming.Infrastructure.Recordings.LiveKit;

/// <summary>The <c>LiveKit</c> configuration section (Egress webhooks).</summary>
public sealed class LiveKitOptions
{
    public const string Section = "LiveKit";

    public string ApiKey { get; set; } = "";

    public string ApiSecret { get; set; } = "";

    /// <summary>Clock skew allowed on the webhook token's times.</summary>
    public TimeSpan ClockSkew { get; set; } = TimeSpan.FromSeconds(30);
}
