using System.Globalization;
using System.Text;
using Streaming.Application.Common.Interfaces;

namespace Streaming.Infrastructure.Calendars;

/// <summary>
/// Writes iCalendar (RFC 5545) text: CRLF line endings, content lines folded at 75 octets (never
/// inside a UTF-8 sequence, and between grapheme clusters whenever one fits), TEXT values escaped,
/// all times in UTC. Serve it as <c>text/calendar; charset=utf-8</c> (UTF-8 without a BOM).
/// </summary>
/// <remarks>
/// The instructor goes into the description ("Instructor: …") rather than an <c>ORGANIZER</c>
/// property: ORGANIZER's value must be a cal-address (a <c>mailto:</c> URI) that we do not have,
/// and in a published feed it makes some clients treat classes as meeting invitations.
/// </remarks>
public sealed class IcsCalendarWriter : ICalendarWriter
{
    public const string ProductId = "-//Streaming//Live classes//EN";

    private const int MaxLineOctets = 75;
    private const string Crlf = "\r\n";
    private static readonly Encoding Utf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public string Write(CalendarDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        ArgumentNullException.ThrowIfNull(document.Events);

        var output = new StringBuilder();

        Line(output, "BEGIN:VCALENDAR");
        Line(output, "VERSION:2.0");
        Line(output, "PRODID:" + ProductId);
        Line(output, "CALSCALE:GREGORIAN");
        Line(output, "METHOD:PUBLISH");

        if (!string.IsNullOrWhiteSpace(document.Name))
        {
            var name = EscapeText(document.Name);
            Line(output, "NAME:" + name);
            Line(output, "X-WR-CALNAME:" + name);
        }

        if (document.RefreshInterval is { } refresh)
        {
            var duration = FormatDuration(refresh);
            Line(output, "REFRESH-INTERVAL;VALUE=DURATION:" + duration);
            Line(output, "X-PUBLISHED-TTL:" + duration);
        }

        foreach (var calendarEvent in document.Events)
        {
            WriteEvent(output, calendarEvent);
        }

        Line(output, "END:VCALENDAR");
        return output.ToString();
    }

    private static void WriteEvent(StringBuilder output, CalendarEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        ArgumentException.ThrowIfNullOrWhiteSpace(e.Uid);

        Line(output, "BEGIN:VEVENT");
        Line(output, "UID:" + EscapeText(e.Uid));
        Line(output, "SEQUENCE:" + Math.Max(0, e.Sequence).ToString(CultureInfo.InvariantCulture));
        Line(output, "DTSTAMP:" + FormatUtc(e.Stamp));
        Line(output, "DTSTART:" + FormatUtc(e.Start));
        Line(output, "DTEND:" + FormatUtc(e.End));
        Line(output, "SUMMARY:" + EscapeText(e.Summary ?? ""));

        var description = ComposeDescription(e.Description, e.Organizer);
        if (description is not null)
        {
            Line(output, "DESCRIPTION:" + EscapeText(description));
        }

        var url = CleanUri(e.Url);
        if (url is not null)
        {
            // URI value type: written as is (no TEXT escaping), only folded.
            Line(output, "URL:" + url);
        }

        Line(output, e.Cancelled ? "STATUS:CANCELLED" : "STATUS:CONFIRMED");

        if (!e.Cancelled && e.Reminder is { } reminder)
        {
            Line(output, "BEGIN:VALARM");
            Line(output, "ACTION:DISPLAY");
            Line(output, "DESCRIPTION:" + EscapeText(string.IsNullOrWhiteSpace(e.Summary) ? "Reminder" : e.Summary));
            // A positive Reminder is a lead time: the alarm fires that long before DTSTART.
            Line(output, "TRIGGER:" + FormatDuration(reminder.Negate()));
            Line(output, "END:VALARM");
        }

        Line(output, "END:VEVENT");
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

    /// <summary>UTC "basic" date-time form: <c>20300110T090000Z</c> (fractions of a second dropped).</summary>
    public static string FormatUtc(DateTimeOffset value) =>
        value.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);

    /// <summary>
    /// An RFC 5545 dur-value (§3.3.6): <c>PT1H</c>, <c>-PT15M</c>, <c>P1DT2H</c>, <c>PT1H0M30S</c>,
    /// <c>PT0S</c>. Whole seconds only (fractions are truncated). The grammar chains hours → minutes →
    /// seconds, so a zero minute is written when hours and seconds are both present.
    /// </summary>
    public static string FormatDuration(TimeSpan value)
    {
        var totalSeconds = (long)Math.Truncate(value.TotalSeconds);
        var builder = new StringBuilder();
        if (totalSeconds < 0)
        {
            builder.Append('-');
            totalSeconds = -totalSeconds;
        }

        builder.Append('P');
        if (totalSeconds == 0)
        {
            return builder.Append("T0S").ToString();
        }

        var days = totalSeconds / 86_400;
        var hours = totalSeconds % 86_400 / 3_600;
        var minutes = totalSeconds % 3_600 / 60;
        var seconds = totalSeconds % 60;

        if (days > 0)
        {
            builder.Append(days.ToString(CultureInfo.InvariantCulture)).Append('D');
        }

        if (hours > 0 || minutes > 0 || seconds > 0)
        {
            builder.Append('T');
            if (hours > 0)
            {
                builder.Append(hours.ToString(CultureInfo.InvariantCulture)).Append('H');
            }

            if (minutes > 0 || (hours > 0 && seconds > 0))
            {
                builder.Append(minutes.ToString(CultureInfo.InvariantCulture)).Append('M');
            }

            if (seconds > 0)
            {
                builder.Append(seconds.ToString(CultureInfo.InvariantCulture)).Append('S');
            }
        }

        return builder.ToString();
    }

