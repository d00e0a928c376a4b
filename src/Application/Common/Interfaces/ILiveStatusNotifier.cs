using Streaming.Application.Live.Common;

namespace Streaming.Application.Common.Interfaces;

/// <summary>
/// Tells the pages watching a class that its status changed (the live hub), for changes made
/// away from any request of theirs — a class ended by the closing job, say.
/// </summary>
public interface ILiveStatusNotifier
{
    Task NotifyAsync(LiveStatusDto status, CancellationToken cancellationToken);
}
