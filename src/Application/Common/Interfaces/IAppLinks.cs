namespace Streaming.Application.Common.Interfaces;

/// <summary>
/// Absolute links to the app's own pages (for calendars, emails and shares). Every absolute link
/// the app hands out is built through <see cref="Absolute"/>, so one setting
/// (<c>App:PublicBaseUrl</c>) decides the host; <see cref="AppLinkExtensions"/> names the pages.
/// </summary>
public interface IAppLinks
{
    /// <summary>An app-relative path (<c>/streams/…</c>) made absolute.</summary>
    string Absolute(string path);
}

public static class AppLinkExtensions
{
    public static string StreamDetails(this IAppLinks links, Guid streamId) => links.Absolute($"/streams/{streamId}");

    /// <summary>Where an enrolled member watches the class live, or its replay afterwards.</summary>
    public static string Watch(this IAppLinks links, Guid streamId) => links.Absolute($"/streams/{streamId}/watch");

    /// <summary>The personal calendar feed (webcal:// so calendar apps subscribe).</summary>
    public static string CalendarFeed(this IAppLinks links, string token)
    {
        var https = links.Absolute($"/calendar/{Uri.EscapeDataString(token)}.ics");
        return "webcal" + https[https.IndexOf("://", StringComparison.Ordinal)..];
    }

    /// <summary>The public page of a recording or clip shared with "anyone with the link".</summary>
    public static string SharedRecording(this IAppLinks links, string token) => links.Absolute($"/shared/{Uri.EscapeDataString(token)}");

    /// <summary>A private recording's own share page (works only for people who may see it).</summary>
    public static string RecordingSharePage(this IAppLinks links, string type, Guid id) =>
        links.Absolute($"/recordings/share/{Uri.EscapeDataString(type)}/{id}");
}
