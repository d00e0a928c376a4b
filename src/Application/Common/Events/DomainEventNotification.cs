using MediatR;
using Streaming.Domain.Common;

namespace Streaming.Application.Common.Events;

/// <summary>
/// A domain event as a MediatR notification (Domain does not reference MediatR). Handlers implement
/// <c>INotificationHandler&lt;DomainEventNotification&lt;TheEvent&gt;&gt;</c> and live in their feature's
/// <c>EventHandlers</c> folder.
/// </summary>
/// <remarks>
/// Handlers run while the save that recorded the event is being made, inside its transaction: they
/// add rows (outbox emails, receipts, closed sessions) through <c>IApplicationDbContext</c> and never
/// call <c>SaveChanges</c>, a ledger or any other service outside the database — whatever they add
/// commits, or rolls back, with the change that raised the event. What must happen outside the
/// database once the change is durable handles <see cref="DomainEventCommitted{TEvent}"/> instead.
/// </remarks>
public sealed record DomainEventNotification<TEvent>(TEvent DomainEvent) : INotification
    where TEvent : IDomainEvent
{
    /// <summary>Wraps an event whose type is known only at run time (the dispatcher's case).</summary>
    public static INotification Wrap(IDomainEvent domainEvent) =>
        (INotification)Activator.CreateInstance(typeof(DomainEventNotification<>).MakeGenericType(domainEvent.GetType()), domainEvent)!;
}
