using MediatR;
using Microsoft.EntityFrameworkCore;
using Streaming.Application.Common.Events;
using Streaming.Application.Common.Interfaces;
using Streaming.Domain.Streams;

namespace Streaming.Application.Live.EventHandlers;

/// <summary>
/// Closes every viewing session still open when the class ends, in the same save, so analytics
/// never count a viewer past the end. (The replay job is started once the end is committed, by
/// <see cref="StreamEndedReplayHandler"/>.)
/// </summary>
public sealed class StreamEndedEventHandler(IApplicationDbContext db)
    : INotificationHandler<DomainEventNotification<StreamEnded>>
{
    public async Task Handle(DomainEventNotification<StreamEnded> notification, CancellationToken cancellationToken)
    {
        var stream = notification.DomainEvent.Stream;
        var endedAt = stream.EndedAt ?? throw new InvalidOperationException("An ended class has its end time.");
        var open = await db.ViewerSessions.Where(v => v.StreamId == stream.Id && v.LeftAt == null).ToListAsync(cancellationToken);
        foreach (var session in open) session.Leave(endedAt);
    }
}
