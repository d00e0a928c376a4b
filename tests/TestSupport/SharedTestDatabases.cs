using System.Diagnostics;
using Npgsql;
using Respawn;

namespace Streaming.TestSupport;

/// <summary>
/// The migrated databases of one test process. Creating and migrating a database per fixture cost
/// more than the fixtures' own work, so a database is migrated once and emptied by Respawn each
/// time it is handed out again. Fixtures that NUnit runs in parallel each hold a different one:
/// a database is handed out to one holder at a time, and a new one is made when none is free, so
/// there are as many as fixtures ever ran at once (one in a project without parallel fixtures).
/// Each test project drops them after its last test (a [SetUpFixture] calls <see cref="DropAllAsync"/>);
/// those of a test process that was killed are dropped by the next one.
/// </summary>
internal static class SharedTestDatabases
{
    private const string Prefix = "t_shared_";

    private static readonly Lock Gate = new();
    private static readonly Stack<string> Free = new();
    private static readonly List<string> Made = [];
    private static readonly Lazy<Task> Started = new(DropThoseOfEndedProcessesAsync);
    private static readonly SemaphoreSlim RespawnerGate = new(1, 1);
    private static Respawner? _respawner;
    private static int _count;

    public static async Task<TestDatabase> LeaseAsync()
    {
        string? name;
        lock (Gate) Free.TryPop(out name);
        if (name is null) return await CreateAsync();

        var database = Handle(name);
        await ResetAsync(database);
        return database;
    }

    public static async Task DropAllAsync()
    {
        string[] names;
        lock (Gate)
        {
            names = [.. Made];
            Made.Clear();
            Free.Clear();
        }

        foreach (var name in names) await TestDatabase.DropAsync(name);
    }

    private static async Task<TestDatabase> CreateAsync()
    {
        await Started.Value;
        var name = $"{Prefix}{Environment.ProcessId}_{Interlocked.Increment(ref _count)}";
        var database = await TestDatabase.CreateDatabaseAsync(name, Release);
        lock (Gate) Made.Add(name);
        await database.MigrateAsync();
        return database;
    }

    private static TestDatabase Handle(string name) =>
        new(name, new NpgsqlConnectionStringBuilder(TestDatabase.ServerConnectionString) { Database = name, Pooling = true }.ConnectionString, Release);

    private static ValueTask Release(TestDatabase database)
    {
        // The next holder starts without the previous one's idle connections (and their session state).
        using (var connection = new NpgsqlConnection(database.ConnectionString)) NpgsqlConnection.ClearPool(connection);
        lock (Gate) Free.Push(database.Name);
        return ValueTask.CompletedTask;
    }

    private static async Task ResetAsync(TestDatabase database)
    {
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();

        // A connection the previous holder left in a transaction or mid-query would hold locks that
        // block the reset (dropping a database per fixture ended them too). Idle ones are harmless.
        await using (var command = new NpgsqlCommand(
                         """
                         SELECT pg_terminate_backend(pid, 10000) FROM pg_stat_activity
                         WHERE datname = current_database() AND pid <> pg_backend_pid() AND state <> 'idle'
                         """, connection))
            await command.ExecuteNonQueryAsync();

        var respawner = await RespawnerAsync(connection);
        await respawner.ResetAsync(connection);
    }

    /// <summary>One Respawner serves every database: they all have the schema of the same migrations.</summary>
    private static async Task<Respawner> RespawnerAsync(NpgsqlConnection connection)
    {
        await RespawnerGate.WaitAsync();
        try
        {
            return _respawner ??= await Respawner.CreateAsync(connection, new RespawnerOptions
            {
                DbAdapter = DbAdapter.Postgres,
                // The migration history says the schema is up to date; everything else is test data
                // (the migrations seed no rows: roles come from the app's seeding at start-up).
                TablesToIgnore = ["__EFMigrationsHistory"],
                // Identity columns start again at 1, as in a new database.
                WithReseed = true,
            });
        }
        finally
        {
            RespawnerGate.Release();
        }
    }

    private static async Task DropThoseOfEndedProcessesAsync()
    {
        List<string> names = [];
        await using (var connection = new NpgsqlConnection(TestDatabase.ServerConnectionString))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"SELECT datname FROM pg_database WHERE starts_with(datname, '{Prefix}')", connection);
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync()) names.Add(reader.GetString(0));
        }

        foreach (var name in names.Where(n => !IsRunning(OwnerProcess(n))))
            await TestDatabase.DropAsync(name);
    }

    /// <summary>The id of the process that made the database (its name is Prefix + process id + _ + number).</summary>
    private static int OwnerProcess(string name) =>
        int.TryParse(name[Prefix.Length..].Split('_')[0], out var pid) ? pid : 0;

    private static bool IsRunning(int pid)
    {
        if (pid <= 0) return false;
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
