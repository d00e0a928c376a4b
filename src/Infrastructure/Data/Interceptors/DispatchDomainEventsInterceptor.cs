using MediatR;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Streaming.Application.Common.Events;
using Streaming.Domain.Common;

namespace Streaming.Infrastructure.Data.Interceptors;

/// <summary>
/// Publishes the domain events of the entities a save is about to write, before it writes them,
/// so what their handlers add (outbox emails, receipts, closed sessions) goes into the same save
/// and the same transaction: it commits or rolls back with the change that raised the event.
/// </summary>
/// <remarks>
/// The publisher belongs to the request's scope, so it travels on the context
/// (<see cref="ApplicationDbContext.DomainEventPublisher"/>, set when the scope's context is made).
/// Contexts made straight from the factory (the built-in ledger's own unit of work) raise no events.
/// </remarks>
public sealed class DispatchDomainEventsInterceptor : SaveChangesInterceptor
{
    // Handlers may change entities that raise events of their own; a loop longer than this is a bug.
    private const int MaxRounds = 8;

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        DispatchAsync(eventData.Context, CancellationToken.None).GetAwaiter().GetResult();
        return result;
    }

    public override async ValueTask<InterceptionResult<int>> SavingChangesAsync(
        DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        await DispatchAsync(eventData.Context, cancellationToken);
        return result;
    }

    private static async Task DispatchAsync(DbContext? context, CancellationToken cancellationToken)
    {
        if (context is not ApplicationDbContext { DomainEventPublisher: { } publisher }) return;
        for (var round = 0; ; round++)
        {
            var raised = context.ChangeTracker.Entries<BaseEntity>()
                .Select(e => e.Entity).Where(e => e.DomainEvents.Count > 0).ToList();
            if (raised.Count == 0) return;
            if (round == MaxRounds) throw new InvalidOperationException("Domain event handlers kept raising events; is there a cycle?");

            var events = raised.SelectMany(e => e.DomainEvents).ToList();
            raised.ForEach(e => e.ClearDomainEvents());
            foreach (var domainEvent in events)
                await publisher.Publish(DomainEventNotification<IDomainEvent>.Wrap(domainEvent), cancellationToken);
        }
    }
}
