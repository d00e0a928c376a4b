using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.Logging;
using Npgsql;
using Streaming.Infrastructure.Data.Migrations;

namespace Streaming.Infrastructure.Data;

/// <summary>
/// Databases made before EF Core migrations: the SQL migrator of earlier releases applied the
/// scripts 0001–0006 and recorded them in <c>schema_migrations</c>. The <see cref="Baseline"/>
/// migration creates exactly that schema, so such a database is adopted by recording Baseline as
/// applied and dropping the old journal, in one transaction under EF Core's migrations lock.
/// Later migrations then apply as usual. Data is not touched.
/// </summary>
public static class LegacySchema
{
    public const string JournalTable = "schema_migrations";

    /// <summary>Every script the SQL migrator ever shipped, in order.</summary>
    public static IReadOnlyList<string> Versions { get; } =
    [
        "0001_initial", "0002_tokens_and_seats", "0003_recordings", "0004_viewer_sessions", "0005_live_recordings", "0006_cloudflare_inputs",
    ];

    public static string BaselineMigrationId { get; } = DatabaseMigrator.MigrationId(typeof(Baseline));

    public static async Task AdoptAsync(ApplicationDbContext db, ILogger logger, CancellationToken cancellationToken)
    {
        // Checked before anything is written, so a database that cannot be adopted is left as it was…
        if (await ReadJournalAsync(db, cancellationToken) is not { } recorded) return;
        EnsureComplete(recorded);

        var history = db.GetService<IHistoryRepository>();
        await history.CreateIfNotExistsAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await using var migrationsLock = await history.AcquireDatabaseLockAsync(cancellationToken);

        // …and again under the lock: another instance may have adopted it while this one waited.
        if (await ReadJournalAsync(db, cancellationToken) is not { } underLock) return;
        if ((await history.GetAppliedMigrationsAsync(cancellationToken)).Count > 0) return;
        EnsureComplete(underLock);

        // An empty journal is what a first script that failed left behind: nothing to adopt.
        if (underLock.Count > 0)
            await db.Database.ExecuteSqlRawAsync(history.GetInsertScript(new HistoryRow(BaselineMigrationId, ProductInfo.GetVersion())), cancellationToken);
        await db.Database.ExecuteSqlRawAsync($"DROP TABLE {JournalTable}", cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        if (underLock.Count > 0)
            logger.LogInformation("Adopted a database made by the SQL migrator ({First}…{Last}): recorded {Baseline} as applied",
                Versions[0], Versions[^1], BaselineMigrationId);
    }

    private static void EnsureComplete(IReadOnlyCollection<string> recorded)
    {
        if (recorded.Count == 0) return;
        var missing = Versions.Except(recorded, StringComparer.Ordinal).ToList();
        var unknown = recorded.Except(Versions, StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        if (missing.Count == 0 && unknown.Count == 0) return;

        var problem = missing.Count > 0
            ? $"only part of its SQL migrations were applied (missing: {string.Join(", ", missing)}). Start the earlier " +
              "release once so that it finishes them (or restore a backup), then start this one"
            : $"it records SQL migrations this release does not know ({string.Join(", ", unknown)}): another build of the " +
              "app changed its schema. Use that build, or restore a backup made before it";
        throw new LegacySchemaException(
            $"This database was made by the SQL migrator of an earlier release, and {problem}. Nothing was changed.");
    }

    /// <summary>The versions in the old journal, or null when there is none.</summary>
    private static async Task<List<string>?> ReadJournalAsync(ApplicationDbContext db, CancellationToken cancellationToken)
    {
        try
        {
            var exists = await db.Database.SqlQueryRaw<bool>($"SELECT to_regclass('{JournalTable}') IS NOT NULL AS \"Value\"").SingleAsync(cancellationToken);
            return exists
                ? await db.Database.SqlQueryRaw<string>($"SELECT version AS \"Value\" FROM {JournalTable}").ToListAsync(cancellationToken)
                : null;
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UndefinedTable)
        {
            // Another instance adopted the database between the two queries.
            return null;
        }
    }
}

/// <summary>A database of an earlier release that this release refuses to upgrade; the message says why and what to do.</summary>
public sealed class LegacySchemaException(string message) : InvalidOperationException(message);
