namespace Streaming.Web.Hubs;

/// <summary>
/// The local provider's signalling as the rest of the app sees it: the calls that may arrive on
/// any app instance (a viewer's WHEP offer and hang-up, the instructor's "End stream", a broadcast
/// page (re)connecting). <see cref="LocalWhepRelay"/> serves one instance;
/// <see cref="RedisWhepSignalling"/> forwards each call to the instance the broadcaster's page is
/// connected to, when SignalR runs over the Redis backplane.
/// </summary>
public interface IWhepSignalling
{
    int MaxViewers { get; }

    /// <summary>The connection (on this instance) now serves the class; a reload replaces the previous page, wherever it was.</summary>
    Task RegisterBroadcasterAsync(Guid streamId, string connectionId);

    /// <summary>A connection of this instance went away.</summary>
    Task RemoveConnectionAsync(string connectionId);

    /// <summary>The class ended: no more offers are relayed for it.</summary>
    Task StopStreamAsync(Guid streamId);

    /// <summary>Relays <paramref name="offerSdp"/> to the broadcaster and waits for its answer.</summary>
    Task<WhepResult> OfferAsync(Guid streamId, string userId, string offerSdp, CancellationToken cancellationToken);

    /// <summary>A viewer's later ICE candidates (WHEP PATCH) for the broadcaster's page: only its own member may send them.</summary>
    Task<bool> TrickleAsync(Guid streamId, Guid sessionId, string userId, TrickleFragment fragment);

    /// <summary>A viewer hung up (WHEP DELETE): only its own member may end a session.</summary>
    Task<bool> EndSessionAsync(Guid streamId, Guid sessionId, string userId);
}
