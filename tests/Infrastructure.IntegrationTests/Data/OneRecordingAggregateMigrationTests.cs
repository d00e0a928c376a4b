using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Streaming.Domain.Recordings;
using Streaming.Infrastructure.Data.Migrations;
using Streaming.Infrastructure.IntegrationTests.Support;

namespace Streaming.Infrastructure.IntegrationTests.Data;

/// <summary>
/// Meetings (meet_rooms) and voice calls (voice_calls) become rows of one recordings table with the
/// same ids, so the clips cut from them and the links shared to them keep working.
/// </summary>
[Parallelizable(ParallelScope.Self)]
public class OneRecordingAggregateMigrationTests
{
    private static readonly Guid Meeting = Guid.Parse("7a000000-0000-4000-8000-000000000001");
    private static readonly Guid MeetingWithoutFile = Guid.Parse("7a000000-0000-4000-8000-000000000002");
    private static readonly Guid Call = Guid.Parse("7a000000-0000-4000-8000-000000000003");
    private static readonly Guid MeetingClip = Guid.Parse("7a000000-0000-4000-8000-000000000004");
    private static readonly Guid CallClip = Guid.Parse("7a000000-0000-4000-8000-000000000005");
    private static readonly Guid CallShare = Guid.Parse("7a000000-0000-4000-8000-000000000006");

    private TestDatabase _database = null!;

    [SetUp]
    public async Task CreateADatabaseWithMeetingsAndCalls()
    {
        _database = await TestDatabase.CreateAsync(migrate: false);
        await using (var db = Db.Context(_database))
        {
            var aggregate = DatabaseMigrator.MigrationId(typeof(OneRecordingAggregate));
            var before = db.Database.GetMigrations().TakeWhile(m => m != aggregate).Last();
            await db.GetService<IMigrator>().MigrateAsync(before);
        }

        await LegacyDatabase.ExecuteAsync(_database, $"""
            INSERT INTO users (id, user_name, normalized_user_name, email, normalized_email, email_confirmed, security_stamp,
                               phone_number_confirmed, two_factor_enabled, lockout_enabled, access_failed_count)
            VALUES ('u-ana', 'ana@example.com', 'ANA@EXAMPLE.COM', 'ana@example.com', 'ANA@EXAMPLE.COM', true, 's1', false, false, true, 0),
                   ('u-admin', 'admin@example.com', 'ADMIN@EXAMPLE.COM', 'admin@example.com', 'ADMIN@EXAMPLE.COM', true, 's2', false, false, true, 0);
            INSERT INTO user_profiles (id, display_name, email, created_at)
            VALUES ('u-ana', 'Ana', 'ana@example.com', '2030-01-01T08:00:00Z'),
                   ('u-admin', 'Admin', 'admin@example.com', '2030-01-01T08:00:00Z');
            INSERT INTO meet_rooms (id, product, owner_id, name, recording_location, recording_size_bytes, duration_seconds, recorded_at, egress_id, created_at)
            VALUES ('{Meeting}', 'TipJar', 'u-ana', 'Weekly sync', 'meet/2030/01/weekly.mp4', 1048576, 62.5, '2030-01-10T09:00:00Z', 'EG_weekly', '2030-01-10T08:00:00Z'),
                   ('{MeetingWithoutFile}', 'M10', 'u-ana', 'Still running', NULL, NULL, NULL, NULL, NULL, '2030-01-11T08:00:00Z');
            INSERT INTO voice_calls (id, product, owner_id, participants, recording_location, recording_size_bytes, duration_seconds, recorded_at, created_at)
            VALUES ('{Call}', 'M10', 'u-admin', 'Ana, +1 555 0142', 'https://cdn.example/call.m4a', 2048, 30, '2030-01-12T09:00:00Z', '2030-01-12T08:00:00Z');
            INSERT INTO recording_clips (id, source_type, source_id, product, owner_id, start_seconds, end_seconds, status, progress, attempts, created_at, updated_at)
            VALUES ('{MeetingClip}', 'Meet', '{Meeting}', 'TipJar', 'u-ana', 1, 11, 'Pending', 0, 0, '2030-01-13T08:00:00Z', '2030-01-13T08:00:00Z'),
                   ('{CallClip}', 'Voice', '{Call}', 'M10', 'u-admin', 2, 12, 'Pending', 0, 0, '2030-01-13T08:00:00Z', '2030-01-13T08:00:00Z');
            INSERT INTO recording_shares (id, item_type, item_id, product, owner_id, token, created_at)
            VALUES ('{CallShare}', 'Voice', '{Call}', 'M10', 'u-admin', '{new string('t', RecordingShare.TokenLength)}', '2030-01-13T08:00:00Z');
            """);
    }

