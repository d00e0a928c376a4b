using System.Collections.Concurrent;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;
using Streaming.Application.Live.Common;

namespace Streaming.Web.Hubs;

public enum WhepOutcome
{
    Answered,
    NotBroadcasting,
    Full,
    TooManyForMember,
    Timeout,
    Rejected,
}

public sealed record WhepResult(WhepOutcome Outcome, Guid SessionId = default, string? AnswerSdp = null, string? Message = null);

/// <summary>
/// The local provider's signalling: each viewer's WHEP offer goes over SignalR to the page of the
/// instructor broadcasting that class, and its answer comes back. The state (broadcasters, their
/// viewers, offers waiting for an answer) is in this process's memory and covers the broadcast
/// pages connected to this instance; with several instances, <see cref="RedisWhepSignalling"/>
/// brings every call to the instance that holds the class's broadcaster.
/// </summary>
public sealed class LocalWhepRelay(IHubContext<LiveHub> hub, IOptions<LiveOptions> options, ILogger<LocalWhepRelay> logger) : IWhepSignalling
{
    private readonly ConcurrentDictionary<Guid, Broadcaster> _broadcasters = new();
    private readonly ConcurrentDictionary<Guid, PendingOffer> _pending = new();

    /// <summary>One member may watch on a couple of devices, not fill the class on their own.</summary>
    public const int MaxSessionsPerMember = 2;

    public int MaxViewers => options.Value.Local.MaxViewers;

    /// <summary>The connection now serves the class; a reload replaces the previous page (whose peers are gone).</summary>
    public void RegisterBroadcaster(Guid streamId, string connectionId)
    {
        var broadcaster = new Broadcaster(streamId, connectionId);
        if (_broadcasters.TryGetValue(streamId, out var previous)) CancelPending(previous);
        _broadcasters[streamId] = broadcaster;
    }

    public bool IsBroadcasting(Guid streamId) => _broadcasters.ContainsKey(streamId);

    public int ViewerCount(Guid streamId) => _broadcasters.TryGetValue(streamId, out var b) ? b.Count : 0;

    /// <summary>Forgets the broadcaster when its page goes away; returns the classes it served.</summary>
    public IReadOnlyList<Guid> RemoveConnection(string connectionId)
    {
        var removed = new List<Guid>();
        foreach (var (streamId, broadcaster) in _broadcasters)
        {
            if (broadcaster.ConnectionId != connectionId) continue;
            if (!((ICollection<KeyValuePair<Guid, Broadcaster>>)_broadcasters).Remove(new(streamId, broadcaster))) continue;
            CancelPending(broadcaster);
            removed.Add(streamId);
        }

        return removed;
    }

    Task IWhepSignalling.RegisterBroadcasterAsync(Guid streamId, string connectionId)
    {
        RegisterBroadcaster(streamId, connectionId);
        return Task.CompletedTask;
    }

    Task IWhepSignalling.RemoveConnectionAsync(string connectionId)
    {
        RemoveConnection(connectionId);
        return Task.CompletedTask;
    }

    Task IWhepSignalling.StopStreamAsync(Guid streamId)
    {
        StopStream(streamId);
        return Task.CompletedTask;
    }

    /// <summary>The class ended: no more offers are relayed for it.</summary>
    public void StopStream(Guid streamId)
    {
        if (_broadcasters.TryRemove(streamId, out var broadcaster)) CancelPending(broadcaster);
    }

    /// <summary>Relays <paramref name="offerSdp"/> to the broadcaster and waits for its answer.</summary>
    public async Task<WhepResult> OfferAsync(Guid streamId, string userId, string offerSdp, CancellationToken cancellationToken)
    {
        if (!_broadcasters.TryGetValue(streamId, out var broadcaster)) return new WhepResult(WhepOutcome.NotBroadcasting);
        var sessionId = Guid.NewGuid();
        var added = broadcaster.TryAdd(sessionId, userId, MaxViewers);
        if (added != WhepOutcome.Answered) return new WhepResult(added);

        var pending = new PendingOffer(broadcaster, new TaskCompletionSource<(string? Answer, string? Error)>(TaskCreationOptions.RunContinuationsAsynchronously));
        _pending[sessionId] = pending;
        try
        {
            await hub.Clients.Client(broadcaster.ConnectionId).SendAsync("offer", sessionId, offerSdp, cancellationToken);
            await PushViewerCountAsync(broadcaster);
            var (answer, error) = await pending.Answer.Task.WaitAsync(options.Value.Local.AnswerTimeout, cancellationToken);
            if (answer is not null) return new WhepResult(WhepOutcome.Answered, sessionId, answer);
            await DropAsync(broadcaster, sessionId, notify: false);
            return new WhepResult(error is null ? WhepOutcome.NotBroadcasting : WhepOutcome.Rejected, Message: error);
        }
        catch (TimeoutException)
        {
            logger.LogWarning("The broadcaster of {StreamId} did not answer viewer {SessionId} in time", streamId, sessionId);
            await DropAsync(broadcaster, sessionId, notify: true);
            return new WhepResult(WhepOutcome.Timeout);
        }
        catch (OperationCanceledException)
        {
            await DropAsync(broadcaster, sessionId, notify: true);
            throw;
        }
        finally
        {
            _pending.TryRemove(sessionId, out _);
        }
    }

