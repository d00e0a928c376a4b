using Microsoft.AspNetCore.OutputCaching;
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
    public const string Section = "Catalog:OutputCacheSeconds";

    public static readonly TimeSpan Window = TimeSpan.FromSeconds(5);

    // Cookies that do not change the page (the browser's zone is part of the key); any other
    // cookie — a stale sign-in, a flash message in TempData — gets the page rendered afresh.
    private static readonly string[] NeutralCookies = [VisitorTimeZone.CookieName, "streaming.af"];

    public static IServiceCollection AddCatalogOutputCache(this IServiceCollection services, IConfiguration configuration)
    {
        var seconds = configuration.GetValue<double?>(Section) ?? Window.TotalSeconds;
        var window = TimeSpan.FromSeconds(seconds);
        services.AddOutputCache(options =>
        {
            options.AddPolicy(Policy, policy => policy
                .With(context => seconds > 0 && OnlyNeutralCookies(context.HttpContext.Request))
                .SetVaryByQuery("*")
                .VaryByValue(context => new KeyValuePair<string, string>(VisitorTimeZone.CookieName, context.Request.Cookies[VisitorTimeZone.CookieName] ?? ""))
                .VaryByValue(context => new KeyValuePair<string, string>("window", ClockWindow(context, window)))
                .Expire(window > TimeSpan.Zero ? window : TimeSpan.FromSeconds(1))
                .Tag(Tag));
        });

        // Several instances share one store, so a class changed through one drops every copy.
        var redis = configuration.GetSection(RedisSettings.Section).Get<RedisSettings>() ?? new RedisSettings();
        if (redis.IsEnabled)
        {
            services.AddStackExchangeRedisOutputCache(options =>
            {
                options.Configuration = redis.Configuration;
                options.InstanceName = redis.ChannelPrefix + ":output-cache:";
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

public sealed class OutputCacheCatalogCache(IOutputCacheStore store) : ICatalogCache
{
    public ValueTask EvictAsync(CancellationToken cancellationToken) => store.EvictByTagAsync(CatalogOutputCache.Tag, cancellationToken);
}
