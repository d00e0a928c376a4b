using System.Text;
using System.Text.RegularExpressions;
using Ical.Net;
using Ical.Net.DataTypes;
using Ical.Net.Serialization;
using Streaming.Application.Common.Interfaces;
using Alarm = Ical.Net.CalendarComponents.Alarm;
using IcalEvent = Ical.Net.CalendarComponents.CalendarEvent;

namespace Streaming.Infrastructure.Calendars;

/// <summary>
/// Writes iCalendar (RFC 5545) text with Ical.Net, which escapes TEXT values and folds lines at
/// 75 octets with CRLF line ends. All times are in UTC. Serve it as <c>text/calendar; charset=utf-8</c>
/// (UTF-8 without a BOM).
/// </summary>
/// <remarks>
/// The instructor goes into the description ("Instructor: …") rather than an <c>ORGANIZER</c>
/// property: ORGANIZER's value must be a cal-address (a <c>mailto:</c> URI) that we do not have,
/// and in a published feed it makes some clients treat classes as meeting invitations.
/// </remarks>
public sealed partial class IcsCalendarWriter : ICalendarWriter
{
    public const string ProductId = "-//Streaming//Live classes//EN";

    public string Write(CalendarDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        ArgumentNullException.ThrowIfNull(document.Events);

        var calendar = new Calendar { ProductId = ProductId, Scale = "GREGORIAN", Method = "PUBLISH" };
        if (!string.IsNullOrWhiteSpace(document.Name))
        {
            var name = Clean(document.Name);
            calendar.AddProperty("NAME", name);
            calendar.AddProperty("X-WR-CALNAME", name);
        }

        if (document.RefreshInterval is { } refresh)
        {
            var interval = new CalendarProperty("REFRESH-INTERVAL", Whole(refresh));
            interval.Parameters.Add("VALUE", "DURATION");
            calendar.Properties.Add(interval);
            calendar.AddProperty("X-PUBLISHED-TTL", Whole(refresh).ToString()!);
        }

        foreach (var calendarEvent in document.Events) calendar.Events.Add(ToEvent(calendarEvent));

        // A serializer per call: its SerializationContext is not thread-safe.
        var text = new CalendarSerializer().SerializeToString(calendar)
                   ?? throw new InvalidOperationException("Ical.Net wrote no calendar.");
        return KeepSurrogatePairsWhole(text);
    }

    /// <summary>
    /// Ical.Net 5.2.4 folds UTF-16 code units, so a fold can fall between the two halves of a
    /// character outside the Basic Multilingual Plane (an emoji): each half then becomes U+FFFD in
    /// UTF-8. Such a character is moved onto a short continuation line of its own (5 octets), so
    /// every line stays within 75 octets; folding may split a line between any two characters.
    /// </summary>
    private static string KeepSurrogatePairsWhole(string text) =>
        SplitSurrogatePair().Replace(text, m => m.Groups["rest"].Success
            ? $"\r\n {m.Groups["high"].Value}{m.Groups["low"].Value}\r\n {m.Groups["rest"].Value}"
            : $"\r\n {m.Groups["high"].Value}{m.Groups["low"].Value}");

    [GeneratedRegex("(?<high>[\uD800-\uDBFF])\r\n (?<low>[\uDC00-\uDFFF])(?<rest>[^\r])?")]
    private static partial Regex SplitSurrogatePair();

    private static IcalEvent ToEvent(CalendarEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        ArgumentException.ThrowIfNullOrWhiteSpace(e.Uid);

        var summary = Clean(e.Summary ?? "");
        var result = new IcalEvent
        {
            Uid = Clean(e.Uid),
            Sequence = Math.Max(0, e.Sequence),
            DtStamp = Utc(e.Stamp),
            DtStart = Utc(e.Start),
            DtEnd = Utc(e.End),
            Summary = summary,
            Description = ComposeDescription(e.Description, e.Organizer) is { } description ? Clean(description) : null,
            Url = WebLink(e.Url),
            Status = e.Cancelled ? "CANCELLED" : "CONFIRMED",
        };

        if (!e.Cancelled && e.Reminder is { } reminder)
        {
            result.Alarms.Add(new Alarm
            {
                Action = "DISPLAY",
                Description = string.IsNullOrWhiteSpace(summary) ? "Reminder" : summary,
                // A positive Reminder is a lead time: the alarm fires that long before DTSTART.
                Trigger = new Trigger(Whole(reminder.Negate())),
            });
        }

        return result;
    }

    private static string? ComposeDescription(string? description, string? organizer)
    {
        var hasDescription = !string.IsNullOrWhiteSpace(description);
        var hasOrganizer = !string.IsNullOrWhiteSpace(organizer);
        return (hasDescription, hasOrganizer) switch
        {
            (true, true) => description + "\n\nInstructor: " + organizer!.Trim(),
            (true, false) => description,
            (false, true) => "Instructor: " + organizer!.Trim(),
            _ => null,
        };
    }

    /// <summary>UTC, whole seconds (iCalendar has no fractions).</summary>
    private static CalDateTime Utc(DateTimeOffset value)
    {
        var utc = value.UtcDateTime;
        return new CalDateTime(utc.AddTicks(-(utc.Ticks % TimeSpan.TicksPerSecond)), "UTC", hasTime: true);
    }

    /// <summary>An exact duration in whole seconds (fractions truncated).</summary>
    private static Duration Whole(TimeSpan value) =>
        Duration.FromTimeSpanExact(TimeSpan.FromSeconds(Math.Truncate(value.TotalSeconds)));

    /// <summary>
    /// Text as calendar apps can show it: line breaks become LF (written as <c>\n</c>), other control
    /// characters are dropped (HTAB is kept: RFC 5545 allows it in TEXT) and unpaired surrogates
    /// become U+FFFD, so the file is always valid UTF-8. Ical.Net escapes the rest.
    /// </summary>
    private static string Clean(string value)
    {
        var text = value.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n');
        var builder = new StringBuilder(text.Length);
        foreach (var rune in text.EnumerateRunes())
        {
            if (rune.Value is '\n' or '\t' || !Rune.IsControl(rune)) builder.Append(rune.ToString());
        }

        return builder.ToString();
    }

    /// <summary>
    /// A URI value is not escaped, so it must not carry anything that could end the line or break
    /// the grammar: control characters are removed and a value that is not an absolute http(s) URI is dropped.
    /// </summary>
    private static Uri? WebLink(string? url)
    {
        if (string.IsNullOrWhiteSpace(url)) return null;

        var builder = new StringBuilder(url.Length);
        foreach (var rune in url.Trim().EnumerateRunes())
        {
            if (!Rune.IsControl(rune) && rune != Rune.ReplacementChar) builder.Append(rune.ToString());
        }

        var cleaned = builder.ToString();

        // Only web links: on Unix "/streams/42" would otherwise parse as an absolute file:// URI.
        if (!Uri.TryCreate(cleaned, UriKind.Absolute, out var uri)
            || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp)
            || !cleaned.StartsWith(uri.Scheme + "://", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        return uri;
    }
}
