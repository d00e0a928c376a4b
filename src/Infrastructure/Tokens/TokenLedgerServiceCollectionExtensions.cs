using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using Streaming.Application.Common.Interfaces;
using Streaming.Application.Common.Options;
using Streaming.Infrastructure.Http;

namespace Streaming.Infrastructure.Tokens;

public static class TokenLedgerServiceCollectionExtensions
{
    /// <summary>
    /// The external token service as the <see cref="ITokenLedger"/>, behind the standard resilience
    /// handler sized from Tokens:Http (per-attempt timeout, retries). Only what is safe to repeat is
    /// retried — reads, and writes that carry their Idempotency-Key — and only on network errors,
    /// timeouts, 408, 429 (honouring Retry-After up to 2 s) and 5xx, never on another 4xx.
    /// </summary>
    public static IHttpClientBuilder AddHttpTokenLedger(this IServiceCollection services)
    {
        services.TryAddScoped<ILedgerAccountIds, LedgerAccountIds>();
        var client = services.AddHttpClient<ITokenLedger, HttpTokenLedger>(http => http.Timeout = Timeout.InfiniteTimeSpan)
            // A redirected POST would silently become a GET: never follow one.
            .ConfigurePrimaryHttpMessageHandler(() => new HttpClientHandler { AllowAutoRedirect = false });
        client.AddStandardResilienceHandler().Configure((options, sp) =>
        {
            var settings = sp.GetRequiredService<IOptions<TokenOptions>>().Value.Http;
            var retries = Math.Max(0, settings.Retries);
            HttpResilience.Size(options, settings.Timeout, retries);
            options.Retry.MaxRetryAttempts = Math.Max(1, retries);
            options.Retry.Delay = TimeSpan.FromMilliseconds(100);
            options.Retry.BackoffType = Polly.DelayBackoffType.Exponential;
            HttpResilience.CapRetryAfter(options.Retry);
            options.Retry.ShouldHandle = args => ValueTask.FromResult(
                retries > 0
                && HttpClientResiliencePredicates.IsTransient(args.Outcome)
                && HttpResilience.IsSafeToRepeat(HttpResilience.Request(args.Context)));
        });
        return client;
    }
}
