using MediatR;
using Streaming.Domain.Common;

namespace Streaming.Application.Common.Events;

/// <summary>
/// A domain event whose change has been committed, as a MediatR notification: the second phase of
/// dispatching, for reactions that reach outside the database (starting a job now, calling a
/// service). Handlers implement <c>INotificationHandler&lt;DomainEventCommitted&lt;TheEvent&gt;&gt;</c>
/// and live next to the event's in-transaction handlers.
/// </summary>
/// <remarks>
/// Published once the save that recorded the event is durable: right after a save made in its own
/// transaction, or when the caller's explicit transaction commits — never for a save whose
/// transaction rolls back. Whatever else the caller does after committing has not happened yet.
/// A handler that fails is logged and does not fail the request (the change is already committed),
/// so it must only speed up or add to work a durable record already guarantees: the periodic job
/// sweeps are the safety net, and a handler run twice must change nothing the second time.
/// </remarks>
public sealed record DomainEventCommitted<TEvent>(TEvent DomainEvent) : INotification
    where TEvent : IDomainEvent
{
    /// <summary>Wraps an event whose type is known only at run time (the dispatcher's case).</summary>
    public static INotification Wrap(IDomainEvent domainEvent) =>
        (INotification)Activator.CreateInstance(typeof(DomainEventCommitted<>).MakeGenericType(domainEvent.GetType()), domainEvent)!;
}
