namespace Streaming.Application.Common.Models;

/// <summary>Calendar days as a person in a time zone lives them, turned into UTC instants for queries.</summary>
public static class LocalDays
{
    /// <summary>
    /// The first instant of <paramref name="day"/> in <paramref name="zone"/>. Where the clocks
    /// jump over midnight the day starts when they land; where midnight happens twice, at the first.
    /// </summary>
    public static DateTimeOffset Start(DateOnly day, TimeZoneInfo zone)
    {
        var local = day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified);
        while (zone.IsInvalidTime(local)) local = local.AddMinutes(15);
        var offset = zone.IsAmbiguousTime(local) ? zone.GetAmbiguousTimeOffsets(local).Max() : zone.GetUtcOffset(local);
        return new DateTimeOffset(local, offset).ToUniversalTime();
    }

    /// <summary>The first instant after <paramref name="day"/> in <paramref name="zone"/> (the next day's start).</summary>
    public static DateTimeOffset End(DateOnly day, TimeZoneInfo zone) => Start(day.AddDays(1), zone);
}
