using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using Streaming.Application.Common.Interfaces;
using Streaming.Application.Common.Options;
using Streaming.Infrastructure.Http;

namespace Streaming.Infrastructure.Tokens;

public static class TokensRegistration
{
    /// <summary>The token ledger chosen by Tokens:Provider: the built-in one in PostgreSQL, or the external token service (Tokens:Http).</summary>
    public static IServiceCollection AddTokens(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<TokenOptions>().Bind(configuration.GetSection(TokenOptions.Section))
            .Validate(o => o.Provider != TokenProvider.Http || Uri.TryCreate(o.Http.BaseUrl, UriKind.Absolute, out _),
                "Tokens:Http:BaseUrl must be an absolute URL when Tokens:Provider is Http.")
            .Validate(o => o.Http.Timeout > TimeSpan.Zero && o.Http.Retries is >= 0 and <= 5,
                "Tokens:Http:Timeout must be positive and Tokens:Http:Retries between 0 and 5.")
            .ValidateOnStart();

        // The provider decides what is registered, so it is read here; every value is read through the options.
        var provider = configuration.GetSection(TokenOptions.Section).Get<TokenOptions>()?.Provider ?? TokenProvider.BuiltIn;
        if (provider == TokenProvider.Http)
            services.AddHttpTokenLedger();
        else
            services.AddScoped<ITokenLedger, BuiltInTokenLedger>();
        return services;
    }

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
