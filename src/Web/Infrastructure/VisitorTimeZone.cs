using Streaming.Application.Profiles.Common;

namespace Streaming.Web.Infrastructure;

/// <summary>
/// The zone in which this visitor reads dates and times and filters by day: the one chosen on
/// their profile (a claim of the sign-in cookie), else their browser's (the <c>tz</c> cookie that
/// site.js keeps), else UTC.
/// </summary>
public sealed class VisitorTimeZone(IHttpContextAccessor accessor)
{
    public const string CookieName = "tz";

    private (TimeZoneInfo Zone, bool Known)? _resolved;

    public TimeZoneInfo Zone => Resolve().Zone;

    /// <summary>False when neither the profile nor the browser said (times are shown in UTC and site.js rewrites them).</summary>
    public bool IsKnown => Resolve().Known;

    /// <summary>The zone's IANA id, or null when unknown.</summary>
    public string? KnownId => IsKnown ? Zone.Id : null;

    public DateTimeOffset ToLocal(DateTimeOffset instant) => TimeZoneInfo.ConvertTime(instant, Zone);

    private (TimeZoneInfo Zone, bool Known) Resolve() => _resolved ??= Find() is { } zone ? (zone, true) : (TimeZoneInfo.Utc, false);

    private TimeZoneInfo? Find()
    {
        var context = accessor.HttpContext;
        if (context is null) return null;
        return TimeZones.Find(context.User.FindFirst(ProfileClaimTypes.TimeZone)?.Value)
            ?? TimeZones.Find(context.Request.Cookies[CookieName]);
    }
}
