using System.Reflection;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.Logging;

namespace Streaming.Infrastructure.Data;

/// <summary>
/// Brings the database to the latest EF Core migration (Data/Migrations): every pending migration in
/// one transaction holding the migrations lock (LOCK TABLE "__EFMigrationsHistory"), so a second
/// instance starting at the same time waits, then finds nothing to do, and a failure applies nothing.
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
            // All pending migrations in one transaction of ours (below), which is meant.
            .ConfigureWarnings(w => w.Ignore(RelationalEventId.MigrationsUserTransactionWarning))
            .Options;
        await using var db = new ApplicationDbContext(reporting);

        await LegacySchema.AdoptAsync(db, logger, cancellationToken);
        // EF Core reads the history before creating it, which Npgsql logs as a failed command on a new
        // database (npgsql/efcore.pg#3407): created first (concurrency-safe), the log stays clean.
        await db.GetService<IHistoryRepository>().CreateIfNotExistsAsync(cancellationToken);
        // One transaction around every pending migration: EF Core commits each migration on its own
        // (and its history lock with it), so with two or more pending a second instance could slip in
        // between them and a failure would leave the earlier ones applied. Ours holds the lock to the end.
        await using (var transaction = await db.Database.BeginTransactionAsync(cancellationToken))
        {
            // EF Core takes no lock of its own inside a caller's transaction: the same lock it would take.
            await db.Database.ExecuteSqlRawAsync($"LOCK TABLE \"{HistoryRepository.DefaultTableName}\" IN ACCESS EXCLUSIVE MODE", cancellationToken);
            await db.Database.MigrateAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }

        if (applied.Count == 0) logger.LogInformation("Database schema is up to date");
        return applied;
    }

    public static string MigrationId(Type migration) => migration.GetCustomAttribute<MigrationAttribute>()!.Id;
}
