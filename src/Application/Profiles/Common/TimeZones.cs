namespace Streaming.Application.Profiles.Common;

/// <summary>The zones a member can pick: the IANA region zones of the system's time zone database, and UTC.</summary>
public static class TimeZones
{
    private static readonly string[] Regions =
        ["Africa", "America", "Antarctica", "Asia", "Atlantic", "Australia", "Europe", "Indian", "Pacific"];

    private static readonly Lazy<IReadOnlyList<TimeZoneInfo>> Zones = new(() =>
        [.. TimeZoneInfo.GetSystemTimeZones()
            .Where(z => z.Id == "UTC" || (z.Id.Contains('/') && Regions.Contains(z.Id[..z.Id.IndexOf('/')])))
            .OrderBy(z => z.Id, StringComparer.Ordinal)]);

    public static IReadOnlyList<TimeZoneInfo> Pickable => Zones.Value;

    /// <summary>"America/Los_Angeles (UTC−08:00)" at <paramref name="at"/> (offsets move with daylight saving).</summary>
    public static string Label(TimeZoneInfo zone, DateTimeOffset at)
    {
        var offset = zone.GetUtcOffset(at);
        var sign = offset < TimeSpan.Zero ? "−" : "+";
        return $"{zone.Id} (UTC{sign}{offset.Duration():hh\\:mm})";
    }

    /// <summary>The zone with this IANA id, or null when it is blank or unknown.</summary>
    public static TimeZoneInfo? Find(string? id) =>
        !string.IsNullOrWhiteSpace(id) && id.Length <= 64 && TimeZoneInfo.TryFindSystemTimeZoneById(id.Trim(), out var zone) ? zone : null;
}
