using Npgsql;

namespace Streaming.Infrastructure.Data;

/// <summary>
/// A PostgreSQL session-level advisory lock held on its own connection until disposed: start-up
/// steps that must run once at a time across app instances (migrating, seeding) wait for it.
/// </summary>
public sealed class AdvisoryLock : IAsyncDisposable
{
    private readonly NpgsqlConnection _connection;
    private readonly long _key;

    private AdvisoryLock(NpgsqlConnection connection, long key)
    {
        _connection = connection;
        _key = key;
    }

    public static async Task<AdvisoryLock> AcquireAsync(NpgsqlDataSource dataSource, long key, CancellationToken cancellationToken)
    {
        var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        try
        {
            await using var command = new NpgsqlCommand($"SELECT pg_advisory_lock({key})", connection);
            await command.ExecuteNonQueryAsync(cancellationToken);
            return new AdvisoryLock(connection, key);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await using var command = new NpgsqlCommand($"SELECT pg_advisory_unlock({_key})", _connection);
            await command.ExecuteNonQueryAsync();
        }
        finally
        {
            // Closing the session releases the lock even if the unlock failed.
            await _connection.DisposeAsync();
        }
    }
}