    /// <summary>
    /// TEXT escaping (§3.3.11): <c>\</c> → <c>\\</c>, <c>;</c> → <c>\;</c>, <c>,</c> → <c>\,</c>,
    /// CRLF / LF / CR → <c>\n</c>. Other control characters are dropped (HTAB is kept: RFC 5545 allows
    /// it in TEXT) and unpaired surrogates become U+FFFD, so the result is always valid UTF-8.
    /// </summary>
    public static string EscapeText(string value)
    {
        ArgumentNullException.ThrowIfNull(value);

        var builder = new StringBuilder(value.Length + 16);
        Span<char> utf16 = stackalloc char[2];
        var previousWasCarriageReturn = false;

        foreach (var rune in value.EnumerateRunes())
        {
            var code = rune.Value;
            if (code == '\n')
            {
                if (!previousWasCarriageReturn)
                {
                    builder.Append("\\n");
                }

                previousWasCarriageReturn = false;
                continue;
            }

            previousWasCarriageReturn = code == '\r';
            switch (code)
            {
                case '\r':
                    builder.Append("\\n");
                    break;
                case '\\':
                    builder.Append(@"\\");
                    break;
                case ';':
                    builder.Append(@"\;");
                    break;
                case ',':
                    builder.Append(@"\,");
                    break;
                case '\t':
                    builder.Append('\t');
                    break;
                default:
                    if (!Rune.IsControl(rune))
                    {
                        var length = rune.EncodeToUtf16(utf16);
                        builder.Append(utf16[..length]);
                    }

                    break;
            }
        }

        return builder.ToString();
    }

    /// <summary>
    /// A URI value is not escaped, so it must not carry anything that could end the line or break
    /// the grammar: control characters are removed and a value that is not an absolute http(s) URI is dropped.
    /// </summary>
    private static string? CleanUri(string? url)
    {
        if (string.IsNullOrWhiteSpace(url))
        {
            return null;
        }

        var builder = new StringBuilder(url.Length);
        foreach (var rune in url.Trim().EnumerateRunes())
        {
            if (!Rune.IsControl(rune) && rune != Rune.ReplacementChar)
            {
                builder.Append(rune.ToString());
            }
        }

        var cleaned = builder.ToString();

        // Only web links: on Unix "/streams/42" would otherwise parse as an absolute file:// URI.
        if (!Uri.TryCreate(cleaned, UriKind.Absolute, out var uri)
            || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp)
            || !cleaned.StartsWith(uri.Scheme + "://", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        // Keep the caller's text when it is already a valid URI; otherwise (e.g. a space in the
        // path) use the percent-encoded form.
        return Uri.IsWellFormedUriString(cleaned, UriKind.Absolute) ? cleaned : uri.AbsoluteUri;
    }

    /// <summary>
    /// Appends one content line, folded (§3.1) so that no physical line exceeds 75 octets of UTF-8,
    /// not counting the CRLF: a fold is CRLF followed by one space, which counts towards the next
    /// line's 75. Breaks fall between grapheme clusters (so é, 日本 or 🏋️ stay whole) and never
    /// inside an escape such as <c>\n</c>; only a cluster longer than a whole line is split, and
    /// then between Unicode scalar values, never inside a UTF-8 sequence.
    /// </summary>
    private static void Line(StringBuilder output, string contentLine)
    {
        var used = 0;

        foreach (var piece in Pieces(contentLine))
        {
            var size = Utf8.GetByteCount(piece);
            if (used + size <= MaxLineOctets)
            {
                output.Append(piece);
                used += size;
                continue;
            }

            if (size <= MaxLineOctets - 1)
            {
                used = Fold(output);
                output.Append(piece);
                used += size;
                continue;
            }

            // A single grapheme cluster longer than a line (long combining / ZWJ sequences):
            // split it between scalar values.
            foreach (var rune in piece.EnumerateRunes())
            {
                var runeSize = rune.Utf8SequenceLength;
                if (used + runeSize > MaxLineOctets)
                {
                    used = Fold(output);
                }

                output.Append(rune.ToString());
                used += runeSize;
            }
        }

        output.Append(Crlf);
    }

    /// <summary>Ends the physical line; the continuation line starts with one space (1 octet used).</summary>
    private static int Fold(StringBuilder output)
    {
        output.Append(Crlf).Append(' ');
        return 1;
    }

    /// <summary>The unbreakable pieces of a line: grapheme clusters, with a backslash kept with the character it escapes.</summary>
    private static IEnumerable<string> Pieces(string contentLine)
    {
        var elements = StringInfo.GetTextElementEnumerator(contentLine);
        string? pendingBackslash = null;
        while (elements.MoveNext())
        {
            var element = elements.GetTextElement();
            if (pendingBackslash is not null)
            {
                yield return pendingBackslash + element;
                pendingBackslash = null;
                continue;
            }

            if (element == "\\")
            {
                pendingBackslash = element;
                continue;
            }

            yield return element;
        }

        if (pendingBackslash is not null)
        {
            yield return pendingBackslash;
        }
    }
}
