namespace Streaming.Application.Streams.Common;

/// <summary>What an instructor types when creating or editing a class.</summary>
public abstract class StreamForm
{
    public string Title { get; set; } = "";

    public string? Description { get; set; }

    public string? Category { get; set; }

    /// <summary>Start as shown on the instructor's wall clock, in <see cref="TimeZone"/>.</summary>
    public DateTime? StartLocal { get; set; }

    /// <summary>IANA time zone of the instructor's browser (e.g. Europe/Paris); UTC when empty.</summary>
    public string? TimeZone { get; set; }

    public int DurationMinutes { get; set; } = 45;

    public int PriceInTokens { get; set; }

    public int? Capacity { get; set; }

    /// <summary>The price of replay-only access after the class; empty: the class price.</summary>
    public int? ReplayPriceInTokens { get; set; }

    /// <summary>The start in UTC, or null when the time or the zone cannot be understood.</summary>
    public DateTimeOffset? StartUtc()
    {
        if (StartLocal is not { } local) return null;
        var zone = FindZone(TimeZone);
        if (zone is null) return null;
        var unspecified = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        if (zone.IsInvalidTime(unspecified)) return null; // skipped by a daylight-saving jump
        return new DateTimeOffset(TimeZoneInfo.ConvertTimeToUtc(unspecified, zone), TimeSpan.Zero);
    }

    public static TimeZoneInfo? FindZone(string? id)
    {
        if (string.IsNullOrWhiteSpace(id)) return TimeZoneInfo.Utc;
        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById(id.Trim());
        }
        catch (Exception ex) when (ex is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            return null;
        }
    }
}
