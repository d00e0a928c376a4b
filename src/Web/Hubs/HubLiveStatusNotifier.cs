using Streaming.Application.Common.Interfaces;
using Streaming.Application.Live.Common;
using Streaming.Domain.Streams;

namespace Streaming.Web.Hubs;

/// <summary>
/// The Application's <see cref="ILiveStatusNotifier"/> (the closing job ends classes nobody ended
/// from a page): stops relaying viewers' offers to a broadcaster whose class is over (on whichever
/// instance holds it), then tells the class's watch pages and chat panels.
/// </summary>
public sealed class HubLiveStatusNotifier(LiveStatusNotifier hubs, IWhepSignalling signalling) : ILiveStatusNotifier
{
    public async Task NotifyAsync(LiveStatusDto status, CancellationToken cancellationToken)
    {
        if (status.Status is StreamStatus.Ended or StreamStatus.Cancelled) await signalling.StopStreamAsync(status.StreamId);
        await hubs.NotifyAsync(status);
    }
}
