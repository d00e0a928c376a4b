using System.Reflection;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging.Abstractions;
using Streaming.Infrastructure.IntegrationTests.Support;

namespace Streaming.Infrastructure.IntegrationTests.Data;

[Parallelizable(ParallelScope.Self)]
public partial class DatabaseMigratorTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    private TestDatabase _database = null!;

    [SetUp]
    public async Task CreateAnEmptyDatabase() => _database = await TestDatabase.CreateAsync(migrate: false);

    [TearDown]
    public async Task DropTheDatabase() => await _database.DisposeAsync();

    private static IReadOnlyList<string> AllVersions => DatabaseMigrator.Scripts.Select(s => s.Version).ToList();

    private static DatabaseMigrator Migrator(NpgsqlDataSource dataSource) => new(dataSource, NullLogger<DatabaseMigrator>.Instance);

    private Task<List<string>> JournalAsync() =>
        Db.QueryAsync(_database, "SELECT version FROM schema_migrations ORDER BY version", r => r.GetString(0));

    private Task<List<string>> AdvisoryLocksAsync(bool granted) =>
        Db.QueryAsync(_database, $"""
            SELECT l.pid::text FROM pg_locks l JOIN pg_database d ON d.oid = l.database
            WHERE l.locktype = 'advisory' AND d.datname = current_database() AND l.granted = {granted}
            """, r => r.GetString(0));

    private async Task<List<string>> SchemaProblemsAsync()
    {
        var schema = await SchemaInspector.ReadAsync(_database);
        return [.. schema.MissingTables(), .. schema.ColumnDifferences(compareTypes: true), .. schema.IndexDifferences(), .. schema.ConstraintDifferences()];
    }

    // The embedded scripts

    [Test]
    public void Scripts_AreEmbedded_NonEmpty_UniqueAndInOrdinalOrder()
    {
        var versions = AllVersions;

        Assert.That(versions, Is.Not.Empty);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(versions[0], Is.EqualTo("0001_initial"));
            Assert.That(versions, Is.Unique);
            Assert.That(versions, Is.Ordered.Using((IComparer<string>)StringComparer.Ordinal));
            Assert.That(versions, Has.All.Matches(VersionName()), "NNNN_snake_case names sort in the order they were written");
            Assert.That(DatabaseMigrator.Scripts.Select(s => s.Sql), Has.None.Matches<string>(string.IsNullOrWhiteSpace));
        }
    }

    [Test]
    public void Scripts_DoNotManageTheirOwnTransactions()
    {
        // The migrator wraps each script in a transaction; a COMMIT inside a script would break the all-or-nothing rule.
        var offending = DatabaseMigrator.Scripts
            .Where(s => TransactionControl().IsMatch(s.Sql))
            .Select(s => s.Version);

        Assert.That(offending, Is.Empty);
    }

    // Applying

    [Test]
    public async Task EmptyDatabase_GetsEveryScript_RecordedOnce()
    {
        await using var dataSource = _database.CreateDataSource();

        var applied = await Migrator(dataSource).MigrateAsync();

        Assert.That(applied, Is.EqualTo(AllVersions));
        Assert.That(await JournalAsync(), Is.EqualTo(AllVersions));
        Assert.That(await SchemaProblemsAsync(), Is.Empty);
    }

    [Test]
    public async Task SecondRun_AppliesNothing_AndLeavesTheJournalAlone()
    {
        await using var dataSource = _database.CreateDataSource();
        await Migrator(dataSource).MigrateAsync();
        var journalBefore = await Db.QueryAsync(_database, "SELECT version, applied_at FROM schema_migrations ORDER BY version",
            r => (r.GetString(0), r.GetFieldValue<DateTimeOffset>(1)));

        await using var otherDataSource = _database.CreateDataSource();
        var applied = await Migrator(otherDataSource).MigrateAsync();

        Assert.That(applied, Is.Empty);
        Assert.That(await Db.QueryAsync(_database, "SELECT version, applied_at FROM schema_migrations ORDER BY version",
            r => (r.GetString(0), r.GetFieldValue<DateTimeOffset>(1))), Is.EqualTo(journalBefore));
    }

    [Test]
    public async Task Migrate_ReleasesTheAdvisoryLock()
    {
        await using var dataSource = _database.CreateDataSource();

        await Migrator(dataSource).MigrateAsync();

        // The pooled connection is still open (idle in the pool); it must not keep the lock.
        Assert.That(await AdvisoryLocksAsync(granted: true), Is.Empty);
    }

    // Two instances starting together

    [Test]
    public async Task TwoMigratorsStartingTogether_ApplyEachScriptExactlyOnce()
    {
        await using var firstSource = _database.CreateDataSource();
        await using var secondSource = _database.CreateDataSource();
        using var barrier = new Barrier(2);
        using var timeout = new CancellationTokenSource(Patience);

        Task<IReadOnlyList<string>> Start(NpgsqlDataSource source) => Task.Run(async () =>
        {
            barrier.SignalAndWait(timeout.Token);
            return await Migrator(source).MigrateAsync(timeout.Token);
        });

        var results = await Task.WhenAll(Start(firstSource), Start(secondSource));

        Assert.That(results.Count(r => r.Count > 0), Is.EqualTo(1), "exactly one instance applies the scripts");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(results.Single(r => r.Count > 0), Is.EqualTo(AllVersions));
            Assert.That(results.Single(r => r.Count == 0), Is.Empty);
            Assert.That(await JournalAsync(), Is.EqualTo(AllVersions), "each version is recorded exactly once");
        }

        Assert.That(await SchemaProblemsAsync(), Is.Empty);
        Assert.That(await Migrator(firstSource).MigrateAsync(), Is.Empty, "a later run finds nothing to do");
    }

    [Test]
    public async Task TwoMigratorsQueuedOnTheLock_RunOneAfterTheOther()
    {
        // Deterministic overlap: the test holds the migrators' advisory lock, starts both, waits
        // until PostgreSQL shows both of them queued on it, then lets them go.
        var lockKey = (long)typeof(DatabaseMigrator)
            .GetField("AdvisoryLockKey", BindingFlags.NonPublic | BindingFlags.Static)!
            .GetRawConstantValue()!;
        await using var holder = new NpgsqlConnection(_database.ConnectionString);
        await holder.OpenAsync();
        await using (var take = new NpgsqlCommand($"SELECT pg_advisory_lock({lockKey})", holder)) await take.ExecuteNonQueryAsync();

        await using var firstSource = _database.CreateDataSource();
        await using var secondSource = _database.CreateDataSource();
        using var timeout = new CancellationTokenSource(Patience);
        var first = Migrator(firstSource).MigrateAsync(timeout.Token);
        var second = Migrator(secondSource).MigrateAsync(timeout.Token);

        while ((await AdvisoryLocksAsync(granted: false)).Count < 2)
        {
            Assert.That(timeout.IsCancellationRequested, Is.False, "both migrators should be waiting for the lock");
            Assert.That(first.IsCompleted || second.IsCompleted, Is.False, "no migrator may pass the lock while it is held");
            await Task.Delay(20);
        }

        await using (var release = new NpgsqlCommand($"SELECT pg_advisory_unlock({lockKey})", holder)) await release.ExecuteNonQueryAsync();
        var results = await Task.WhenAll(first, second);

        Assert.That(results.Select(r => r.Count).Order(), Is.EqualTo(new[] { 0, AllVersions.Count }));
        Assert.That(await JournalAsync(), Is.EqualTo(AllVersions));
    }

    // A script that fails

    [Test]
    public async Task FailingScript_RollsBackEverythingItDid_AndReleasesTheLock()
    {
        // Make the first script fail on its very last statement, by taking the name of the last
        // object it creates. Everything it created before that must be rolled back with it.
        var (version, sql) = DatabaseMigrator.Scripts[0];
        var lastCreated = CreatedObject().Matches(sql).Last().Groups["name"].Value;
        await using (var connection = new NpgsqlConnection(_database.ConnectionString))
        {
            await connection.OpenAsync();
            await using var block = new NpgsqlCommand($"CREATE TABLE \"{lastCreated}\" (blocker integer)", connection);
            await block.ExecuteNonQueryAsync();
        }

        await using var dataSource = _database.CreateDataSource();
        var failure = Assert.ThrowsAsync<PostgresException>(() => Migrator(dataSource).MigrateAsync());

        Assert.That(failure.SqlState, Is.EqualTo(PostgresErrorCodes.DuplicateTable));
        var tables = await Db.QueryAsync(_database,
            "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename", r => r.GetString(0));
        Assert.That(tables, Is.EquivalentTo(new[] { "schema_migrations", lastCreated }), $"nothing of {version} may survive");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(await JournalAsync(), Is.Empty, $"{version} is not recorded as applied");
            Assert.That(await AdvisoryLocksAsync(granted: true), Is.Empty, "the lock is released after a failure");
        }

        // Once the obstacle is gone, another instance migrates normally.
        await using (var connection = new NpgsqlConnection(_database.ConnectionString))
        {
            await connection.OpenAsync();
            await using var unblock = new NpgsqlCommand($"DROP TABLE \"{lastCreated}\"", connection);
            await unblock.ExecuteNonQueryAsync();
        }

        await using var otherDataSource = _database.CreateDataSource();
        using var timeout = new CancellationTokenSource(Patience);
        Assert.That(await Migrator(otherDataSource).MigrateAsync(timeout.Token), Is.EqualTo(AllVersions));
        Assert.That(await SchemaProblemsAsync(), Is.Empty);
    }

    [GeneratedRegex(@"^\d{4}_[a-z0-9_]+$")]
    private static partial Regex VersionName();

    [GeneratedRegex(@"^\s*(COMMIT|ROLLBACK|BEGIN|START\s+TRANSACTION)\b", RegexOptions.IgnoreCase | RegexOptions.Multiline)]
    private static partial Regex TransactionControl();

    [GeneratedRegex(@"CREATE\s+(?:UNIQUE\s+)?(?:TABLE|INDEX)\s+(?<name>[a-z_][a-z0-9_]*)", RegexOptions.IgnoreCase)]
    private static partial Regex CreatedObject();
}
