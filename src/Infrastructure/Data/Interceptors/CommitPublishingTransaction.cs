using Microsoft.EntityFrameworkCore.Storage;

namespace Streaming.Infrastructure.Data.Interceptors;

/// <summary>
/// The transaction a use case opens (<see cref="ApplicationDbContext.BeginTransactionAsync"/>): once
/// its commit has finished — the context has let go of it and reads afresh — the domain events saved
/// inside it are published as committed (<see cref="DispatchDomainEventsInterceptor"/>). Rolled back
/// or disposed uncommitted, they are dropped.
/// </summary>
internal sealed class CommitPublishingTransaction(
    IDbContextTransaction inner, ApplicationDbContext context, DispatchDomainEventsInterceptor? dispatcher) : IDbContextTransaction
{
    public Guid TransactionId => inner.TransactionId;

    public void Commit()
    {
        inner.Commit();
        PublishAsync().GetAwaiter().GetResult();
    }

    public async Task CommitAsync(CancellationToken cancellationToken = default)
    {
        await inner.CommitAsync(cancellationToken);
        await PublishAsync();
    }

    public void Rollback()
    {
        context.EventsAwaitingCommit.Clear();
        inner.Rollback();
    }

    public Task RollbackAsync(CancellationToken cancellationToken = default)
    {
        context.EventsAwaitingCommit.Clear();
        return inner.RollbackAsync(cancellationToken);
    }

    public void Dispose()
    {
        context.EventsAwaitingCommit.Clear();
        inner.Dispose();
    }

    public ValueTask DisposeAsync()
    {
        context.EventsAwaitingCommit.Clear();
        return inner.DisposeAsync();
    }

    private async Task PublishAsync()
    {
        var committed = context.EventsAwaitingCommit.ToList();
        context.EventsAwaitingCommit.Clear();
        if (committed.Count > 0 && dispatcher is not null) await dispatcher.PublishCommittedAsync(context, committed);
    }
}
