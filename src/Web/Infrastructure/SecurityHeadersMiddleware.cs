using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;
using Streaming.Application.Common.Interfaces;
using Streaming.Application.Live.Common;

namespace Streaming.Web.Infrastructure;

/// <summary>
/// Security headers on every response. Scripts and styles come only from this app (no inline
/// script); camera and microphone are allowed for this origin because instructors broadcast
/// from the browser; WebSockets carry SignalR. With Streaming:Provider = Cloudflare, the browser
/// also talks WHIP/WHEP to <c>https://customer-{code}.cloudflarestream.com</c> (connect-src only).
/// </summary>
public sealed class SecurityHeadersMiddleware(RequestDelegate next, IOptions<LiveOptions> live, IConfiguration configuration)
{
    public const string ContentSecurityPolicy =
        "default-src 'self'; " +
        "script-src 'self'; " +
        "style-src 'self'; " +
        "img-src 'self' data: blob:; " +
        "media-src 'self' blob:; " +
        "font-src 'self'; " +
        "connect-src 'self' ws: wss:; " +
        "object-src 'none'; " +
        "base-uri 'self'; " +
        "form-action 'self'; " +
        "frame-ancestors 'none'";

    // Replays play from presigned S3 URLs on the bucket's host when recordings live in S3.
    private readonly string policy = WithFormActions(
        WithMediaSources(PolicyFor(live.Value), StorageMediaOrigins(configuration)), [.. ExternalSignInOrigins(configuration), .. PaymentFormOrigins(configuration)]);

    /// <summary>
    /// "Continue with Apple/Google" and "Buy" (with Stripe) post forms whose answer redirects to the
    /// provider; browsers hold such redirects to form-action, so those origins are added to it.
    /// </summary>
    public static string WithFormActions(string policy, IReadOnlyCollection<string> origins) =>
        origins.Count == 0 ? policy : policy.Replace("form-action 'self';", $"form-action 'self' {string.Join(' ', origins)};", StringComparison.Ordinal);

    /// <summary>The origins of the configured providers' authorize pages (Authentication:Apple:Authority, Authentication:Google:AuthorizationEndpoint).</summary>
    public static IReadOnlyCollection<string> ExternalSignInOrigins(IConfiguration configuration)
    {
        var origins = new List<string>();
        if (!string.IsNullOrWhiteSpace(configuration["Authentication:Apple:ClientId"]))
            origins.Add(Origin(configuration["Authentication:Apple:Authority"], "https://appleid.apple.com"));
        if (!string.IsNullOrWhiteSpace(configuration["Authentication:Google:ClientId"]))
            origins.Add(Origin(configuration["Authentication:Google:AuthorizationEndpoint"], "https://accounts.google.com"));
        return origins.Distinct().ToList();
    }

    private static string Origin(string? url, string fallback) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) ? uri.GetLeftPart(UriPartial.Authority) : fallback;

    /// <summary>Stripe Checkout's origin when Stripe takes the payments (Payments:Provider=Stripe).</summary>
    public static IReadOnlyCollection<string> PaymentFormOrigins(IConfiguration configuration) =>
        string.Equals(configuration["Payments:Provider"], "Stripe", StringComparison.OrdinalIgnoreCase) ? ["https://checkout.stripe.com"] : [];

    public static string WithMediaSources(string policy, IReadOnlyCollection<string> origins) =>
        origins.Count == 0 ? policy : policy.Replace("media-src 'self' blob:;", $"media-src 'self' blob: {string.Join(' ', origins)};", StringComparison.Ordinal);

    /// <summary>Where presigned S3 URLs point (Storage:Provider = S3), from the Storage:S3 settings; none for the local folder.</summary>
    public static IReadOnlyCollection<string> StorageMediaOrigins(IConfiguration configuration)
    {
        if (!string.Equals(configuration["Storage:Provider"], "S3", StringComparison.OrdinalIgnoreCase)) return [];
        var bucket = configuration["Storage:S3:Bucket"] ?? "";
        var region = configuration["Storage:S3:Region"] is { Length: > 0 } r ? r : "us-east-1";
        var pathStyle = configuration.GetValue("Storage:S3:ForcePathStyle", false);
        if (configuration["Storage:S3:ServiceUrl"] is { Length: > 0 } serviceUrl && Uri.TryCreate(serviceUrl, UriKind.Absolute, out var service))
        {
            var origin = service.GetLeftPart(UriPartial.Authority);
            return pathStyle || bucket.Length == 0 ? [origin] : [origin, $"{service.Scheme}://{bucket}.{service.Authority}"];
        }

        if (bucket.Length == 0) return [];
        return pathStyle
            ? [$"https://s3.{region}.amazonaws.com", "https://s3.amazonaws.com"]
            : [$"https://{bucket}.s3.{region}.amazonaws.com", $"https://{bucket}.s3.amazonaws.com"];
    }

    /// <summary>The policy, with the Cloudflare Stream origin added to connect-src when Cloudflare is the provider.</summary>
    public static string PolicyFor(LiveOptions live) =>
        live.Provider == StreamingProviderKind.Cloudflare && !string.IsNullOrWhiteSpace(live.Cloudflare.CustomerCode)
            ? ContentSecurityPolicy.Replace("connect-src 'self' ws: wss:;", $"connect-src 'self' ws: wss: {live.Cloudflare.MediaOrigin};", StringComparison.Ordinal)
            : ContentSecurityPolicy;

    public Task InvokeAsync(HttpContext context)
    {
        context.Response.OnStarting(() =>
        {
            var headers = context.Response.Headers;
            headers.ContentSecurityPolicy = policy;
            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "DENY";
            headers["Referrer-Policy"] = "strict-origin-when-cross-origin";
            headers["Permissions-Policy"] = "camera=(self), microphone=(self), geolocation=(), payment=()";
            headers["Cross-Origin-Opener-Policy"] = "same-origin";
            // Anything shown to a signed-in member is theirs alone: no browser or proxy keeps a copy
            // (static files are served before authentication and keep their own caching).
            if (!headers.ContainsKey(HeaderNames.CacheControl) && context.User.Identity?.IsAuthenticated == true)
                headers.CacheControl = "no-store";
            return Task.CompletedTask;
        });
        return next(context);
    }
}
