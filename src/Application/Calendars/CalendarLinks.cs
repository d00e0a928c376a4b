using System.Globalization;
using System.Text;

namespace Streaming.Application.Calendars;

/// <summary>
/// "Add to calendar" links for calendars that take an event in the URL (no .ics download).
/// Times are sent in UTC; every value is percent-encoded with <see cref="Uri.EscapeDataString(string)"/>.
/// Neither service has a URL parameter, so the link is appended to the details/body text.
/// </summary>
public static class CalendarLinks
{
    /// <summary>
    /// <c>https://calendar.google.com/calendar/render?action=TEMPLATE&amp;text=…&amp;dates=START/END&amp;details=…</c>
    /// with START/END as <c>yyyyMMddTHHmmssZ</c>; <c>details</c> is left out when there is neither details nor url.
    /// </summary>
    public static string Google(string summary, DateTimeOffset start, DateTimeOffset end, string? details = null, string? url = null)
    {
        ArgumentNullException.ThrowIfNull(summary);

        var link = new StringBuilder("https://calendar.google.com/calendar/render?action=TEMPLATE");
        link.Append("&text=").Append(Uri.EscapeDataString(summary));
        link.Append("&dates=")
            .Append(Uri.EscapeDataString(GoogleTime(start)))
            .Append('/')
            .Append(Uri.EscapeDataString(GoogleTime(end)));

        var body = Body(details, url);
        if (body.Length > 0)
        {
            link.Append("&details=").Append(Uri.EscapeDataString(body));
        }

        return link.ToString();
    }

    /// <summary>
    /// <c>https://outlook.live.com/calendar/deeplink/compose?path=/calendar/action/compose&amp;rru=addevent&amp;startdt=…&amp;enddt=…&amp;subject=…&amp;body=…</c>
    /// with ISO 8601 UTC times (<c>2030-01-10T09:00:00Z</c>); <c>body</c> is left out when there is neither details nor url.
    /// </summary>
    public static string Outlook(string summary, DateTimeOffset start, DateTimeOffset end, string? details = null, string? url = null)
    {
        ArgumentNullException.ThrowIfNull(summary);

        var link = new StringBuilder("https://outlook.live.com/calendar/deeplink/compose?path=/calendar/action/compose&rru=addevent");
        link.Append("&startdt=").Append(Uri.EscapeDataString(IsoTime(start)));
        link.Append("&enddt=").Append(Uri.EscapeDataString(IsoTime(end)));
        link.Append("&subject=").Append(Uri.EscapeDataString(summary));

        var body = Body(details, url);
        if (body.Length > 0)
        {
            link.Append("&body=").Append(Uri.EscapeDataString(body));
        }

        return link.ToString();
    }

    private static string GoogleTime(DateTimeOffset value) =>
        value.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);

    private static string IsoTime(DateTimeOffset value) =>
        value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static string Body(string? details, string? url)
    {
        var hasDetails = !string.IsNullOrWhiteSpace(details);
        var hasUrl = !string.IsNullOrWhiteSpace(url);
        return (hasDetails, hasUrl) switch
        {
            (true, true) => details + "\n\n" + url!.Trim(),
            (true, false) => details!,
            (false, true) => url!.Trim(),
            _ => "",
        };
    }
}
