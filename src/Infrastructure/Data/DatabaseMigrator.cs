using System.Reflection;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.Logging;

namespace Streaming.Infrastructure.Data;

/// <summary>
/// Brings the database to the latest EF Core migration (Data/Migrations). EF Core takes its own
/// migrations lock (PostgreSQL: LOCK TABLE "__EFMigrationsHistory" inside the migration
/// transaction), so a second instance starting at the same time waits, then finds nothing to do.
/// A database made by the SQL migrator of earlier releases is adopted first (<see cref="LegacySchema"/>).
/// </summary>
public sealed class DatabaseMigrator(DbContextOptions<ApplicationDbContext> options, ILogger<DatabaseMigrator> logger)
{
    /// <summary>Returns the migrations applied by this call (empty when the schema was up to date).</summary>
    public async Task<IReadOnlyList<string>> MigrateAsync(CancellationToken cancellationToken = default)
    {
        // EF Core reports each migration it applies; the list is this call's, not another instance's.
        var applied = new List<string>();
        var reporting = new DbContextOptionsBuilder<ApplicationDbContext>(options)
            .LogTo((id, _) => id == RelationalEventId.MigrationApplying, (EventData e) => applied.Add(MigrationId(((MigrationEventData)e).Migration.GetType())))
            .Options;
        await using var db = new ApplicationDbContext(reporting);

        await LegacySchema.AdoptAsync(db, logger, cancellationToken);
        // EF Core reads the history before creating it, which Npgsql logs as a failed command on a new
        // database (npgsql/efcore.pg#3407): created first (concurrency-safe), the log stays clean.
        await db.GetService<IHistoryRepository>().CreateIfNotExistsAsync(cancellationToken);
        await db.Database.MigrateAsync(cancellationToken);

        if (applied.Count == 0) logger.LogInformation("Database schema is up to date");
        return applied;
    }

    public static string MigrationId(Type migration) => migration.GetCustomAttribute<MigrationAttribute>()!.Id;
}
