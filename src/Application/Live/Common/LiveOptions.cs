using Streaming.Application.Common.Interfaces;

namespace Streaming.Application.Live.Common;

/// <summary>The <c>Streaming</c> configuration section.</summary>
public sealed class LiveOptions
{
    public const string Section = "Streaming";

    public StreamingProviderKind Provider { get; set; } = StreamingProviderKind.Local;

    public LocalStreamingOptions Local { get; set; } = new();

    public CloudflareStreamingOptions Cloudflare { get; set; } = new();
}

public sealed class LocalStreamingOptions
{
    /// <summary>Viewers one broadcaster's browser serves at once (each is its own peer connection and upload).</summary>
    public int MaxViewers { get; set; } = 20;

    /// <summary>How long a viewer's WHEP offer waits for the broadcaster's page to answer.</summary>
    public TimeSpan AnswerTimeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>
    /// STUN and TURN servers the instructor's and the viewers' browsers use to reach each other
    /// across NATs (each an <c>RTCIceServer</c>). None: direct connections only, which work when the
    /// viewer can reach the instructor's machine (the same network, or a public address).
    /// </summary>
    public List<IceServerOptions> IceServers { get; set; } = [];

    /// <summary>
    /// The TURN server's shared secret (coturn's <c>static-auth-secret</c>): a TURN entry without a
    /// username gets credentials per user that expire after <see cref="TurnCredentialLifetime"/>
    /// (the TURN REST API scheme), so no lasting password reaches the browsers.
    /// </summary>
    public string? TurnSecret { get; set; }

    public TimeSpan TurnCredentialLifetime { get; set; } = TimeSpan.FromHours(12);
}

/// <summary>One <c>Streaming:Local:IceServers</c> entry: its <c>stun:</c>/<c>turn:</c> URLs and, for TURN, fixed credentials or none (then <see cref="LocalStreamingOptions.TurnSecret"/>).</summary>
public sealed class IceServerOptions
{
    public List<string> Urls { get; set; } = [];

    public string? Username { get; set; }

    public string? Credential { get; set; }

    public bool IsTurn => Urls.Any(IsTurnUrl);

    public static bool IsTurnUrl(string url) =>
        url.StartsWith("turn:", StringComparison.OrdinalIgnoreCase) || url.StartsWith("turns:", StringComparison.OrdinalIgnoreCase);
}

/// <summary><c>Streaming:Cloudflare</c>: Cloudflare Stream live inputs (used when Streaming:Provider is Cloudflare).</summary>
public sealed class CloudflareStreamingOptions
{
    public string AccountId { get; set; } = "";

    /// <summary>An API token with Stream:Edit permission (sent as <c>Authorization: Bearer</c>).</summary>
    public string ApiToken { get; set; } = "";

    /// <summary>The customer code of <c>customer-{code}.cloudflarestream.com</c>, where the WHIP and WHEP URLs live.</summary>
    public string CustomerCode { get; set; } = "";

    /// <summary>The fixed secret Cloudflare sends in <c>cf-webhook-auth</c> with live input notifications.</summary>
    public string WebhookSecret { get; set; } = "";

    public string BaseUrl { get; set; } = "https://api.cloudflare.com/client/v4/";

    /// <summary>How long one call to Cloudflare's API may take.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The origin the browser talks WHIP/WHEP to (for the Content Security Policy).</summary>
    public string MediaOrigin => $"https://customer-{CustomerCode}.cloudflarestream.com";
}
