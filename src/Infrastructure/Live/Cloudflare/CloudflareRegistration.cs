using System.Net;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using Streaming.Application.Common.Interfaces;
using Streaming.Application.Live.Common;
using Streaming.Infrastructure.Http;

namespace Streaming.Infrastructure.Live.Cloudflare;

public static partial class CloudflareRegistration
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

    /// <summary>
    /// The Cloudflare Stream adapter as the <see cref="IStreamingProvider"/>. Its HttpClient carries the
    /// standard resilience handler with Streaming:Cloudflare:Timeout per attempt; the only retry is one
    /// after a 429 whose Retry-After is at most 2 s (Cloudflare did nothing then). A 5xx or a timeout is
    /// not repeated: creating a live input has no idempotency key, and it might have happened.
    /// </summary>
    public static IServiceCollection AddCloudflareStreaming(this IServiceCollection services)
    {
        services.AddHttpClient<CloudflareStreamClient>(http => http.Timeout = Timeout.InfiniteTimeSpan) // the pipeline times each call
            // A redirected POST would silently become a GET: never follow one.
            .ConfigurePrimaryHttpMessageHandler(() => new HttpClientHandler { AllowAutoRedirect = false })
            .AddStandardResilienceHandler().Configure((options, sp) =>
            {
                var timeout = sp.GetRequiredService<IOptions<LiveOptions>>().Value.Cloudflare.Timeout;
                HttpResilience.Size(options, timeout > TimeSpan.Zero ? timeout : TimeSpan.FromSeconds(10), retries: 1);
                options.Retry.MaxRetryAttempts = 1;
                options.Retry.Delay = TimeSpan.FromSeconds(1); // a 429 without Retry-After
                HttpResilience.CapRetryAfter(options.Retry);
                options.Retry.ShouldHandle = args => ValueTask.FromResult(
                    args.Outcome.Result is { StatusCode: HttpStatusCode.TooManyRequests } response
                    && (response.Headers.RetryAfter?.Delta ?? TimeSpan.FromSeconds(1)) <= HttpResilience.MaxRetryAfter);
            });
        services.AddTransient<IStreamingProvider, CloudflareStreamingProvider>();
        return services;
    }

    [GeneratedRegex("^[A-Za-z0-9]{1,64}$")]
    private static partial Regex CustomerCode();
}
