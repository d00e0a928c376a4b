using MediatR;
using Microsoft.EntityFrameworkCore;
using Streaming.Application.Common.Events;
using Streaming.Application.Common.Interfaces;
using Streaming.Application.Enrollments.Common;
using Streaming.Application.Notifications.Common;
using Streaming.Domain.Enrollments;
using Streaming.Domain.Streams;

namespace Streaming.Application.Streams.EventHandlers;

/// <summary>
/// Once a cancellation is committed, every seat still held in the class is refunded through the
/// ledger and the "class cancelled" emails queued with the cancellation are sent soon.
/// </summary>
/// <remarks>
/// Committed phase: tokens move outside the database, so never inside the cancel's transaction.
/// However a class is cancelled (its instructor, a super admin in moderation), this is the one
/// place that refunds it. Each refund carries the seat's own idempotency key and settles the seat
/// only while it is still Active, so a second run refunds nothing twice. The durable record is the
/// Active seat in a Cancelled class: the reconciliation job refunds any seat this handler could not
/// (the ledger down, a crash right after the commit).
/// </remarks>
public sealed class StreamCancelledRefundsHandler(IApplicationDbContext db, EnrollmentPayments payments, IJobScheduler jobs)
    : INotificationHandler<DomainEventCommitted<StreamCancelled>>
{
    public async Task Handle(DomainEventCommitted<StreamCancelled> notification, CancellationToken cancellationToken)
    {
        var stream = notification.DomainEvent.Stream;
        await jobs.SendQueuedEmailsSoonAsync(cancellationToken);

        var seats = await db.Enrollments.AsNoTracking().Include(e => e.Stream)
            .Where(e => e.StreamId == stream.Id && e.Status == EnrollmentStatus.Active)
            .ToListAsync(cancellationToken);
        foreach (var seat in seats)
            await payments.RefundAsync(seat, $"Class cancelled: {stream.Title}", cancellationToken);
    }
}
