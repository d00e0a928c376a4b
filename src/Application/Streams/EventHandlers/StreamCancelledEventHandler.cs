using MediatR;
using Microsoft.EntityFrameworkCore;
using Streaming.Application.Common.Events;
using Streaming.Application.Common.Interfaces;
using Streaming.Domain.Enrollments;
using Streaming.Domain.Notifications;
using Streaming.Domain.Streams;

namespace Streaming.Application.Streams.EventHandlers;

/// <summary>
/// Every member holding a paid or free seat is told the class is cancelled, in the transaction of
/// the cancellation itself. The refunds move tokens through the ledger, outside the database, so
/// they are made once the cancellation has committed, by <see cref="StreamCancelledRefundsHandler"/>.
/// </summary>
public sealed class StreamCancelledEventHandler(IApplicationDbContext db, TimeProvider clock)
    : INotificationHandler<DomainEventNotification<StreamCancelled>>
{
    public async Task Handle(DomainEventNotification<StreamCancelled> notification, CancellationToken cancellationToken)
    {
        var stream = notification.DomainEvent.Stream;
        var enrolled = await db.Enrollments.AsNoTracking()
            .Where(e => e.StreamId == stream.Id && e.Status == EnrollmentStatus.Active).ToListAsync(cancellationToken);
        db.OutboxEmails.AddRange(enrolled.Select(e => OutboxEmail.ClassCancelled(e, clock.GetUtcNow())));
    }
}
