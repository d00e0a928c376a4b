using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Streaming.Infrastructure.Data;

namespace Streaming.TestSupport;

/// <summary>
/// A PostgreSQL database for one fixture (or one test). The server comes from STREAMING_TEST_PG,
/// which scripts/test.sh sets after starting the private cluster.
/// <para>
/// A migrated database is a handle onto one of the test project's shared databases, emptied by
/// Respawn when handed out (every table but the migration history; identities restart), so it
/// looks like a freshly migrated one; disposing hands it back. Each fixture running at the same
/// time gets a database of its own (<see cref="SharedTestDatabases"/>). An empty database, or one
/// from <see cref="CreateSeparateAsync"/>, is created for the caller and dropped on dispose: for
/// migration and legacy-upgrade tests, and for anything that changes the schema.
/// </para>
/// </summary>
public sealed class TestDatabase : IAsyncDisposable
{
    public const string ServerVariable = "STREAMING_TEST_PG";

    private readonly Func<TestDatabase, ValueTask> _release;
    private int _disposed;

    internal TestDatabase(string name, string connectionString, Func<TestDatabase, ValueTask> release)
    {
        Name = name;
        ConnectionString = connectionString;
        _release = release;
    }

    public string Name { get; }

    public string ConnectionString { get; }

    public static string ServerConnectionString =>
        Environment.GetEnvironmentVariable(ServerVariable) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException(
                $"{ServerVariable} is not set. Run the tests with 'bash scripts/test.sh', which starts PostgreSQL and sets it.");

    /// <summary>
    /// With <paramref name="migrate"/> (the default) a shared database with the app's schema and no
    /// rows; without, a new empty database of the caller's own.
    /// </summary>
    public static async Task<TestDatabase> CreateAsync(bool migrate = true) =>
        migrate ? await SharedTestDatabases.LeaseAsync() : await CreateSeparateAsync(migrate: false);

    /// <summary>A new database of the caller's own (with the app's schema when <paramref name="migrate"/>), dropped on dispose.</summary>
    public static async Task<TestDatabase> CreateSeparateAsync(bool migrate = true)
    {
        var database = await CreateDatabaseAsync($"t_{Guid.NewGuid():N}", d => new ValueTask(DropAsync(d.Name)));
        if (migrate) await database.MigrateAsync();
        return database;
    }

    /// <summary>
    /// Drops the shared databases of this test process: each test project calls it after its last
    /// test (a [SetUpFixture] with a [OneTimeTearDown] in its root namespace).
    /// </summary>
    public static Task DropSharedDatabasesAsync() => SharedTestDatabases.DropAllAsync();

    /// <summary>The app's migrator (EF Core migrations, adoption of SQL-migrator databases) on this database.</summary>
    public DatabaseMigrator Migrator(NpgsqlDataSource dataSource) =>
        new(new DbContextOptionsBuilder<ApplicationDbContext>().UseNpgsql(dataSource).Options, NullLogger<DatabaseMigrator>.Instance);

    public NpgsqlDataSource CreateDataSource() => NpgsqlDataSource.Create(ConnectionString);

    /// <summary>Drops the database, or hands a shared one back; a second call does nothing.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0) await _release(this);
    }

    internal static async Task<TestDatabase> CreateDatabaseAsync(string name, Func<TestDatabase, ValueTask> release)
    {
        await using (var connection = new NpgsqlConnection(ServerConnectionString))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
            await command.ExecuteNonQueryAsync();
        }

        var database = new NpgsqlConnectionStringBuilder(ServerConnectionString) { Database = name, Pooling = true };
        return new TestDatabase(name, database.ConnectionString, release);
    }

    internal async Task MigrateAsync()
    {
        await using var dataSource = CreateDataSource();
        await Migrator(dataSource).MigrateAsync();
    }

    internal static async Task DropAsync(string name)
    {
        // Idle pooled connections to the database would otherwise be broken ones after the drop.
        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(ServerConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", connection);
        await command.ExecuteNonQueryAsync();
    }
}