    [TearDown]
    public async Task DropTheDatabase() => await _database.DisposeAsync();

    [Test]
    public async Task MeetingsAndCalls_BecomeRecordings_WithTheirIds_FilesAndClips()
    {
        await using (var dataSource = _database.CreateDataSource())
            await _database.Migrator(dataSource).MigrateAsync();

        await using var db = Db.Context(_database);
        var recordings = await db.Recordings.AsNoTracking().OrderBy(r => r.CreatedAt).ToListAsync();
        var clips = await db.RecordingClips.AsNoTracking().ToDictionaryAsync(c => c.Id, c => c.RecordingId);
        var tables = await Db.QueryAsync(_database, "SELECT tablename FROM pg_tables WHERE schemaname = 'public'", r => r.GetString(0));
        using (Assert.EnterMultipleScope())
        {
            Assert.That(recordings.Select(r => (r.Id, r.Kind, r.Product, r.OwnerId, r.Title)), Is.EqualTo(new[]
            {
                (Meeting, RecordingType.Meet, "TipJar", "u-ana", "Weekly sync"),
                (MeetingWithoutFile, RecordingType.Meet, "M10", "u-ana", "Still running"),
                (Call, RecordingType.Voice, "M10", "u-admin", "Call with Ana, +1 555 0142"),
            }));
            var weekly = recordings[0];
            Assert.That((weekly.File!.Location, weekly.File.SizeBytes, weekly.File.DurationSeconds, weekly.File.RecordedAt, weekly.EgressId),
                Is.EqualTo(("meet/2030/01/weekly.mp4", 1048576L, 62.5, new DateTimeOffset(2030, 1, 10, 9, 0, 0, TimeSpan.Zero), "EG_weekly")));
            Assert.That(recordings[1].File, Is.Null, "a meeting still without its file has none");
            Assert.That((recordings[2].File!.Location, recordings[2].File!.SizeBytes, recordings[2].EgressId),
                Is.EqualTo(("https://cdn.example/call.m4a", 2048L, (string?)null)));
            Assert.That(clips, Is.EqualTo(new Dictionary<Guid, Guid> { [MeetingClip] = Meeting, [CallClip] = Call }));
            Assert.That(await db.RecordingShares.Where(s => s.Id == CallShare).Select(s => s.ItemId).SingleAsync(), Is.EqualTo(Call));
            Assert.That(tables, Does.Contain("recordings").And.Not.Contain("meet_rooms").And.Not.Contain("voice_calls"));
        }

        // The egress id is still unique: a webhook delivered again cannot attach a second copy.
        Assert.That(await db.Recordings.CountAsync(r => r.EgressId == "EG_weekly"), Is.EqualTo(1));
    }

    [Test]
    public async Task MigratingBack_PutsMeetingsAndCallsBack()
    {
        await using (var dataSource = _database.CreateDataSource())
            await _database.Migrator(dataSource).MigrateAsync();
        await using (var db = Db.Context(_database))
        {
            var aggregate = DatabaseMigrator.MigrationId(typeof(OneRecordingAggregate));
            await db.GetService<IMigrator>().MigrateAsync(db.Database.GetMigrations().TakeWhile(m => m != aggregate).Last());
        }

        var rooms = await Db.QueryAsync(_database, "SELECT name, egress_id FROM meet_rooms ORDER BY created_at", r => (r.GetString(0), r.IsDBNull(1) ? null : r.GetString(1)));
        var calls = await Db.QueryAsync(_database, "SELECT participants FROM voice_calls", r => r.GetString(0));
        var clipTypes = await Db.QueryAsync(_database, "SELECT source_type FROM recording_clips ORDER BY start_seconds", r => r.GetString(0));
        using (Assert.EnterMultipleScope())
        {
            Assert.That(rooms, Is.EqualTo(new[] { ("Weekly sync", (string?)"EG_weekly"), ("Still running", null) }));
            Assert.That(calls, Is.EqualTo(new[] { "Ana, +1 555 0142" }));
            Assert.That(clipTypes, Is.EqualTo(new[] { "Meet", "Voice" }));
        }
    }
}
