using MediatR;
using Streaming.Application.Common.Events;
using Streaming.Application.Common.Interfaces;
using Streaming.Domain.Enrollments;
using Streaming.Domain.Notifications;

namespace Streaming.Application.Enrollments.EventHandlers;

/// <summary>
/// The receipt is queued in the transaction that activates the seat, so a member is told of every
/// payment exactly once, whoever settles it (the enrollment, the reconciliation job).
/// </summary>
public sealed class EnrollmentActivatedEventHandler(IApplicationDbContext db, TimeProvider clock)
    : INotificationHandler<DomainEventNotification<EnrollmentActivated>>
{
    public Task Handle(DomainEventNotification<EnrollmentActivated> notification, CancellationToken cancellationToken)
    {
        var (enrollment, balance) = notification.DomainEvent;
        db.OutboxEmails.Add(OutboxEmail.EnrollmentReceipt(enrollment, balance, clock.GetUtcNow()));
        return Task.CompletedTask;
    }
}
