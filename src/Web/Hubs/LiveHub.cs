using MediatR;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;
using Streaming.Application.Common.Exceptions;
using Streaming.Application.Common.Telemetry;
using Streaming.Application.Live.Common;
using Streaming.Application.Live.Queries.GetBroadcast;
using Streaming.Application.Live.Queries.GetWatch;
using Streaming.Domain.Common;
using Streaming.Domain.Streams;

namespace Streaming.Web.Hubs;

/// <summary>
/// <c>/hubs/live</c>: the broadcaster's page receives viewers' offers ("offer", "viewerLeft",
/// "viewerCount") and answers them; watch pages subscribe to the class's status ("status").
/// Every method checks the caller against the class (owner, or enrolled member).
/// </summary>
[Authorize]
public sealed class LiveHub(IMediator mediator, LocalWhepRelay relay, IWhepSignalling signalling, StreamingMetrics metrics) : Hub
{
    public const string Path = "/hubs/live";

    /// <summary>Marks a connection whose watch page counts in the live viewers metric (once, whatever it calls).</summary>
    private const string WatchingItem = "watching";

    public static string StatusGroup(Guid streamId) => $"status:{streamId:N}";

    /// <summary>The owning instructor's page starts serving viewers of a live class.</summary>
    public async Task<int> StartBroadcasting(Guid streamId)
    {
        var broadcast = await HubErrors.Checked(() => mediator.Send(new GetBroadcastQuery(streamId)));
        if (broadcast.Status != StreamStatus.Live) throw new HubException("Go live first.");
        await signalling.RegisterBroadcasterAsync(streamId, Context.ConnectionId);
        return signalling.MaxViewers;
    }

    public Task<bool> SendAnswer(Guid sessionId, string sdp) => Task.FromResult(relay.Answer(Context.ConnectionId, sessionId, sdp));

    public Task<bool> RejectOffer(Guid sessionId, string reason) => Task.FromResult(relay.Reject(Context.ConnectionId, sessionId, reason));

    public Task ViewerGone(Guid sessionId) => relay.ViewerGoneAsync(Context.ConnectionId, sessionId);

    /// <summary>A watch page asks to hear when the class goes live or ends.</summary>
    public async Task<LiveStatusDto> WatchStatus(Guid streamId)
    {
        var watch = await HubErrors.Checked(() => mediator.Send(new GetWatchQuery(streamId)));
        if (!watch.IsAllowed) throw new HubException("Only members enrolled in this class can watch it.");
        await Groups.AddToGroupAsync(Context.ConnectionId, StatusGroup(streamId));
        if (Context.Items.TryAdd(WatchingItem, streamId)) metrics.ViewerJoined();
        return new LiveStatusDto(watch.Id, watch.Status, watch.StartedAt, watch.EndedAt);
    }

    public override async Task OnDisconnectedAsync(Exception? exception)
    {
        if (Context.Items.ContainsKey(WatchingItem)) metrics.ViewerLeft();
        await signalling.RemoveConnectionAsync(Context.ConnectionId);
        await base.OnDisconnectedAsync(exception);
    }
}

/// <summary>The application's expected failures as messages the calling page shows (never a stack trace).</summary>
public static class HubErrors
{
    public static async Task<T> Checked<T>(Func<Task<T>> send)
    {
        try
        {
            return await send();
        }
        catch (NotFoundException)
        {
            throw new HubException("No such class or message.");
        }
        catch (ForbiddenAccessException e)
        {
            throw new HubException(e.Message);
        }
        catch (ValidationException e)
        {
            throw new HubException(string.Join(" ", e.Errors.SelectMany(x => x.Value)));
        }
        catch (DomainException e)
        {
            throw new HubException(e.Message);
        }
    }
}
