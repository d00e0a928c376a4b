using Microsoft.Extensions.Caching.StackExchangeRedis;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Streaming.Infrastructure.Redis;

public static class RedisRegistration
{
    /// <summary>
    /// With <c>Redis:Configuration</c>: one <see cref="RedisConnection"/> per instance, the distributed
    /// cache in Redis (shared by every instance) and Redis in the readiness check. Without it: the
    /// distributed cache in this process's memory, which is right for one instance only.
    /// </summary>
    public static IServiceCollection AddRedis(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<RedisSettings>().Bind(configuration.GetSection(RedisSettings.Section))
            .Validate(o => !o.IsEnabled || Parses(o.Configuration), "Redis:Configuration must be a StackExchange.Redis configuration string (host:6379,password=…), or empty for one instance without Redis.")
            .Validate(o => !string.IsNullOrWhiteSpace(o.ChannelPrefix), "Redis:ChannelPrefix must not be empty.")
            .ValidateOnStart();
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<RedisSettings>>().Value);

        // Whether Redis is used decides what is registered, so it is read here; the values through the options.
        var settings = configuration.GetSection(RedisSettings.Section).Get<RedisSettings>() ?? new RedisSettings();
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

    private static bool Parses(string configuration)
    {
        try
        {
            ConfigurationOptions.Parse(configuration);
            return true;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
