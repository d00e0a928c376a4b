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
/// </summary>
public sealed class CatalogChangesInterceptor(ICatalogCache cache) : SaveChangesInterceptor
{
    // Counters that move with every enrollment or viewer: the catalog shows seats left, but
    // evicting on each seat would empty the cache under exactly the load it is for. They catch up
    // when the cached page expires (seconds); the enrollment itself always checks real seats.
    private static readonly HashSet<string> Counters =
        [nameof(LiveStream.SeatsTaken), nameof(LiveStream.PeakViewers), nameof(LiveStream.UpdatedAt)];

    private readonly ConditionalWeakTable<DbContext, object> _pending = [];

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
        if (eventData.Context is { } context && _pending.Remove(context)) await cache.EvictAsync(CancellationToken.None);
        return result;
    }

    public override int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        if (eventData.Context is { } context && _pending.Remove(context)) cache.EvictAsync(CancellationToken.None).AsTask().GetAwaiter().GetResult();
        return result;
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
