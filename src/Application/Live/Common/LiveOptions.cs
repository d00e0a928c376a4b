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
