using MediatR;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;
using Streaming.Application.Common.Exceptions;
using Streaming.Application.Live.Common;
using Streaming.Application.Live.Queries.GetBroadcast;
using Streaming.Application.Live.Queries.GetWatch;
using Streaming.Domain.Streams;

namespace Streaming.Web.Hubs;

/// <summary>
/// <c>/hubs/live</c>: the broadcaster's page receives viewers' offers ("offer", "viewerLeft",
/// "viewerCount") and answers them; watch pages subscribe to the class's status ("status").
/// Every method checks the caller against the class (owner, or enrolled member).
/// </summary>
[Authorize]
public sealed class LiveHub(IMediator mediator, LocalWhepRelay relay) : Hub
{
    public const string Path = "/hubs/live";

    public static string StatusGroup(Guid streamId) => $"status:{streamId:N}";

    /// <summary>The owning instructor's page starts serving viewers of a live class.</summary>
    public async Task<int> StartBroadcasting(Guid streamId)
    {
        var broadcast = await Checked(() => mediator.Send(new GetBroadcastQuery(streamId)));
        if (broadcast.Status != StreamStatus.Live) throw new HubException("Go live first.");
        relay.RegisterBroadcaster(streamId, Context.ConnectionId);
        return relay.MaxViewers;
    }

    public Task<bool> SendAnswer(Guid sessionId, string sdp) => Task.FromResult(relay.Answer(Context.ConnectionId, sessionId, sdp));

    public Task<bool> RejectOffer(Guid sessionId, string reason) => Task.FromResult(relay.Reject(Context.ConnectionId, sessionId, reason));

    public Task ViewerGone(Guid sessionId) => relay.ViewerGoneAsync(Context.ConnectionId, sessionId);

    /// <summary>A watch page asks to hear when the class goes live or ends.</summary>
    public async Task<LiveStatusDto> WatchStatus(Guid streamId)
    {
        var watch = await Checked(() => mediator.Send(new GetWatchQuery(streamId)));
        if (!watch.IsAllowed) throw new HubException("Only members enrolled in this class can watch it.");
        await Groups.AddToGroupAsync(Context.ConnectionId, StatusGroup(streamId));
        return new LiveStatusDto(watch.Id, watch.Status, watch.StartedAt, watch.EndedAt);
    }

    public override Task OnDisconnectedAsync(Exception? exception)
    {
        relay.RemoveConnection(Context.ConnectionId);
        return base.OnDisconnectedAsync(exception);
    }

    private static async Task<T> Checked<T>(Func<Task<T>> send)
    {
        try
        {
            return await send();
        }
        catch (NotFoundException)
        {
            throw new HubException("No such class.");
        }
        catch (ForbiddenAccessException e)
        {
            throw new HubException(e.Message);
        }
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

public static class LiveHubRegistration
{
    public static IServiceCollection AddLiveHub(this IServiceCollection services)
    {
        services.AddSignalR(options => options.AddFilter<HttpContextHubFilter>());
        services.AddSingleton<LocalWhepRelay>();
        return services;
    }

    public static IEndpointRouteBuilder MapLiveHub(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapHub<LiveHub>(LiveHub.Path);
        return endpoints;
    }

    /// <summary>Tells every watch page of the class its new status.</summary>
    public static Task NotifyStatusAsync(this IHubContext<LiveHub> hub, LiveStatusDto status) =>
        hub.Clients.Group(LiveHub.StatusGroup(status.StreamId)).SendAsync("status", status);
}
