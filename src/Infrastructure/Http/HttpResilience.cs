using Microsoft.Extensions.Http.Resilience;
using Polly;

namespace Streaming.Infrastructure.Http;

/// <summary>What the app's HTTP clients share about retrying (Microsoft.Extensions.Http.Resilience).</summary>
internal static class HttpResilience
{
    /// <summary>The longest Retry-After the app waits for inside a user's request; a longer one is cut short.</summary>
    public static readonly TimeSpan MaxRetryAfter = TimeSpan.FromSeconds(2);

    /// <summary>
    /// Whether sending the request again cannot do the work twice: an idempotent method, or a write
    /// carrying an <c>Idempotency-Key</c> (the server answers a repeat with the first result).
    /// </summary>
    public static bool IsSafeToRepeat(HttpRequestMessage? request) =>
        request is not null
        && (request.Method == HttpMethod.Get || request.Method == HttpMethod.Head || request.Method == HttpMethod.Options
            || request.Method == HttpMethod.Put || request.Method == HttpMethod.Delete
            || request.Headers.Contains("Idempotency-Key"));

    /// <summary>
    /// Sizes the standard pipeline around one attempt's timeout: the total covers every attempt and
    /// wait, and the circuit breaker samples at least two attempts (the library's own rule).
    /// </summary>
    public static void Size(HttpStandardResilienceOptions options, TimeSpan attemptTimeout, int retries)
    {
        options.AttemptTimeout.Timeout = attemptTimeout;
        options.TotalRequestTimeout.Timeout = attemptTimeout * (retries + 1) + MaxRetryAfter * retries + TimeSpan.FromSeconds(1);
        var sampling = attemptTimeout * 2 + TimeSpan.FromSeconds(1);
        options.CircuitBreaker.SamplingDuration = sampling > options.CircuitBreaker.SamplingDuration ? sampling : options.CircuitBreaker.SamplingDuration;
    }

    /// <summary>Honours Retry-After (parsed by the library), but never longer than <see cref="MaxRetryAfter"/>.</summary>
    public static void CapRetryAfter(HttpRetryStrategyOptions retry)
    {
        retry.ShouldRetryAfterHeader = true;
        var fromHeader = retry.DelayGenerator;
        if (fromHeader is null) return;
        retry.DelayGenerator = async args =>
            await fromHeader(args) is { } delay ? (delay < MaxRetryAfter ? delay : MaxRetryAfter) : null;
    }

    /// <summary>The request a retry predicate is deciding about.</summary>
    public static HttpRequestMessage? Request(ResilienceContext context) => context.GetRequestMessage();
}
