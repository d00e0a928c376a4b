using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Streaming.Application.Common.Interfaces;
using Streaming.Domain.Streams;
using Streaming.Domain.Users;

namespace Streaming.Infrastructure.Data.Interceptors;

/// <summary>
/// Drops the cached catalog (and home page) once a save that changed a class, or an instructor's
/// public profile, has reached the database, whichever
/// use case made it: one place instead of a call in every command that touches a class.
/// "Reached" is committed: a save inside a transaction the use case opened evicts when that
/// transaction commits (not at all when it rolls back). Evicted at the save instead, a catalog request
/// arriving before the commit would read the old rows and cache them again until they expire.
/// </summary>
public sealed class CatalogChangesInterceptor(ICatalogCache cache) : SaveChangesInterceptor, IDbTransactionInterceptor
{
    // Counters that move with every enrollment or viewer: the catalog shows seats left, but
    // evicting on each seat would empty the cache under exactly the load it is for. They catch up
    // when the cached page expires (seconds); the enrollment itself always checks real seats.
    private static readonly HashSet<string> Counters =
        [nameof(LiveStream.SeatsTaken), nameof(LiveStream.PeakViewers), nameof(LiveStream.UpdatedAt)];

    private readonly ConditionalWeakTable<DbContext, object> _pending = [];

    // Contexts whose catalog change was saved in a transaction still open.
    private readonly ConditionalWeakTable<DbContext, object> _awaitingCommit = [];

    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(
        DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Mark(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        Mark(eventData.Context);
        return result;
    }

    public override async ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        if (Saved(eventData.Context)) await cache.EvictAsync(CancellationToken.None);
        return result;
    }

    public override int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        if (Saved(eventData.Context)) cache.EvictAsync(CancellationToken.None).AsTask().GetAwaiter().GetResult();
        return result;
    }

    /// <summary>True when the save changed the catalog and is committed; in an open transaction, its commit evicts.</summary>
    private bool Saved(DbContext? context)
    {
        if (context is null || !_pending.Remove(context)) return false;
        if (context.Database.CurrentTransaction is null) return true;
        _awaitingCommit.AddOrUpdate(context, true);
        return false;
    }

    public async Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        if (eventData.Context is { } context && _awaitingCommit.Remove(context)) await cache.EvictAsync(CancellationToken.None);
    }

    public void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData)
    {
        if (eventData.Context is { } context && _awaitingCommit.Remove(context)) cache.EvictAsync(CancellationToken.None).AsTask().GetAwaiter().GetResult();
    }

    // Rolled back, or the commit failed: nothing changed that the catalog shows.
    public void TransactionRolledBack(DbTransaction transaction, TransactionEndEventData eventData) => Forget(eventData.Context);

    public Task TransactionRolledBackAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Forget(eventData.Context);
        return Task.CompletedTask;
    }

    public void TransactionFailed(DbTransaction transaction, TransactionErrorEventData eventData) => Forget(eventData.Context);

    public Task TransactionFailedAsync(DbTransaction transaction, TransactionErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        Forget(eventData.Context);
        return Task.CompletedTask;
    }

    private void Forget(DbContext? context)
    {
        if (context is not null) _awaitingCommit.Remove(context);
    }

    public override void SaveChangesFailed(DbContextErrorEventData eventData)
    {
        if (eventData.Context is { } context) _pending.Remove(context);
    }

    public override Task SaveChangesFailedAsync(DbContextErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        SaveChangesFailed(eventData);
        return Task.CompletedTask;
    }

    private void Mark(DbContext? context)
    {
        if (context is null) return;
        if (context.ChangeTracker.Entries<LiveStream>().Any(ChangesTheCatalog) || context.ChangeTracker.Entries<UserProfile>().Any(ChangesAnInstructor))
            _pending.AddOrUpdate(context, true);
    }

    // The catalog and the home page show instructors' names, photos and bios. A member's profile
    // changes these too (the interceptor cannot tell who teaches), but profiles change rarely.
    private static bool ChangesAnInstructor(EntityEntry<UserProfile> entry) =>
        entry.State == EntityState.Modified && PublicProfile.Any(name => entry.Property(name).IsModified);

    private static readonly string[] PublicProfile = [nameof(UserProfile.DisplayName), nameof(UserProfile.AvatarPath), nameof(UserProfile.Bio)];

    private static bool ChangesTheCatalog(EntityEntry<LiveStream> entry) => entry.State switch
    {
        EntityState.Added or EntityState.Deleted => true,
        EntityState.Modified => entry.Properties.Any(p => p.IsModified && !Counters.Contains(p.Metadata.Name)),
        _ => false,
    };
}

/// <summary>Where no catalog is cached (a worker without the web layer): nothing to drop.</summary>
public sealed class NoCatalogCache : ICatalogCache
{
    public ValueTask EvictAsync(CancellationToken cancellationToken) => ValueTask.CompletedTask;
}
