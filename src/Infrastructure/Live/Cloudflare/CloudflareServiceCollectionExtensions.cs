using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Streaming.Application.Common.Interfaces;
using Streaming.Application.Live.Common;

namespace Streaming.Infrastructure.Live.Cloudflare;

public static partial class CloudflareServiceCollectionExtensions
{
    /// <summary>Start-up checks of Streaming:Cloudflare:* (only when Streaming:Provider is Cloudflare).</summary>
    public static OptionsBuilder<LiveOptions> ValidateCloudflare(this OptionsBuilder<LiveOptions> builder) =>
        builder
            .Validate(o => o.Provider != StreamingProviderKind.Cloudflare || !string.IsNullOrWhiteSpace(o.Cloudflare.AccountId),
                "Streaming:Cloudflare:AccountId is required when Streaming:Provider is Cloudflare.")
            .Validate(o => o.Provider != StreamingProviderKind.Cloudflare || !string.IsNullOrWhiteSpace(o.Cloudflare.ApiToken),
                "Streaming:Cloudflare:ApiToken is required when Streaming:Provider is Cloudflare.")
            .Validate(o => o.Provider != StreamingProviderKind.Cloudflare || CustomerCode().IsMatch(o.Cloudflare.CustomerCode ?? ""),
                "Streaming:Cloudflare:CustomerCode is required when Streaming:Provider is Cloudflare (letters and digits, from customer-{code}.cloudflarestream.com).")
            .Validate(o => o.Provider != StreamingProviderKind.Cloudflare || (o.Cloudflare.WebhookSecret?.Trim().Length ?? 0) >= 16,
                "Streaming:Cloudflare:WebhookSecret (the secret of Cloudflare's live input notifications, at least 16 characters) is required when Streaming:Provider is Cloudflare.")
            .Validate(o => o.Provider != StreamingProviderKind.Cloudflare
                           || (Uri.TryCreate(o.Cloudflare.BaseUrl, UriKind.Absolute, out var uri) && uri.Scheme is "https" or "http"),
                "Streaming:Cloudflare:BaseUrl must be an absolute http(s) URL.")
            .Validate(o => o.Provider != StreamingProviderKind.Cloudflare || (o.Cloudflare.Timeout > TimeSpan.Zero && o.Cloudflare.Timeout <= TimeSpan.FromMinutes(2)),
                "Streaming:Cloudflare:Timeout must be positive and at most 2 minutes.");

    /// <summary>The Cloudflare Stream adapter as the <see cref="IStreamingProvider"/>.</summary>
    public static IServiceCollection AddCloudflareStreaming(this IServiceCollection services)
    {
        services.AddHttpClient<CloudflareStreamClient>(http => http.Timeout = Timeout.InfiniteTimeSpan) // each call has its own timeout
            // A redirected POST would silently become a GET: never follow one.
            .ConfigurePrimaryHttpMessageHandler(() => new HttpClientHandler { AllowAutoRedirect = false });
        services.AddTransient<IStreamingProvider, CloudflareStreamingProvider>();
        return services;
    }

    [GeneratedRegex("^[A-Za-z0-9]{1,64}$")]
    private static partial Regex CustomerCode();
}
