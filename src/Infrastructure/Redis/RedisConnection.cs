using StackExchange.Redis;

namespace Streaming.Infrastructure.Redis;

/// <summary>The <c>Redis</c> configuration section: what several app instances share through Redis.</summary>
public sealed class RedisSettings
{
    public const string Section = "Redis";

    /// <summary>A StackExchange.Redis configuration string ("host:6379,password=…"); empty: one instance, no Redis.</summary>
    public string Configuration { get; set; } = "";

    /// <summary>Put before every channel and key name, so several apps (or test runs) can share one Redis.</summary>
    public string ChannelPrefix { get; set; } = "streaming";

    public bool IsEnabled => !string.IsNullOrWhiteSpace(Configuration);
}

/// <summary>
/// This instance's own Redis connection (the SignalR backplane keeps its own): the local provider's
/// signalling, the shared rate-limit counters, the distributed cache and the readiness check.
/// Connects on first use and reconnects by itself.
/// </summary>
public sealed class RedisConnection(RedisSettings settings) : IAsyncDisposable
{
    // Not aborting when Redis is down at the first call: the multiplexer keeps retrying, and the
    // calls made meanwhile fail (and are retried by their callers) instead of the app caching the failure.
    private readonly Lazy<ConnectionMultiplexer> _connection = new(() =>
    {
        var options = ConfigurationOptions.Parse(settings.Configuration);
        options.AbortOnConnectFail = false;
        return ConnectionMultiplexer.Connect(options);
    });

    public RedisSettings Settings => settings;

    public IConnectionMultiplexer Multiplexer => _connection.Value;

    public Task<IConnectionMultiplexer> ConnectionAsync() =>
        _connection.IsValueCreated ? Task.FromResult<IConnectionMultiplexer>(_connection.Value) : Task.Run<IConnectionMultiplexer>(() => _connection.Value);

    public RedisChannel Channel(string name) => RedisChannel.Literal($"{settings.ChannelPrefix}:{name}");

    /// <summary>A key of this app in a Redis that other apps may share.</summary>
    public string Key(string name) => $"{settings.ChannelPrefix}:{name}";

    public async ValueTask DisposeAsync()
    {
        if (_connection.IsValueCreated) await _connection.Value.DisposeAsync();
    }
}
