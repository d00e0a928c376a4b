using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Migrations.Operations;
using Streaming.Infrastructure.IntegrationTests.Support;

namespace Streaming.Infrastructure.IntegrationTests.Data;

/// <summary>
/// The EF Core migrations as the app applies them at start-up and with <c>-- migrate</c>: all of
/// them, once, under EF Core's migrations lock (LOCK TABLE "__EFMigrationsHistory" in the
/// migration's transaction), all or nothing.
/// </summary>
[Parallelizable(ParallelScope.Self)]
public class DatabaseMigratorTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    private TestDatabase _database = null!;

    [SetUp]
    public async Task CreateAnEmptyDatabase() => _database = await TestDatabase.CreateAsync(migrate: false);

    [TearDown]
    public async Task DropTheDatabase() => await _database.DisposeAsync();

    private List<string> AllMigrations()
    {
        using var db = Db.Context(_database);
        return db.Database.GetMigrations().ToList();
    }

    private DatabaseMigrator Migrator(NpgsqlDataSource dataSource) => _database.Migrator(dataSource);

    private Task<List<string>> HistoryAsync() =>
        Db.QueryAsync(_database, "SELECT migration_id FROM \"__EFMigrationsHistory\" ORDER BY migration_id", r => r.GetString(0));

    /// <summary>Locks on the history table, as pids (granted or waiting).</summary>
    private Task<List<string>> HistoryLocksAsync(bool granted) =>
        Db.QueryAsync(_database, $"""
            SELECT l.pid::text FROM pg_locks l
            WHERE l.locktype = 'relation' AND l.relation = to_regclass('"{SchemaInspector.MigrationsTable}"') AND l.granted = {granted}
            """, r => r.GetString(0));

    private async Task<List<string>> SchemaProblemsAsync()
    {
        var schema = await SchemaInspector.ReadAsync(_database);
        return [.. schema.MissingTables(), .. schema.ColumnDifferences(compareTypes: true), .. schema.IndexDifferences(), .. schema.ConstraintDifferences()];
    }

    // The migrations in the assembly

    [Test]
    public void Migrations_AreInTheAssembly_WithTheModelSnapshot_AndNamedInOrder()
    {
        using var db = Db.Context(_database);
        var migrations = db.GetService<IMigrationsAssembly>();

        Assert.That(migrations.ModelSnapshot, Is.Not.Null);
        Assert.That(AllMigrations(), Is.Not.Empty.And.Unique.And.Ordered.Using((IComparer<string>)StringComparer.Ordinal));
        Assert.That(AllMigrations()[0], Is.EqualTo(LegacySchema.BaselineMigrationId));
    }

    [Test]
    public void Model_HasNoChangeTheMigrationsLack()
    {
        // Fails when the model was changed without `dotnet ef migrations add` (README, "Database migrations").
        using var db = Db.Context(_database);

        Assert.That(db.Database.HasPendingModelChanges(), Is.False);
    }

    // Applying

    [Test]
    public async Task EmptyDatabase_GetsEveryMigration_RecordedOnce()
    {
        await using var dataSource = _database.CreateDataSource();

        var applied = await Migrator(dataSource).MigrateAsync();

        Assert.That(applied, Is.EqualTo(AllMigrations()));
        Assert.That(await HistoryAsync(), Is.EqualTo(AllMigrations()));
        Assert.That(await SchemaProblemsAsync(), Is.Empty);
    }

    [Test]
    public async Task SecondRun_AppliesNothing_AndLeavesTheHistoryAlone()
    {
        await using var dataSource = _database.CreateDataSource();
        await Migrator(dataSource).MigrateAsync();
        const string history = "SELECT migration_id, product_version, xmin::text FROM \"__EFMigrationsHistory\" ORDER BY 1";
        var historyBefore = await Db.QueryAsync(_database, history, r => (r.GetString(0), r.GetString(1), r.GetString(2)));

        await using var otherDataSource = _database.CreateDataSource();
        var applied = await Migrator(otherDataSource).MigrateAsync();

        Assert.That(applied, Is.Empty);
        Assert.That(await Db.QueryAsync(_database, history, r => (r.GetString(0), r.GetString(1), r.GetString(2))), Is.EqualTo(historyBefore));
    }

    // Two instances starting together

    [Test]
    public async Task TwoMigratorsStartingTogether_ApplyEachMigrationExactlyOnce()
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

        Assert.That(results.Count(r => r.Count > 0), Is.EqualTo(1), "exactly one instance applies the migrations");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(results.Single(r => r.Count > 0), Is.EqualTo(AllMigrations()));
            Assert.That(await HistoryAsync(), Is.EqualTo(AllMigrations()), "each migration is recorded exactly once");
        }

        Assert.That(await SchemaProblemsAsync(), Is.Empty);
        Assert.That(await Migrator(firstSource).MigrateAsync(), Is.Empty, "a later run finds nothing to do");
    }

    [Test]
    public async Task TwoMigratorsQueuedOnTheLock_RunOneAfterTheOther()
    {
        // Deterministic overlap: the test takes EF Core's migrations lock itself (the history table,
        // locked in a transaction), starts both, waits until PostgreSQL shows both queued, then commits.
        await using (var db = Db.Context(_database)) await db.GetService<IHistoryRepository>().CreateIfNotExistsAsync();
        await using var holder = new NpgsqlConnection(_database.ConnectionString);
        await holder.OpenAsync();
        await using var holding = await holder.BeginTransactionAsync();
        await using (var take = new NpgsqlCommand($"LOCK TABLE \"{SchemaInspector.MigrationsTable}\" IN ACCESS EXCLUSIVE MODE", holder, holding))
            await take.ExecuteNonQueryAsync();

        await using var firstSource = _database.CreateDataSource();
        await using var secondSource = _database.CreateDataSource();
        using var timeout = new CancellationTokenSource(Patience);
        var first = Migrator(firstSource).MigrateAsync(timeout.Token);
        var second = Migrator(secondSource).MigrateAsync(timeout.Token);

        while ((await HistoryLocksAsync(granted: false)).Count < 2)
        {
            Assert.That(timeout.IsCancellationRequested, Is.False, "both migrators should be waiting for the lock");
            Assert.That(first.IsCompleted || second.IsCompleted, Is.False, "no migrator may pass the lock while it is held");
            await Task.Delay(20);
        }

        await holding.CommitAsync();
        var results = await Task.WhenAll(first, second);

        Assert.That(results.Select(r => r.Count).Order(), Is.EqualTo(new[] { 0, AllMigrations().Count }));
        Assert.That(await HistoryAsync(), Is.EqualTo(AllMigrations()));
    }

    // A migration that fails

    [Test]
    public async Task FailingMigration_RollsBackEverythingItDid_AndReleasesTheLock()
    {
        // Make the latest migration that creates a table or an index fail on the last one it
        // creates, by taking that object's name first (a migration of only SQL or settings names
        // nothing to take). Everything the migrations created before it must be rolled back with it.
        string lastCreated;
        await using (var db = Db.Context(_database))
        {
            var assembly = db.GetService<IMigrationsAssembly>();
            lastCreated = assembly.Migrations.Reverse()
                .Select(m => assembly.CreateMigration(m.Value, db.Database.ProviderName!).UpOperations.Select(o => o switch
                {
                    CreateIndexOperation index => index.Name,
                    CreateTableOperation table => table.Name,
                    _ => null,
                }).LastOrDefault(n => n is not null))
                .First(n => n is not null)!;
        }

        await LegacyDatabase.ExecuteAsync(_database, $"CREATE TABLE \"{lastCreated}\" (blocker integer)");

        await using var dataSource = _database.CreateDataSource();
        var failure = Assert.ThrowsAsync<PostgresException>(() => Migrator(dataSource).MigrateAsync());

        Assert.That(failure.SqlState, Is.EqualTo(PostgresErrorCodes.DuplicateTable));
        var tables = await Db.QueryAsync(_database,
            "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename", r => r.GetString(0));
        Assert.That(tables, Is.EquivalentTo(new[] { SchemaInspector.MigrationsTable, lastCreated }), "nothing of the migrations may survive");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(await HistoryAsync(), Is.Empty, "no migration is recorded as applied");
            Assert.That(await HistoryLocksAsync(granted: true), Is.Empty, "the lock is released after a failure");
        }

        // Once the obstacle is gone, another instance migrates normally.
        await LegacyDatabase.ExecuteAsync(_database, $"DROP TABLE \"{lastCreated}\"");
        await using var otherDataSource = _database.CreateDataSource();
        using var timeout = new CancellationTokenSource(Patience);
        Assert.That(await Migrator(otherDataSource).MigrateAsync(timeout.Token), Is.EqualTo(AllMigrations()));
        Assert.That(await SchemaProblemsAsync(), Is.Empty);
    }
}
