using Microsoft.Extensions.Caching.StackExchangeRedis;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Streaming.Infrastructure.Redis;

public static class RedisServiceCollectionExtensions
{
    /// <summary>
    /// With <c>Redis:Configuration</c>: one <see cref="RedisConnection"/> per instance, the distributed
    /// cache in Redis (shared by every instance) and Redis in the readiness check. Without it: the
    /// distributed cache in this process's memory, which is right for one instance only.
    /// </summary>
    public static IServiceCollection AddRedis(this IServiceCollection services, IConfiguration configuration)
    {
        var settings = configuration.GetSection(RedisSettings.Section).Get<RedisSettings>() ?? new RedisSettings();
        services.AddSingleton(settings);
        if (!settings.IsEnabled)
        {
            services.AddDistributedMemoryCache();
            return services;
        }

        services.AddSingleton<RedisConnection>();
        services.AddStackExchangeRedisCache(_ => { });
        services.AddOptions<RedisCacheOptions>().Configure<RedisConnection>((options, redis) =>
        {
            options.InstanceName = redis.Key("cache:");
            options.ConnectionMultiplexerFactory = redis.ConnectionAsync;
        });
        services.AddHealthChecks().AddRedis(sp => sp.GetRequiredService<RedisConnection>().Multiplexer, "redis", tags: [HealthTags.Ready]);
        return services;
    }
}
