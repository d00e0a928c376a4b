using System.Globalization;
using System.Security.Claims;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using RedisRateLimiting;
using Streaming.Infrastructure.Redis;

namespace Streaming.Web.Infrastructure.RateLimiting;

/// <summary>
/// ASP.NET Core's rate limiter with two limiters chained on every request: one per client address,
/// one per account, each a sliding window named by the endpoint's <see cref="RateLimitedAttribute"/>
/// policy (endpoints without one are not limited). A refused request gets 429 with Retry-After:
/// the error page for a browser, a problem body for scripts. With <c>Redis:Configuration</c> set the
/// windows are counted in Redis (RedisRateLimiting), so every instance behind a load balancer shares
/// them; without it they live in this instance's memory (one instance).
/// </summary>
public static class RateLimitingSetup
{
    /// <summary>HttpContext.Items key of the TimeSpan after which a refused client may try again.</summary>
    public const string RetryAfterItem = "streaming.retry-after";

    public static IServiceCollection AddAppRateLimiting(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<RateLimitingOptions>().Bind(configuration.GetSection(RateLimitingOptions.Section))
            .Validate(o => RateLimitPolicies.All.Select(o.For).All(r => r.PerIp > 0 && r.PerAccount > 0 && r.Window > TimeSpan.Zero),
                "Every RateLimiting policy needs PerIp > 0, PerAccount > 0 and a positive Window.")
            .ValidateOnStart();
        services.AddRateLimiter(_ => { });
        services.AddSingleton<IConfigureOptions<RateLimiterOptions>, ConfigureLimiter>();
        return services;
    }

    /// <summary>
    /// The per-account limiter reads the email from the posted form; the partition callback is
    /// synchronous, so the form of a limited endpoint is read (asynchronously) before it runs.
    /// </summary>
    public static IApplicationBuilder UseAppRateLimiting(this IApplicationBuilder app)
    {
        app.Use(async (context, next) =>
        {
            if (context.GetEndpoint()?.Metadata.GetMetadata<RateLimitedAttribute>() is { AccountField: not null }
                && HttpMethods.IsPost(context.Request.Method) && context.Request.HasFormContentType)
                await context.Request.ReadFormAsync(context.RequestAborted);
            await next(context);
        });
        return app.UseRateLimiter();
    }

    private sealed class ConfigureLimiter(IOptions<RateLimitingOptions> limits, IServiceProvider services) : IConfigureOptions<RateLimiterOptions>
    {
        public void Configure(RateLimiterOptions options)
        {
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            options.GlobalLimiter = PartitionedRateLimiter.CreateChained(
                PartitionedRateLimiter.Create<HttpContext, string>(context => Partition(context, byAccount: false)),
                PartitionedRateLimiter.Create<HttpContext, string>(context => Partition(context, byAccount: true)));
            options.OnRejected = OnRejectedAsync;
        }

        private RateLimitPartition<string> Partition(HttpContext context, bool byAccount)
        {
            var limited = context.GetEndpoint()?.Metadata.GetMetadata<RateLimitedAttribute>();
            // What a form or a script sends (POST, and a WHEP session's PATCH); pages (GET) are not counted.
            if (!limits.Value.Enabled || limited is null || !(HttpMethods.IsPost(context.Request.Method) || HttpMethods.IsPatch(context.Request.Method)))
                return RateLimitPartition.GetNoLimiter("");

            var rule = limits.Value.For(limited.Policy);
            var key = byAccount ? Account(context, limited) : context.Connection.RemoteIpAddress?.ToString() ?? "unknown";
            if (string.IsNullOrEmpty(key)) return RateLimitPartition.GetNoLimiter("");
            var partition = $"{limited.Policy}|{(byAccount ? "account" : "ip")}|{key}";
            if (services.GetService<RedisConnection>() is { } redis)
            {
                return RedisRateLimitPartition.GetSlidingWindowRateLimiter(redis.Key($"rate-limit:{partition}"), _ => new RedisSlidingWindowRateLimiterOptions
                {
                    PermitLimit = byAccount ? rule.PerAccount : rule.PerIp,
                    Window = rule.Window,
                    ConnectionMultiplexerFactory = () => redis.Multiplexer,
                });
            }

            return RateLimitPartition.GetSlidingWindowLimiter(partition, _ => new SlidingWindowRateLimiterOptions
            {
                PermitLimit = byAccount ? rule.PerAccount : rule.PerIp,
                Window = rule.Window,
                SegmentsPerWindow = 5,
                QueueLimit = 0,
                AutoReplenishment = true,
            });
        }

        private static string? Account(HttpContext context, RateLimitedAttribute limited) =>
            limited.AccountField is { } field
                ? context.Request.HasFormContentType ? context.Request.Form[field].ToString().Trim().ToUpperInvariant() : null
                : context.User.FindFirstValue(ClaimTypes.NameIdentifier);
    }

    private static async ValueTask OnRejectedAsync(OnRejectedContext rejected, CancellationToken cancellationToken)
    {
        var context = rejected.HttpContext;
        var retryAfter = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromMinutes(1);
        context.Items[RetryAfterItem] = retryAfter;
        context.Response.Headers.RetryAfter = ((int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("Streaming.RateLimiting")
            .LogWarning("Rate limit: {Method} {Path} from {Address} refused", context.Request.Method, context.Request.Path, context.Connection.RemoteIpAddress);

        // Browsers get the 429 page (the status-code page re-executes /error/429); scripts a problem body.
        if (context.Request.Headers.Accept.Any(a => a?.Contains("text/html", StringComparison.OrdinalIgnoreCase) == true)) return;
        var problem = new ProblemDetails
        {
            Status = StatusCodes.Status429TooManyRequests,
            Title = "Too many requests",
            Detail = Models.ErrorViewModel.TryAgainIn(retryAfter),
        };
        context.Response.ContentType = "application/problem+json";
        await context.Response.WriteAsJsonAsync(problem, (System.Text.Json.JsonSerializerOptions?)null, "application/problem+json", cancellationToken);
    }
}
