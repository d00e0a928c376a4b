using Streaming.Domain.Common;

namespace Streaming.Domain.UnitTests.Common;

public class RetentionPolicyTests
{
    private static readonly DateTimeOffset EndOfJanuary = new(2030, 1, 31, 18, 30, 0, TimeSpan.Zero);

    [Test]
    public void Default_KeepsReplaysForSevenDaysAndMigratesAfterTwoMonths()
    {
        using (Assert.EnterMultipleScope())
        {
            Assert.That(RetentionPolicy.Default.ReplayRetention, Is.EqualTo(TimeSpan.FromDays(7)));
            Assert.That(RetentionPolicy.Default.CatalogMigrationMonths, Is.EqualTo(2));
        }
    }

    [Test]
    public void ReplayExpiry_IsEndPlusReplayRetention()
    {
        var expiry = RetentionPolicy.Default.ReplayExpiry(EndOfJanuary);

        Assert.That(expiry, Is.EqualTo(new DateTimeOffset(2030, 2, 7, 18, 30, 0, TimeSpan.Zero)));
    }

    [Test]
    public void CatalogMigration_AddsCalendarMonthsNotSixtyDays()
    {
        // Jan 31 + 2 calendar months is Mar 31; Jan 31 + 60 days would be Apr 1.
        var migration = RetentionPolicy.Default.CatalogMigration(EndOfJanuary);

        Assert.That(migration, Is.EqualTo(new DateTimeOffset(2030, 3, 31, 18, 30, 0, TimeSpan.Zero)));
    }

    [Test]
    public void CatalogMigration_ClampsToTheLastDayOfAShorterMonth()
    {
        var endOfDecember = new DateTimeOffset(2029, 12, 31, 18, 30, 0, TimeSpan.Zero);

        var migration = RetentionPolicy.Default.CatalogMigration(endOfDecember);

        Assert.That(migration, Is.EqualTo(new DateTimeOffset(2030, 2, 28, 18, 30, 0, TimeSpan.Zero)));
    }

    [Test]
    public void CustomPolicy_UsesItsOwnRetentionAndMonths()
    {
        var policy = new RetentionPolicy { ReplayRetention = TimeSpan.FromDays(3), CatalogMigrationMonths = 1 };

        using (Assert.EnterMultipleScope())
        {
            Assert.That(policy.ReplayExpiry(EndOfJanuary), Is.EqualTo(new DateTimeOffset(2030, 2, 3, 18, 30, 0, TimeSpan.Zero)));
            Assert.That(policy.CatalogMigration(EndOfJanuary), Is.EqualTo(new DateTimeOffset(2030, 2, 28, 18, 30, 0, TimeSpan.Zero)));
        }
    }
}
