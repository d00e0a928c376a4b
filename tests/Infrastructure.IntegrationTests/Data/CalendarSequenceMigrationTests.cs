using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Streaming.Infrastructure.Data.Migrations;
using Streaming.Infrastructure.IntegrationTests.Support;

namespace Streaming.Infrastructure.IntegrationTests.Data;

/// <summary>
/// Classes that exist when the stored calendar SEQUENCE arrives keep counting from the value
/// calendar apps last saw (the seconds between creation and the last edit), never below it.
/// </summary>
[Parallelizable(ParallelScope.Self)]
public class CalendarSequenceMigrationTests
{
    private TestDatabase _database = null!;

    [SetUp]
    public async Task CreateADatabaseBeforeTheSequence()
    {
        _database = await TestDatabase.CreateAsync(migrate: false);
        await using var db = Db.Context(_database);
        var sequenceMigration = DatabaseMigrator.MigrationId(typeof(CalendarSequenceProfilesAndShares));
        var before = db.Database.GetMigrations().TakeWhile(m => m != sequenceMigration).Last();
        await db.GetService<IMigrator>().MigrateAsync(before);
    }

    [TearDown]
    public async Task DropTheDatabase() => await _database.DisposeAsync();

    [Test]
    public async Task ExistingClasses_StartAtTheSecondsBetweenCreationAndLastEdit()
    {
        var never = Guid.NewGuid();
        var edited = Guid.NewGuid();
        var skewed = Guid.NewGuid();
        var ancient = Guid.NewGuid();
        await LegacyDatabase.ExecuteAsync(_database, $"""
            INSERT INTO users (id, user_name, normalized_user_name, email, normalized_email, email_confirmed, security_stamp,
                               phone_number_confirmed, two_factor_enabled, lockout_enabled, access_failed_count)
            VALUES ('u-maya', 'maya@example.com', 'MAYA@EXAMPLE.COM', 'maya@example.com', 'MAYA@EXAMPLE.COM', true, 's1', false, false, true, 0);
            INSERT INTO user_profiles (id, display_name, email, created_at) VALUES ('u-maya', 'Coach Maya', 'maya@example.com', '2030-01-01T08:00:00Z');
            INSERT INTO live_streams (id, instructor_id, title, description, scheduled_start, duration_minutes, price_in_tokens,
                                      status, peak_viewers, created_at, updated_at, seats_taken)
            VALUES ('{never}', 'u-maya', 'Never edited', '', '2030-02-01T07:00:00Z', 45, 0, 'Scheduled', 0, '2030-01-05T08:00:00Z', '2030-01-05T08:00:00Z', 0),
                   ('{edited}', 'u-maya', 'Moved', '', '2030-02-01T07:00:00Z', 45, 0, 'Scheduled', 0, '2030-01-05T08:00:00Z', '2030-01-05T09:01:30.75Z', 0),
                   ('{skewed}', 'u-maya', 'Clock skew', '', '2030-02-01T07:00:00Z', 45, 0, 'Scheduled', 0, '2030-01-05T08:00:00Z', '2030-01-05T07:59:00Z', 0),
                   ('{ancient}', 'u-maya', 'Edited 90 years on', '', '2030-02-01T07:00:00Z', 45, 0, 'Cancelled', 0, '1990-01-05T08:00:00Z', '2080-01-05T08:00:00Z', 0);
            """);

        await using (var dataSource = _database.CreateDataSource())
            await _database.Migrator(dataSource).MigrateAsync();

        var sequences = (await Db.QueryAsync(_database, "SELECT id, calendar_sequence FROM live_streams", r => (r.GetGuid(0), r.GetInt32(1))))
            .ToDictionary(r => r.Item1, r => r.Item2);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(sequences[never], Is.Zero);
            Assert.That(sequences[edited], Is.EqualTo(3690), "whole seconds, as the old SEQUENCE was");
            Assert.That(sequences[skewed], Is.Zero, "an edit dated before the creation does not go negative");
            Assert.That(sequences[ancient], Is.EqualTo(2147483000), "capped below int.MaxValue, so later changes can still count up");
        }
    }
}
