using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Streaming.Domain.Enrollments;
using Streaming.Domain.Recordings;
using Streaming.Domain.Streams;
using Streaming.Infrastructure.IntegrationTests.Support;

namespace Streaming.Infrastructure.IntegrationTests.Data;

/// <summary>
/// Databases made by the SQL migrator of earlier releases (scripts 0001–0006, kept in
/// Data/LegacySql): the Baseline migration builds the same schema, and such a database is adopted
/// and upgraded in place, its data kept.
/// </summary>
[Parallelizable(ParallelScope.Self)]
public class LegacySchemaTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private static readonly Guid StreamId = Guid.Parse("6f1f2f3e-0000-4000-8000-000000000001");
    private static readonly Guid EnrollmentId = Guid.Parse("6f1f2f3e-0000-4000-8000-000000000002");
    private static readonly Guid MeetingId = Guid.Parse("6f1f2f3e-0000-4000-8000-000000000003");

    private readonly List<TestDatabase> _databases = [];

    [TearDown]
    public async Task DropTheDatabases()
    {
        foreach (var database in _databases) await database.DisposeAsync();
    }

    private async Task<TestDatabase> EmptyDatabaseAsync()
    {
        var database = await TestDatabase.CreateAsync(migrate: false);
        _databases.Add(database);
        return database;
    }

    private async Task<TestDatabase> LegacyDatabaseAsync(int? scripts = null)
    {
        var database = await EmptyDatabaseAsync();
        await LegacyDatabase.BuildAsync(database, scripts);
        return database;
    }

    private static async Task<IReadOnlyList<string>> MigrateAsync(TestDatabase database, CancellationToken cancellationToken = default)
    {
        await using var dataSource = database.CreateDataSource();
        return await database.Migrator(dataSource).MigrateAsync(cancellationToken);
    }

    private static async Task<List<string>> AllMigrationsAsync(TestDatabase database)
    {
        await using var db = Db.Context(database);
        return db.Database.GetMigrations().ToList();
    }

    private static Task<List<string>> HistoryAsync(TestDatabase database) =>
        Db.QueryAsync(database, "SELECT migration_id FROM \"__EFMigrationsHistory\" ORDER BY migration_id", r => r.GetString(0));

    private static Task<List<string>> TablesAsync(TestDatabase database) =>
        Db.QueryAsync(database, "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename", r => r.GetString(0));

    private static async Task<Dictionary<string, long>> RowCountsAsync(TestDatabase database)
    {
        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var table in (await TablesAsync(database)).Where(t => t is not LegacySchema.JournalTable and not SchemaInspector.MigrationsTable))
            counts[table] = await Db.CountAsync(database, table);
        return counts;
    }

    /// <summary>What an earlier release stored: an instructor, a member, a paid class, a key.</summary>
    private static Task AddDataAsync(TestDatabase database) => LegacyDatabase.ExecuteAsync(database, $"""
        INSERT INTO users (id, user_name, normalized_user_name, email, normalized_email, email_confirmed, security_stamp,
                           phone_number_confirmed, two_factor_enabled, lockout_enabled, access_failed_count)
        VALUES ('u-maya', 'maya@example.com', 'MAYA@EXAMPLE.COM', 'maya@example.com', 'MAYA@EXAMPLE.COM', true, 's1', false, false, true, 0),
               ('u-ana', 'ana@example.com', 'ANA@EXAMPLE.COM', 'ana@example.com', 'ANA@EXAMPLE.COM', true, 's2', false, false, true, 0);
        INSERT INTO roles (id, name, normalized_name) VALUES ('r-instructor', 'Instructor', 'INSTRUCTOR');
        INSERT INTO user_roles (user_id, role_id) VALUES ('u-maya', 'r-instructor');
        INSERT INTO user_profiles (id, display_name, email, created_at, calendar_token)
        VALUES ('u-maya', 'Coach Maya', 'maya@example.com', '2030-01-01T08:00:00Z', NULL),
               ('u-ana', 'Ana', 'ana@example.com', '2030-01-02T08:00:00Z', 'feed-token-of-ana');
        INSERT INTO live_streams (id, instructor_id, title, description, scheduled_start, duration_minutes, price_in_tokens,
                                  capacity, status, peak_viewers, created_at, updated_at, seats_taken)
        VALUES ('{StreamId}', 'u-maya', 'Morning flow', 'Bring a mat', '2030-02-01T07:00:00Z', 45, 10, 12, 'Scheduled', 0,
                '2030-01-05T08:00:00Z', '2030-01-05T08:00:00Z', 1);
        INSERT INTO token_accounts (member_id, balance, created_at, updated_at)
        VALUES ('u-ana', 90, '2030-01-03T08:00:00Z', '2030-01-06T08:00:00Z');
        INSERT INTO token_transactions (id, member_id, amount, kind, reason, stream_id, idempotency_key, balance_after, created_at)
        VALUES ('6f1f2f3e-0000-4000-8000-0000000000a1', 'u-ana', 100, 'Grant', 'welcome', NULL, 'grant-1', 100, '2030-01-03T08:00:00Z'),
               ('6f1f2f3e-0000-4000-8000-0000000000a2', 'u-ana', -10, 'Enrollment', 'Morning flow', '{StreamId}', 'pay-{EnrollmentId}', 90, '2030-01-06T08:00:00Z');
        INSERT INTO enrollments (id, stream_id, member_id, status, tokens_paid, ledger_transaction_id, created_at, activated_at)
        VALUES ('{EnrollmentId}', '{StreamId}', 'u-ana', 'Active', 10, '6f1f2f3e-0000-4000-8000-0000000000a2',
                '2030-01-06T08:00:00Z', '2030-01-06T08:00:01Z');
        INSERT INTO meet_rooms (id, product, owner_id, name, recording_location, recording_size_bytes, duration_seconds, recorded_at, created_at)
        VALUES ('{MeetingId}', 'TipJar', 'u-ana', 'Weekly sync', 'meet/weekly.mp4', 1048576, 61.5, '2030-01-07T08:00:00Z', '2030-01-07T08:00:00Z');
        INSERT INTO data_protection_keys (friendly_name, xml) VALUES ('key-1', '<key id="1" version="1" />');
        """);

    [Test]
    public async Task LegacyScripts_AreTheSixTheAppRecognises()
    {
        Assert.That(LegacyDatabase.Scripts.Select(s => s.Version), Is.EqualTo(LegacySchema.Versions));
        Assert.That(await AllMigrationsAsync(await EmptyDatabaseAsync()), Has.Count.GreaterThanOrEqualTo(1).And.Member(LegacySchema.BaselineMigrationId));
        Assert.That((await AllMigrationsAsync(_databases[0]))[0], Is.EqualTo(LegacySchema.BaselineMigrationId), "the baseline is the first migration");
    }

    [Test]
    public async Task Baseline_BuildsExactlyTheSchemaOfTheSqlScripts()
    {
        var legacy = await LegacyDatabaseAsync();
        var migrated = await EmptyDatabaseAsync();
        await using (var db = Db.Context(migrated))
            await db.GetService<IMigrator>().MigrateAsync(LegacySchema.BaselineMigrationId);

        var fromScripts = await SchemaInspector.DescribeAsync(legacy, LegacySchema.JournalTable);
        var fromBaseline = await SchemaInspector.DescribeAsync(migrated, SchemaInspector.MigrationsTable);

        Assert.That(fromScripts, Has.Count.GreaterThan(200), "the description covers the whole schema");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(fromBaseline.Except(fromScripts), Is.Empty, "only in the Baseline migration's schema");
            Assert.That(fromScripts.Except(fromBaseline), Is.Empty, "only in the SQL scripts' schema");
        }
    }

    [Test]
    public async Task OldMigratorDatabase_IsAdopted_KeepingEveryRow_AndThenMigratesLikeAnyOther()
    {
        var legacy = await LegacyDatabaseAsync();
        await AddDataAsync(legacy);
        var rowsBefore = await RowCountsAsync(legacy);

        var applied = await MigrateAsync(legacy);

        var migrations = await AllMigrationsAsync(legacy);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(applied, Is.EqualTo(migrations.Skip(1)), "the baseline is recorded, not run; later migrations run");
            Assert.That(await HistoryAsync(legacy), Is.EqualTo(migrations));
            Assert.That(await TablesAsync(legacy), Does.Not.Contain(LegacySchema.JournalTable), "the old journal is gone");
            Assert.That(await RowCountsAsync(legacy), Is.EqualTo(rowsBefore).Using<Dictionary<string, long>>(SameCounts), "no row lost");
        }

        Assert.That(await MigrateAsync(legacy), Is.Empty, "a second start finds nothing to do");
    }

    /// <summary>Tables merged by a later migration count as the table they went into (meetings and calls became recordings).</summary>
    private static bool SameCounts(Dictionary<string, long> actual, Dictionary<string, long> expected) =>
        expected.All(e => actual.GetValueOrDefault(e.Key is "meet_rooms" or "voice_calls" ? "recordings" : e.Key)
                          == (e.Key is "meet_rooms" or "voice_calls" ? expected.GetValueOrDefault("meet_rooms") + expected.GetValueOrDefault("voice_calls") : e.Value));

    [Test]
    public async Task AdoptedDatabase_HasTheSchemaOfANewOne()
    {
        var legacy = await LegacyDatabaseAsync();
        var fresh = await EmptyDatabaseAsync();

        await MigrateAsync(legacy);
        await MigrateAsync(fresh);

        var adopted = await SchemaInspector.DescribeAsync(legacy);
        var created = await SchemaInspector.DescribeAsync(fresh);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(adopted.Except(created), Is.Empty, "only in the adopted database");
            Assert.That(created.Except(adopted), Is.Empty, "only in the new database");
        }
    }

    [Test]
    public async Task AdoptedDatabase_IsReadAndWrittenByTheApp()
    {
        var legacy = await LegacyDatabaseAsync();
        await AddDataAsync(legacy);

        await MigrateAsync(legacy);

        await using (var db = Db.Context(legacy))
        {
            var stream = await db.Streams.Include(s => s.Instructor).SingleAsync(s => s.Id == StreamId);
            var enrollment = await db.Enrollments.SingleAsync(e => e.Id == EnrollmentId);
            var account = await db.TokenAccounts.SingleAsync(a => a.MemberId == "u-ana");
            var meeting = await db.Recordings.SingleAsync(m => m.Id == MeetingId);
            using (Assert.EnterMultipleScope())
            {
                Assert.That((stream.Title, stream.Status, stream.SeatsTaken, stream.Instructor!.DisplayName),
                    Is.EqualTo(("Morning flow", StreamStatus.Scheduled, 1, "Coach Maya")));
                Assert.That((enrollment.Status, enrollment.TokensPaid), Is.EqualTo((EnrollmentStatus.Active, 10)));
                Assert.That(account.Balance, Is.EqualTo(90));
                Assert.That((meeting.Kind, meeting.Title, meeting.File?.SizeBytes), Is.EqualTo((RecordingType.Meet, "Weekly sync", (long?)1048576)));
                Assert.That(await db.Profiles.Where(p => p.CalendarToken == "feed-token-of-ana").Select(p => p.Id).SingleAsync(), Is.EqualTo("u-ana"));
                Assert.That(await db.DataProtectionKeys.Select(k => k.FriendlyName).SingleAsync(), Is.EqualTo("key-1"));
            }

            // Writes go through the row-version (xmin) checks as on any database.
            stream.Cancel(new DateTimeOffset(2030, 1, 20, 8, 0, 0, TimeSpan.Zero));
            await db.SaveChangesAsync();
        }

        Assert.That(await Db.ReadAsync(legacy, db => db.Streams.Where(s => s.Id == StreamId).Select(s => s.Status).SingleAsync()),
            Is.EqualTo(StreamStatus.Cancelled));
    }

    [Test]
    public async Task TwoInstancesStartingTogether_OnAnOldMigratorDatabase_AdoptItOnce()
    {
        var legacy = await LegacyDatabaseAsync();
        await AddDataAsync(legacy);
        var rowsBefore = await RowCountsAsync(legacy);
        using var barrier = new Barrier(2);
        using var timeout = new CancellationTokenSource(Patience);

        Task<IReadOnlyList<string>> Start() => Task.Run(async () =>
        {
            barrier.SignalAndWait(timeout.Token);
            return await MigrateAsync(legacy, timeout.Token);
        });

        await Task.WhenAll(Start(), Start());

        Assert.That(await HistoryAsync(legacy), Is.EqualTo(await AllMigrationsAsync(legacy)), "each migration recorded exactly once");
        Assert.That(await RowCountsAsync(legacy), Is.EqualTo(rowsBefore).Using<Dictionary<string, long>>(SameCounts));
    }

    [TestCase(1)]
    [TestCase(5)]
    public async Task HalfMigratedOldDatabase_IsRefused_WithWhatIsMissing_AndLeftAsItWas(int applied)
    {
        var legacy = await LegacyDatabaseAsync(applied);
        var schemaBefore = await SchemaInspector.DescribeAsync(legacy);

        var refusal = Assert.ThrowsAsync<LegacySchemaException>(() => MigrateAsync(legacy));

        var missing = LegacySchema.Versions.Skip(applied).ToList();
        Assert.That(refusal.Message, Does.Contain("only part of its SQL migrations were applied")
            .And.Contain($"missing: {string.Join(", ", missing)}")
            .And.Contain("Start the earlier release once").And.EndWith("Nothing was changed."));
        Assert.That(await SchemaInspector.DescribeAsync(legacy), Is.EqualTo(schemaBefore), "nothing was changed");
    }

    [Test]
    public async Task OldDatabase_WithAScriptThisReleaseDoesNotKnow_IsRefused()
    {
        var legacy = await LegacyDatabaseAsync();
        await LegacyDatabase.ExecuteAsync(legacy, """
            CREATE TABLE gift_cards (code text PRIMARY KEY);
            INSERT INTO schema_migrations (version) VALUES ('0007_gift_cards');
            """);

        var refusal = Assert.ThrowsAsync<LegacySchemaException>(() => MigrateAsync(legacy));

        Assert.That(refusal.Message, Does.Contain("SQL migrations this release does not know (0007_gift_cards)").And.EndWith("Nothing was changed."));
        Assert.That(await TablesAsync(legacy), Does.Contain(LegacySchema.JournalTable).And.Not.Contain(SchemaInspector.MigrationsTable));
    }

    [Test]
    public async Task EmptyJournal_LeftByAFailedFirstScript_IsDropped_AndTheSchemaIsCreated()
    {
        var legacy = await LegacyDatabaseAsync(0);

        var applied = await MigrateAsync(legacy);

        Assert.That(applied, Is.EqualTo(await AllMigrationsAsync(legacy)));
        Assert.That(await TablesAsync(legacy), Does.Not.Contain(LegacySchema.JournalTable));
    }
}
