using Microsoft.AspNetCore.OutputCaching;
using Microsoft.AspNetCore.OutputCaching.StackExchangeRedis;
using Microsoft.Extensions.Options;
using Streaming.Application.Common.Interfaces;
using Streaming.Infrastructure.Redis;

namespace Streaming.Web.Infrastructure;

/// <summary>
/// The anonymous catalog is the busiest page and the same for every visitor in one time zone:
/// ASP.NET Core's output cache answers it without MVC or the database. A copy is dropped (tag
/// <see cref="Tag"/>) as soon as a class changes (<c>CatalogChangesInterceptor</c>), and is
/// keyed by a window of the app's clock, so a class whose time is over leaves the list within
/// <see cref="Window"/> even though no save touched it.
/// </summary>
public static class CatalogOutputCache
{
    public const string Policy = "catalog";
    public const string Tag = "catalog";
    public static readonly TimeSpan Window = TimeSpan.FromSeconds(5);

    // Cookies that do not change the page (the browser's zone is part of the key); any other
    // cookie — a stale sign-in, a flash message in TempData — gets the page rendered afresh.
    private static readonly string[] NeutralCookies = [VisitorTimeZone.CookieName, "streaming.af"];

    public static IServiceCollection AddCatalogOutputCache(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<CatalogCacheOptions>().Bind(configuration.GetSection(CatalogCacheOptions.Section))
            .Validate(o => o.OutputCacheSeconds >= 0, "Catalog:OutputCacheSeconds must not be negative (0 switches the cache off).")
            .ValidateOnStart();
        services.AddOutputCache();
        services.AddOptions<OutputCacheOptions>().Configure<IOptions<CatalogCacheOptions>>((options, catalog) =>
        {
            var seconds = catalog.Value.OutputCacheSeconds;
            var window = TimeSpan.FromSeconds(Math.Max(0, seconds));
            options.AddPolicy(Policy, policy => policy
                .With(context => seconds > 0 && OnlyNeutralCookies(context.HttpContext.Request))
                .SetVaryByQuery("*")
                .VaryByValue(context => new KeyValuePair<string, string>(VisitorTimeZone.CookieName, context.Request.Cookies[VisitorTimeZone.CookieName] ?? ""))
                .VaryByValue(context => new KeyValuePair<string, string>("window", ClockWindow(context, window)))
                .Expire(window > TimeSpan.Zero ? window : TimeSpan.FromSeconds(1))
                .Tag(Tag));
        });

        // Several instances share one store, so a class changed through one drops every copy. Whether
        // Redis is used decides what is registered, so it is read here (validated in AddRedis).
        var redis = configuration.GetSection(RedisSettings.Section).Get<RedisSettings>() ?? new RedisSettings();
        if (redis.IsEnabled)
        {
            // On the app's one Redis connection (RedisConnection), as the distributed cache, rate limits and SignalR.
            services.AddStackExchangeRedisOutputCache(_ => { });
            services.AddOptions<RedisOutputCacheOptions>().Configure<RedisConnection>((options, connection) =>
            {
                options.InstanceName = connection.Key("output-cache:");
                options.ConnectionMultiplexerFactory = connection.ConnectionAsync;
            });
        }

        services.AddSingleton<ICatalogCache, OutputCacheCatalogCache>();
        return services;
    }

    private static bool OnlyNeutralCookies(HttpRequest request) => request.Cookies.Keys.All(NeutralCookies.Contains);

    private static string ClockWindow(HttpContext context, TimeSpan window)
    {
        var now = context.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow();
        return window > TimeSpan.Zero ? (now.Ticks / window.Ticks).ToString() : "";
    }
}

/// <summary>The anonymous catalog's output cache (section "Catalog").</summary>
public sealed class CatalogCacheOptions
{
    public const string Section = "Catalog";

    /// <summary>How long a copy may be served; 0 switches the cache off.</summary>
    public double OutputCacheSeconds { get; set; } = CatalogOutputCache.Window.TotalSeconds;
}

public sealed class OutputCacheCatalogCache(IOutputCacheStore store) : ICatalogCache
{
    public ValueTask EvictAsync(CancellationToken cancellationToken) => store.EvictByTagAsync(CatalogOutputCache.Tag, cancellationToken);
}
