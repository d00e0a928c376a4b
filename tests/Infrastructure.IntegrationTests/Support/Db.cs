using Streaming.Infrastructure.Identity;

namespace Streaming.Infrastructure.IntegrationTests.Support;

/// <summary>A plain ApplicationDbContext on a test database (no DI), plus small helpers for test data.</summary>
internal static class Db
{
    public static ApplicationDbContext Context(TestDatabase database) =>
        new(new DbContextOptionsBuilder<ApplicationDbContext>().UseNpgsql(database.ConnectionString).Options);

    /// <summary>Reads with a fresh context of its own (nothing cached from the code under test).</summary>
    public static async Task<T> ReadAsync<T>(TestDatabase database, Func<ApplicationDbContext, Task<T>> read)
    {
        await using var db = Context(database);
        return await read(db);
    }

    /// <summary>An account row and its profile, written directly (no Identity, no roles).</summary>
    public static async Task<string> AddAccountAsync(TestDatabase database, string email, DateTimeOffset now)
    {
        await using var db = Context(database);
        var user = new ApplicationUser
        {
            UserName = email,
            NormalizedUserName = email.ToUpperInvariant(),
            Email = email,
            NormalizedEmail = email.ToUpperInvariant(),
            SecurityStamp = Guid.NewGuid().ToString("N"),
        };
        db.Users.Add(user);
        db.Profiles.Add(new Domain.Users.UserProfile(user.Id, email.Split('@')[0], email, now));
        await db.SaveChangesAsync();
        return user.Id;
    }

    public static async Task<long> CountAsync(TestDatabase database, string table)
    {
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"SELECT count(*) FROM \"{table}\"", connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    public static async Task<List<T>> QueryAsync<T>(TestDatabase database, string sql, Func<NpgsqlDataReader, T> read)
    {
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<T>();
        while (await reader.ReadAsync()) rows.Add(read(reader));
        return rows;
    }
}
