using Microsoft.AspNetCore.SignalR;
using StackExchange.Redis;
using Streaming.Application.Chat.Queries.JoinChat;
using Streaming.Application.Live.Common;
using Streaming.Infrastructure.Redis;
using Streaming.Web.Infrastructure;

namespace Streaming.Web.Hubs;

/// <summary>
/// SignalR for the live hub and the chat, in one place. With <c>Redis:Configuration</c> set, the
/// official Redis backplane carries every hub message between app instances (a chat message sent
/// through one reaches members connected to another) and the local provider's WHEP signalling is
/// forwarded to the instance holding the broadcaster (<see cref="RedisWhepSignalling"/>); without
/// it, one instance needs no Redis.
/// </summary>
public static class RealtimeRegistration
{
    public static IServiceCollection AddRealtime(this IServiceCollection services, IConfiguration configuration)
    {
        var redis = configuration.GetSection(RedisSettings.Section).Get<RedisSettings>() ?? new RedisSettings();
        var signalR = services.AddSignalR(options => options.AddFilter<HttpContextHubFilter>())
            .AddJsonProtocol(options => WebJson.Configure(options.PayloadSerializerOptions));
        services.AddSingleton<LocalWhepRelay>();
        services.AddSingleton<BrowserIceServers>();
        services.AddSingleton<LiveStatusNotifier>();
        services.AddSingleton<Streaming.Application.Common.Interfaces.ILiveStatusNotifier, HubLiveStatusNotifier>();

        if (redis.IsEnabled)
        {
            signalR.AddStackExchangeRedis(redis.Configuration, options =>
            {
                options.Configuration.ChannelPrefix = RedisChannel.Literal(redis.ChannelPrefix);
                // An instance that cannot reach Redis at start-up keeps trying instead of failing every hub call for good.
                options.Configuration.AbortOnConnectFail = false;
            });
            services.AddSingleton<IWhepSignalling, RedisWhepSignalling>();
        }
        else
        {
            services.AddSingleton<IWhepSignalling>(sp => sp.GetRequiredService<LocalWhepRelay>());
        }

        return services;
    }

    public static IEndpointRouteBuilder MapRealtime(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapHub<LiveHub>(LiveHub.Path);
        endpoints.MapHub<ChatHub>(ChatHub.Path);
        return endpoints;
    }
}

/// <summary>
/// Hub methods send MediatR requests whose handlers read the caller through ICurrentUser
/// (IHttpContextAccessor): give each invocation the connection's HttpContext.
/// </summary>
public sealed class HttpContextHubFilter(IHttpContextAccessor accessor) : IHubFilter
{
    public ValueTask<object?> InvokeMethodAsync(HubInvocationContext invocationContext, Func<HubInvocationContext, ValueTask<object?>> next)
    {
        accessor.HttpContext = invocationContext.Context.GetHttpContext();
        return next(invocationContext);
    }
}

/// <summary>Tells the watch pages (player) and chat panels of a class that it went live or ended.</summary>
public sealed class LiveStatusNotifier(IHubContext<LiveHub> live, IHubContext<ChatHub> chat)
{
    public async Task NotifyAsync(LiveStatusDto status)
    {
        await live.Clients.Group(LiveHub.StatusGroup(status.StreamId)).SendAsync("status", status);
        await chat.Clients.Group(ChatHub.Room(status.StreamId)).SendAsync("state", JoinChatHandler.StateOf(status.Status).ToString());
    }
}
