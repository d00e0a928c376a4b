using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Streaming.Domain.Enrollments;
using Streaming.Infrastructure.IntegrationTests.Support;

namespace Streaming.Infrastructure.IntegrationTests.Data;

/// <summary>
/// The LiveClassJourneys migration on a database with data: enrollments made before it are seats
/// in their class (kind Class), classes keep no judgement yet, and the app reads both.
/// </summary>
[Parallelizable(ParallelScope.Self)]
public class LiveClassJourneysMigrationTests
{
    [Test]
    public async Task Enrollments_made_before_it_become_class_seats()
    {
        await using var database = await TestDatabase.CreateAsync(migrate: false);
        await using (var db = Db.Context(database))
        {
            await db.GetService<IMigrator>().MigrateAsync(LegacySchema.BaselineMigrationId);
            await db.Database.ExecuteSqlRawAsync("""
                INSERT INTO users (id, access_failed_count, email_confirmed, lockout_enabled, phone_number_confirmed, two_factor_enabled) VALUES ('m1', 0, false, false, false, false);
                INSERT INTO user_profiles (id, display_name, email, created_at) VALUES ('m1', 'Member', 'm1@example.test', now());
                INSERT INTO live_streams (id, instructor_id, title, description, scheduled_start, duration_minutes, price_in_tokens, status, peak_viewers, seats_taken, created_at, updated_at)
                    VALUES ('00000000-0000-0000-0000-000000000001', 'm1', 'Old class', '', now(), 45, 5, 'Scheduled', 0, 1, now(), now());
                INSERT INTO enrollments (id, stream_id, member_id, status, tokens_paid, created_at)
                    VALUES ('00000000-0000-0000-0000-000000000002', '00000000-0000-0000-0000-000000000001', 'm1', 'Active', 5, now());
                """);
        }

        await using (var dataSource = database.CreateDataSource())
            await database.Migrator(dataSource).MigrateAsync();

        await using var after = Db.Context(database);
        var enrollment = await after.Enrollments.Include(e => e.Stream).SingleAsync();
        Assert.That(enrollment.Kind, Is.EqualTo(EnrollmentKind.Class));
        Assert.That(enrollment.Stream.TookPlace, Is.Null);
        Assert.That(enrollment.Stream.ReplayPriceInTokens, Is.Null);
        var defaults = await Db.QueryAsync(database,
            "SELECT column_default IS NULL FROM information_schema.columns WHERE table_name = 'enrollments' AND column_name = 'kind'", r => r.GetBoolean(0));
        Assert.That(defaults, Is.EqualTo(new[] { true }), "new enrollments always say their kind");
    }
}
