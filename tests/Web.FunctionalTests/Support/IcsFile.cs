using System.Text;
using Streaming.TestSupport.Calendars;

namespace Streaming.Web.FunctionalTests.Support;

/// <summary>
/// An iCalendar body as a test reads it: the raw text (to check CRLF and the 75-octet folding),
/// the unfolded content lines, and the properties of the calendar and of each VEVENT.
/// <see cref="ValidateWithIcalJs"/> also has a real RFC 5545 parser (ical.js) read it.
/// </summary>
public sealed class IcsFile
{
    private IcsFile(string raw)
    {
        Raw = raw;
        Unfolded = raw.Replace("\r\n ", "", StringComparison.Ordinal).Replace("\r\n\t", "", StringComparison.Ordinal);
        Lines = Unfolded.Split("\r\n").Where(l => l.Length > 0).ToList();

        var events = new List<IReadOnlyDictionary<string, string>>();
        var calendar = new Dictionary<string, string>();
        var components = new Stack<string>();
        Dictionary<string, string>? current = null;
        foreach (var line in Lines)
        {
            if (line.StartsWith("BEGIN:", StringComparison.Ordinal))
            {
                components.Push(line[6..]);
                if (line == "BEGIN:VEVENT") current = new Dictionary<string, string>();
                continue;
            }

            if (line.StartsWith("END:", StringComparison.Ordinal))
            {
                if (components.Count > 0) components.Pop();
                if (line == "END:VEVENT" && current is not null) events.Add(current);
                if (line == "END:VEVENT") current = null;
                continue;
            }

            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon < 0 || components.Count == 0) continue;
            var name = line[..colon].Split(';')[0];
            var target = components.Peek() switch
            {
                "VCALENDAR" => calendar,
                "VEVENT" => current,
                _ => null,
            };
            target?.TryAdd(name, line[(colon + 1)..]);
        }

        Events = events;
        Calendar = calendar;
    }

    public string Raw { get; }

    /// <summary>The text with folded lines joined again (RFC 5545 §3.1).</summary>
    public string Unfolded { get; }

    public IReadOnlyList<string> Lines { get; }

    /// <summary>VCALENDAR-level properties (raw values).</summary>
    public IReadOnlyDictionary<string, string> Calendar { get; }

    /// <summary>Each VEVENT's own properties (raw values; not those of its VALARM).</summary>
    public IReadOnlyList<IReadOnlyDictionary<string, string>> Events { get; }

    public static IcsFile Parse(string raw) => new(raw);

    public IReadOnlyDictionary<string, string>? EventWithUid(string uid) => Events.FirstOrDefault(e => e.GetValueOrDefault("UID") == uid);

    /// <summary>A TEXT value as the file must write it (RFC 5545 §3.3.11).</summary>
    public static string Escape(string text) =>
        text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace(";", "\\;", StringComparison.Ordinal)
            .Replace(",", "\\,", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);

    /// <summary>Lines (as sent, before unfolding) that break the framing: no CRLF, or longer than 75 octets.</summary>
    public IReadOnlyList<string> FramingProblems()
    {
        var problems = new List<string>();
        if (!Raw.EndsWith("\r\n", StringComparison.Ordinal)) problems.Add("does not end with CRLF");
        var physical = Raw.Split("\r\n");
        foreach (var line in physical.Take(physical.Length - 1))
        {
            if (line.Contains('\n', StringComparison.Ordinal) || line.Contains('\r', StringComparison.Ordinal)) problems.Add($"bare line break in: {line}");
            if (Encoding.UTF8.GetByteCount(line) > 75) problems.Add($"{Encoding.UTF8.GetByteCount(line)} octets: {line}");
        }

        return problems;
    }

    /// <summary>
    /// Runs tests/tools/validate-ics.mjs (ical.js) on <paramref name="bytes"/> and returns its JSON
    /// description; fails the test (never skips) when node or ical.js is missing or the file is rejected.
    /// </summary>
    public static string ValidateWithIcalJs(byte[] bytes) => IcalJs.Validate(bytes);
}
