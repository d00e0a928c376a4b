using NUnit.Framework;
using Streaming.Application.Common.Models;

namespace Streaming.Application.UnitTests.Common;

public class LocalDaysTests
{
    private static TimeZoneInfo Zone(string id) => TimeZoneInfo.FindSystemTimeZoneById(id);

    [Test]
    public void A_los_angeles_day_in_winter_runs_from_08_00_utc_to_08_00_utc()
    {
        var day = new DateOnly(2030, 12, 4);

        Assert.That(LocalDays.Start(day, Zone("America/Los_Angeles")), Is.EqualTo(new DateTimeOffset(2030, 12, 4, 8, 0, 0, TimeSpan.Zero)));
        Assert.That(LocalDays.End(day, Zone("America/Los_Angeles")), Is.EqualTo(new DateTimeOffset(2030, 12, 5, 8, 0, 0, TimeSpan.Zero)));
    }

    [Test]
    public void The_day_the_clocks_go_forward_is_23_hours_long()
    {
        var day = new DateOnly(2030, 3, 10); // US daylight saving starts at 02:00

        var length = LocalDays.End(day, Zone("America/Los_Angeles")) - LocalDays.Start(day, Zone("America/Los_Angeles"));

        Assert.That(length, Is.EqualTo(TimeSpan.FromHours(23)));
    }

    [Test]
    public void Where_the_clocks_jump_over_midnight_the_day_starts_when_they_land()
    {
        // Havana springs forward at 00:00 on the second Sunday of March: 00:00–01:00 does not exist.
        var zone = Zone("America/Havana");
        var day = new DateOnly(2030, 3, 10);
        Assert.That(zone.IsInvalidTime(day.ToDateTime(TimeOnly.MinValue)), Is.True, "the premise: midnight is skipped that day");

        var start = LocalDays.Start(day, zone);

        Assert.That(start, Is.EqualTo(new DateTimeOffset(2030, 3, 10, 1, 0, 0, TimeSpan.FromHours(-4))));
    }

    [Test]
    public void Where_midnight_happens_twice_the_day_starts_at_the_first()
    {
        // Havana falls back from 01:00 to 00:00 on the first Sunday of November: midnight comes first at -04:00.
        var zone = Zone("America/Havana");
        var day = new DateOnly(2030, 11, 3);
        Assert.That(zone.IsAmbiguousTime(day.ToDateTime(TimeOnly.MinValue)), Is.True, "the premise: midnight happens twice");

        var start = LocalDays.Start(day, zone);

        Assert.That(start, Is.EqualTo(new DateTimeOffset(2030, 11, 3, 0, 0, 0, TimeSpan.FromHours(-4))));
    }

    [Test]
    public void A_utc_day_is_the_plain_date()
    {
        Assert.That(LocalDays.Start(new DateOnly(2030, 1, 10), TimeZoneInfo.Utc), Is.EqualTo(new DateTimeOffset(2030, 1, 10, 0, 0, 0, TimeSpan.Zero)));
    }
}