    /// <summary>The broadcaster's answer; only the connection the offer went to may give it.</summary>
    public bool Answer(string connectionId, Guid sessionId, string sdp) =>
        _pending.TryGetValue(sessionId, out var pending) && pending.Broadcaster.ConnectionId == connectionId
        && pending.Answer.TrySetResult((sdp, null));

    public bool Reject(string connectionId, Guid sessionId, string reason) =>
        _pending.TryGetValue(sessionId, out var pending) && pending.Broadcaster.ConnectionId == connectionId
        && pending.Answer.TrySetResult((null, string.IsNullOrWhiteSpace(reason) ? "The broadcaster refused the connection." : reason));

    /// <summary>A viewer's later ICE candidates go to the broadcaster's page; only the session's own member may send them.</summary>
    public async Task<bool> TrickleAsync(Guid streamId, Guid sessionId, string userId, TrickleFragment fragment)
    {
        if (!_broadcasters.TryGetValue(streamId, out var broadcaster) || !broadcaster.IsOwnedBy(sessionId, userId)) return false;
        await hub.Clients.Client(broadcaster.ConnectionId).SendAsync("candidates", sessionId, fragment.Candidates, fragment.Ended);
        return true;
    }

    /// <summary>A viewer hung up (WHEP DELETE): only its own member may end a session.</summary>
    public async Task<bool> EndSessionAsync(Guid streamId, Guid sessionId, string userId)
    {
        if (!_broadcasters.TryGetValue(streamId, out var broadcaster) || !broadcaster.IsOwnedBy(sessionId, userId)) return false;
        await DropAsync(broadcaster, sessionId, notify: true);
        return true;
    }

    /// <summary>The broadcaster's page saw a viewer's connection fail or close.</summary>
    public async Task ViewerGoneAsync(string connectionId, Guid sessionId)
    {
        var broadcaster = _broadcasters.Values.FirstOrDefault(b => b.ConnectionId == connectionId);
        if (broadcaster is not null) await DropAsync(broadcaster, sessionId, notify: false);
    }

    private async Task DropAsync(Broadcaster broadcaster, Guid sessionId, bool notify)
    {
        if (!broadcaster.Remove(sessionId)) return;
        if (notify) await hub.Clients.Client(broadcaster.ConnectionId).SendAsync("viewerLeft", sessionId);
        await PushViewerCountAsync(broadcaster);
    }

    private Task PushViewerCountAsync(Broadcaster broadcaster) =>
        hub.Clients.Client(broadcaster.ConnectionId).SendAsync("viewerCount", broadcaster.Count);

    private void CancelPending(Broadcaster broadcaster)
    {
        foreach (var pending in _pending.Values.Where(p => p.Broadcaster == broadcaster))
            pending.Answer.TrySetResult((null, null));
    }

    private sealed record PendingOffer(Broadcaster Broadcaster, TaskCompletionSource<(string? Answer, string? Error)> Answer);

    private sealed class Broadcaster(Guid streamId, string connectionId)
    {
        private readonly Dictionary<Guid, string> _viewers = new();

        public Guid StreamId { get; } = streamId;

        public string ConnectionId { get; } = connectionId;

        public int Count
        {
            get
            {
                lock (_viewers) return _viewers.Count;
            }
        }

        public WhepOutcome TryAdd(Guid sessionId, string userId, int max)
        {
            lock (_viewers)
            {
                if (_viewers.Values.Count(v => v == userId) >= LocalWhepRelay.MaxSessionsPerMember) return WhepOutcome.TooManyForMember;
                if (_viewers.Count >= max) return WhepOutcome.Full;
                _viewers[sessionId] = userId;
                return WhepOutcome.Answered;
            }
        }

        public bool IsOwnedBy(Guid sessionId, string userId)
        {
            lock (_viewers) return _viewers.TryGetValue(sessionId, out var owner) && owner == userId;
        }

        public bool Remove(Guid sessionId)
        {
            lock (_viewers) return _viewers.Remove(sessionId);
        }
    }
}
