using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Streaming.Infrastructure.IntegrationTests.Support;

namespace Streaming.Infrastructure.IntegrationTests.Data;

/// <summary>
/// The tests' databases: a shared migrated database comes back empty, as if new, to whoever takes
/// it next, and two holders at once never share one. Alone, so that the database handed back here
/// is the one taken next.
/// </summary>
[NonParallelizable]
public class TestDatabaseTests
{
    private readonly TestClock _clock = new();

    /// <summary>The rows in every table but the migration history.</summary>
    private static async Task<long> RowsAsync(TestDatabase database)
    {
        var tables = await Db.QueryAsync(database,
            "SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename <> '__EFMigrationsHistory'", r => r.GetString(0));
        long rows = 0;
        foreach (var table in tables) rows += await Db.CountAsync(database, table);
        return rows;
    }

    private static async Task<int> AddKeyAsync(TestDatabase database)
    {
        await using var db = Db.Context(database);
        var key = new DataProtectionKey { FriendlyName = "k", Xml = "<key/>" };
        db.DataProtectionKeys.Add(key);
        await db.SaveChangesAsync();
        return key.Id;
    }

    [Test]
    public async Task ASharedDatabase_TakenAgain_HasTheSchemaAndNoRows_AndItsIdentitiesStartAgain()
    {
        string name;
        await using (var first = await TestDatabase.CreateAsync())
        {
            name = first.Name;
            var instructor = await Db.AddAccountAsync(first, "coach@example.com", _clock.Now);
            await TestStreams.AddScheduledAsync(first, instructor, _clock.Now);
            await AddKeyAsync(first);
            Assert.That(await AddKeyAsync(first), Is.EqualTo(2));
            Assert.That(await RowsAsync(first), Is.GreaterThanOrEqualTo(5), "users, profiles, a class and two keys");
        }

        await using var second = await TestDatabase.CreateAsync();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(second.Name, Is.EqualTo(name), "the database handed back is taken again");
            Assert.That(await RowsAsync(second), Is.Zero, "no rows of the previous holder");
            Assert.That(await Db.CountAsync(second, "__EFMigrationsHistory"), Is.Positive, "the migration history stays");
            Assert.That(await AddKeyAsync(second), Is.EqualTo(1), "identity columns start again at 1");
            // The same account again: nothing of it is left to collide with.
            Assert.That(await Db.AddAccountAsync(second, "coach@example.com", _clock.Now), Is.Not.Empty);
        }
    }

    [Test]
    public async Task TwoHoldersAtOnce_GetDifferentDatabases()
    {
        await using var first = await TestDatabase.CreateAsync();
        await using var second = await TestDatabase.CreateAsync();

        Assert.That(second.Name, Is.Not.EqualTo(first.Name));
    }

    [Test]
    public async Task ASeparateDatabase_IsDroppedOnDispose()
    {
        string name;
        await using (var separate = await TestDatabase.CreateSeparateAsync())
        {
            name = separate.Name;
            Assert.That(await Db.CountAsync(separate, "__EFMigrationsHistory"), Is.Positive, "migrated");
        }

        await using var server = new NpgsqlConnection(TestDatabase.ServerConnectionString);
        await server.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT count(*) FROM pg_database WHERE datname = @name", server);
        command.Parameters.AddWithValue("name", name);
        Assert.That(await command.ExecuteScalarAsync(), Is.Zero);
    }
}
