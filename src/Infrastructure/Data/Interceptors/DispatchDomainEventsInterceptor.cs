using MediatR;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Logging;
using Streaming.Application.Common.Events;
using Streaming.Domain.Common;

namespace Streaming.Infrastructure.Data.Interceptors;

/// <summary>
/// Publishes domain events in two phases. Before a save writes its entities, each event goes to its
/// <see cref="DomainEventNotification{TEvent}"/> handlers, so what they add (outbox emails, receipts,
/// closed sessions) goes into the same save and the same transaction: it commits or rolls back with
/// the change that raised the event. Once that change is committed, each event goes to its
/// <see cref="DomainEventCommitted{TEvent}"/> handlers (starting a job now), which may reach outside
/// the database because nothing they start can look before the change is visible.
/// </summary>
/// <remarks>
/// "Committed" is the end of the save when it ran in its own transaction, or the end of the commit of
/// the explicit transaction the use case opened (<see cref="ApplicationDbContext.BeginTransactionAsync"/>
/// … <c>CommitAsync</c>, see <see cref="CommitPublishingTransaction"/>); events saved in a transaction
/// that rolls back, or is disposed uncommitted, are never published as committed. (Not EF's
/// TransactionCommitted interception: it runs before the context lets go of the finished
/// transaction, so a handler reading through the context would use a completed transaction.)
/// The publisher belongs to the request's scope, so it travels on the context
/// (<see cref="ApplicationDbContext.DomainEventPublisher"/>, set when the scope's context is made).
/// Contexts made straight from the factory (the built-in ledger's own unit of work) raise no events.
/// </remarks>
public sealed class DispatchDomainEventsInterceptor(ILogger<DispatchDomainEventsInterceptor> logger)
    : SaveChangesInterceptor
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

    public override int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        SavedAsync(eventData.Context).GetAwaiter().GetResult();
        return result;
    }

    public override async ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        await SavedAsync(eventData.Context);
        return result;
    }

    public override void SaveChangesFailed(DbContextErrorEventData eventData) => (eventData.Context as ApplicationDbContext)?.EventsBeingSaved.Clear();

    public override Task SaveChangesFailedAsync(DbContextErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        SaveChangesFailed(eventData);
        return Task.CompletedTask;
    }

    private async Task DispatchAsync(DbContext? context, CancellationToken cancellationToken)
    {
        if (context is not ApplicationDbContext { DomainEventPublisher: { } publisher } saving) return;
        for (var round = 0; ; round++)
        {
            var raised = context.ChangeTracker.Entries<BaseEntity>()
                .Select(e => e.Entity).Where(e => e.DomainEvents.Count > 0).ToList();
            if (raised.Count == 0) return;
            if (round == MaxRounds) throw new InvalidOperationException("Domain event handlers kept raising events; is there a cycle?");

            var events = raised.SelectMany(e => e.DomainEvents).ToList();
            raised.ForEach(e => e.ClearDomainEvents());
            saving.EventsBeingSaved.AddRange(events);
            foreach (var domainEvent in events)
                await publisher.Publish(DomainEventNotification<IDomainEvent>.Wrap(domainEvent), cancellationToken);
        }
    }

    /// <summary>The save is written: committed already when it ran in its own transaction, else when the caller's commits.</summary>
    private async Task SavedAsync(DbContext? context)
    {
        if (context is not ApplicationDbContext { EventsBeingSaved.Count: > 0 } saved) return;
        var events = saved.EventsBeingSaved.ToList();
        saved.EventsBeingSaved.Clear();
        if (saved.Database.CurrentTransaction is null) await PublishCommittedAsync(saved, events);
        else saved.EventsAwaitingCommit.AddRange(events);
    }

    /// <summary>Publishes <paramref name="events"/> to their <see cref="DomainEventCommitted{TEvent}"/> handlers; a failing handler is logged.</summary>
    internal async Task PublishCommittedAsync(ApplicationDbContext context, IReadOnlyList<IDomainEvent> events)
    {
        if (context.DomainEventPublisher is not { } publisher) return;
        foreach (var domainEvent in events)
        {
            try
            {
                // Not the request's token: the change is committed, its follow-up is not cut short by a closing page.
                await publisher.Publish(DomainEventCommitted<IDomainEvent>.Wrap(domainEvent), CancellationToken.None);
            }
            catch (Exception e)
            {
                // The change is committed: failing the request now would report a success as an error.
                logger.LogError(e, "A handler of the committed {Event} failed; the periodic jobs catch up", domainEvent.GetType().Name);
            }
        }
    }
}
