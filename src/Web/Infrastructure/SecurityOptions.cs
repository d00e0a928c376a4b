namespace Streaming.Web.Infrastructure;

public sealed class SecurityOptions
{
    public const string Section = "Security";

    /// <summary>Behind HTTPS: secure-only cookies, HSTS and a redirect from http.</summary>
    public bool RequireHttps { get; set; }

    /// <summary>Honour X-Forwarded-For/Proto from a reverse proxy in front of the app.</summary>
    public bool TrustForwardedHeaders { get; set; }
}
