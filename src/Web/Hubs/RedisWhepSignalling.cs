using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.Extensions.Options;
using StackExchange.Redis;
using Streaming.Application.Live.Common;
using Streaming.Infrastructure.Redis;

namespace Streaming.Web.Hubs;

/// <summary>
/// The local provider's signalling across app instances. A broadcast page is connected to one
/// instance, whose <see cref="LocalWhepRelay"/> keeps its viewers and waiting offers; a viewer's
/// WHEP request may arrive at any instance. That instance asks over Redis pub/sub — on the
/// channel of the class, to which only the instance holding its broadcaster listens — and waits
/// for the reply on its own channel. A publish nobody receives means nobody broadcasts the class.
/// </summary>
public sealed class RedisWhepSignalling(LocalWhepRelay local, RedisConnection redis, IOptions<LiveOptions> options, ILogger<RedisWhepSignalling> logger)
    : IWhepSignalling
{
    /// <summary>Beyond the broadcaster's own answer time: Redis round trips and a busy instance.</summary>
    private static readonly TimeSpan ReplyMargin = TimeSpan.FromSeconds(5);

    private readonly string _instance = Guid.NewGuid().ToString("N");
    private readonly ConcurrentDictionary<Guid, TaskCompletionSource<Envelope>> _waiting = new();
    private readonly ConcurrentDictionary<Guid, byte> _listening = new();
    private readonly SemaphoreSlim _replyChannelLock = new(1, 1);
    private volatile bool _replyChannelOpen;

    public int MaxViewers => local.MaxViewers;

    private RedisChannel ClassChannel(Guid streamId) => redis.Channel($"whep:{streamId:N}");

    private RedisChannel ReplyChannel => redis.Channel($"whep-reply:{_instance}");

    public async Task RegisterBroadcasterAsync(Guid streamId, string connectionId)
    {
        // A reload may land on another instance: the one holding the old page drops it first.
        await PublishAsync(ClassChannel(streamId), new Envelope("takeover", _instance));
        local.RegisterBroadcaster(streamId, connectionId);
        if (_listening.TryAdd(streamId, 0))
        {
            var subscriber = (await redis.ConnectionAsync()).GetSubscriber();
            await subscriber.SubscribeAsync(ClassChannel(streamId), (_, value) => OnClassMessage(streamId, value));
        }
    }

    public async Task RemoveConnectionAsync(string connectionId)
    {
        foreach (var streamId in local.RemoveConnection(connectionId)) await StopListeningAsync(streamId);
    }

    public async Task StopStreamAsync(Guid streamId)
    {
        local.StopStream(streamId);
        await StopListeningAsync(streamId);
        await PublishAsync(ClassChannel(streamId), new Envelope("stop", _instance));
    }

    public async Task<WhepResult> OfferAsync(Guid streamId, string userId, string offerSdp, CancellationToken cancellationToken)
    {
        if (local.IsBroadcasting(streamId)) return await local.OfferAsync(streamId, userId, offerSdp, cancellationToken);
        var (delivered, reply) = await RequestAsync(streamId, new Envelope("offer", _instance, UserId: userId, Sdp: offerSdp),
            options.Value.Local.AnswerTimeout + ReplyMargin, cancellationToken);
        if (!delivered) return new WhepResult(WhepOutcome.NotBroadcasting);
        return reply?.Result ?? new WhepResult(WhepOutcome.Timeout);
    }

    public async Task<bool> EndSessionAsync(Guid streamId, Guid sessionId, string userId)
    {
        if (local.IsBroadcasting(streamId)) return await local.EndSessionAsync(streamId, sessionId, userId);
        var (_, reply) = await RequestAsync(streamId, new Envelope("hangup", _instance, UserId: userId, SessionId: sessionId), ReplyMargin, CancellationToken.None);
        return reply?.Ok == true;
    }

    public async Task<bool> TrickleAsync(Guid streamId, Guid sessionId, string userId, TrickleFragment fragment)
    {
        if (local.IsBroadcasting(streamId)) return await local.TrickleAsync(streamId, sessionId, userId, fragment);
        var (_, reply) = await RequestAsync(streamId, new Envelope("trickle", _instance, UserId: userId, SessionId: sessionId, Fragment: fragment), ReplyMargin, CancellationToken.None);
        return reply?.Ok == true;
    }

    /// <summary>Sends a request to the class's broadcaster instance; no reply within <paramref name="timeout"/> gives null.</summary>
    private async Task<(bool Delivered, Envelope? Reply)> RequestAsync(Guid streamId, Envelope request, TimeSpan timeout, CancellationToken cancellationToken)
    {
        await OpenReplyChannelAsync();
        var requestId = Guid.NewGuid();
        var reply = new TaskCompletionSource<Envelope>(TaskCreationOptions.RunContinuationsAsynchronously);
        _waiting[requestId] = reply;
        try
        {
            if (await PublishAsync(ClassChannel(streamId), request with { RequestId = requestId }) == 0) return (false, null);
            return (true, await reply.Task.WaitAsync(timeout, cancellationToken));
        }
        catch (TimeoutException)
        {
            logger.LogWarning("No instance answered the {Kind} for class {StreamId} in time", request.Kind, streamId);
            return (true, null);
        }
        finally
        {
            _waiting.TryRemove(requestId, out _);
        }
    }

    // Pub/sub handlers are synchronous: the work goes on without holding Redis's message loop.
    private void OnClassMessage(Guid streamId, RedisValue value) => _ = HandleClassMessageAsync(streamId, value);

    private async Task HandleClassMessageAsync(Guid streamId, RedisValue value)
    {
        try
        {
            var message = JsonSerializer.Deserialize<Envelope>(value.ToString())!;
            if (message.Origin == _instance) return;
            switch (message.Kind)
            {
                case "takeover" or "stop":
                    local.StopStream(streamId);
                    await StopListeningAsync(streamId);
                    break;
                case "offer" when local.IsBroadcasting(streamId):
                    var result = await local.OfferAsync(streamId, message.UserId!, message.Sdp!, CancellationToken.None);
                    await ReplyAsync(message, new Envelope("reply", _instance, message.RequestId, Result: result));
                    break;
                case "trickle" when local.IsBroadcasting(streamId):
                    var relayed = await local.TrickleAsync(streamId, message.SessionId!.Value, message.UserId!, message.Fragment!);
                    await ReplyAsync(message, new Envelope("reply", _instance, message.RequestId, Ok: relayed));
                    break;
                case "hangup" when local.IsBroadcasting(streamId):
                    var ended = await local.EndSessionAsync(streamId, message.SessionId!.Value, message.UserId!);
                    await ReplyAsync(message, new Envelope("reply", _instance, message.RequestId, Ok: ended));
                    break;
            }
        }
        catch (Exception e)
        {
            // A handler of a pub/sub message has nobody to throw to.
            logger.LogError(e, "Could not handle a signalling message for class {StreamId}", streamId);
        }
    }

    private Task ReplyAsync(Envelope request, Envelope reply) =>
        PublishAsync(redis.Channel($"whep-reply:{request.Origin}"), reply);

    private async Task OpenReplyChannelAsync()
    {
        if (_replyChannelOpen) return;
        await _replyChannelLock.WaitAsync();
        try
        {
            if (_replyChannelOpen) return;
            var subscriber = (await redis.ConnectionAsync()).GetSubscriber();
            await subscriber.SubscribeAsync(ReplyChannel, (_, value) =>
            {
                var reply = JsonSerializer.Deserialize<Envelope>(value.ToString())!;
                if (reply.RequestId is { } id && _waiting.TryGetValue(id, out var waiting)) waiting.TrySetResult(reply);
            });
            _replyChannelOpen = true;
        }
        finally
        {
            _replyChannelLock.Release();
        }
    }

    private async Task StopListeningAsync(Guid streamId)
    {
        if (local.IsBroadcasting(streamId) || !_listening.TryRemove(streamId, out _)) return;
        await (await redis.ConnectionAsync()).GetSubscriber().UnsubscribeAsync(ClassChannel(streamId));
    }

    private async Task<long> PublishAsync(RedisChannel channel, Envelope message) =>
        await (await redis.ConnectionAsync()).GetSubscriber().PublishAsync(channel, JsonSerializer.Serialize(message));

    /// <summary>One signalling message between instances.</summary>
    private sealed record Envelope(
        string Kind,
        string Origin,
        Guid? RequestId = null,
        string? UserId = null,
        string? Sdp = null,
        Guid? SessionId = null,
        WhepResult? Result = null,
        bool? Ok = null,
        TrickleFragment? Fragment = null);
}
