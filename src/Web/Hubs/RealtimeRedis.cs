using StackExchange.Redis;

namespace Streaming.Web.Hubs;

/// <summary>The <c>Redis</c> configuration section: SignalR across app instances.</summary>
public sealed class RedisSettings
{
    public const string Section = "Redis";

    /// <summary>A StackExchange.Redis configuration string ("host:6379,password=…"); empty: one instance, no Redis.</summary>
    public string Configuration { get; set; } = "";

    /// <summary>Put before every channel name, so several apps (or test runs) can share one Redis.</summary>
    public string ChannelPrefix { get; set; } = "streaming";

    public bool IsEnabled => !string.IsNullOrWhiteSpace(Configuration);
}

/// <summary>
/// This instance's own Redis connection for the local provider's signalling (the SignalR
/// backplane keeps its own). Connects on first use, reconnects by itself.
/// </summary>
public sealed class RealtimeRedis(RedisSettings settings) : IAsyncDisposable
{
    // Not aborting when Redis is down at the first call: the multiplexer keeps retrying, and the
    // calls made meanwhile fail (the viewer's player retries) instead of the app caching the failure.
    private readonly Lazy<Task<ConnectionMultiplexer>> _connection = new(() =>
    {
        var options = ConfigurationOptions.Parse(settings.Configuration);
        options.AbortOnConnectFail = false;
        return ConnectionMultiplexer.ConnectAsync(options);
    });

    public async Task<IConnectionMultiplexer> ConnectionAsync() => await _connection.Value;

    public RedisChannel Channel(string name) => RedisChannel.Literal($"{settings.ChannelPrefix}:{name}");

    public async ValueTask DisposeAsync()
    {
        if (_connection.IsValueCreated && _connection.Value.IsCompletedSuccessfully) await (await _connection.Value).DisposeAsync();
    }
}
