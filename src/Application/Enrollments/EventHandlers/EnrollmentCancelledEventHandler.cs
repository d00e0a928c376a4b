using MediatR;
using Streaming.Application.Common.Events;
using Streaming.Application.Common.Interfaces;
using Streaming.Domain.Enrollments;
using Streaming.Domain.Notifications;

namespace Streaming.Application.Enrollments.EventHandlers;

/// <summary>The member's "enrollment cancelled" email is queued in the transaction that records the refund.</summary>
public sealed class EnrollmentCancelledEventHandler(IApplicationDbContext db, TimeProvider clock)
    : INotificationHandler<DomainEventNotification<EnrollmentCancelled>>
{
    public Task Handle(DomainEventNotification<EnrollmentCancelled> notification, CancellationToken cancellationToken)
    {
        db.OutboxEmails.Add(OutboxEmail.EnrollmentCancelled(notification.DomainEvent.Enrollment, clock.GetUtcNow()));
        return Task.CompletedTask;
    }
}
