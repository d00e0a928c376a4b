using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Streaming.Infrastructure.Data;

namespace Streaming.TestSupport;

/// <summary>
/// A fresh PostgreSQL database for one fixture (or one test), dropped on dispose. The server
/// comes from STREAMING_TEST_PG, which scripts/test.sh sets after starting the private cluster.
/// </summary>
public sealed class TestDatabase : IAsyncDisposable
{
    public const string ServerVariable = "STREAMING_TEST_PG";

    private TestDatabase(string name, string connectionString)
    {
        Name = name;
        ConnectionString = connectionString;
    }

    public string Name { get; }

    public string ConnectionString { get; }

    public static string ServerConnectionString =>
        Environment.GetEnvironmentVariable(ServerVariable) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException(
                $"{ServerVariable} is not set. Run the tests with 'bash scripts/test.sh', which starts PostgreSQL and sets it.");

    /// <summary>Creates an empty database; with <paramref name="migrate"/> it gets the app's schema.</summary>
    public static async Task<TestDatabase> CreateAsync(bool migrate = true)
    {
        var server = new NpgsqlConnectionStringBuilder(ServerConnectionString);
        var name = $"t_{Guid.NewGuid():N}";
        await using (var connection = new NpgsqlConnection(server.ConnectionString))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
            await command.ExecuteNonQueryAsync();
        }

        var database = new NpgsqlConnectionStringBuilder(server.ConnectionString) { Database = name, Pooling = true };
        var test = new TestDatabase(name, database.ConnectionString);
        if (migrate)
        {
            await using var dataSource = NpgsqlDataSource.Create(test.ConnectionString);
            await test.Migrator(dataSource).MigrateAsync();
        }

        return test;
    }

    /// <summary>The app's migrator (EF Core migrations, adoption of SQL-migrator databases) on this database.</summary>
    public DatabaseMigrator Migrator(NpgsqlDataSource dataSource) =>
        new(new DbContextOptionsBuilder<ApplicationDbContext>().UseNpgsql(dataSource).Options, NullLogger<DatabaseMigrator>.Instance);

    public NpgsqlDataSource CreateDataSource() => NpgsqlDataSource.Create(ConnectionString);

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(ServerConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{Name}\" WITH (FORCE)", connection);
        await command.ExecuteNonQueryAsync();
    }
}
