using System.Globalization;
using System.Text;
using NUnit.Framework;
using Streaming.Application.Common.Interfaces;
using Streaming.Infrastructure.Calendars;

namespace Streaming.Infrastructure.IntegrationTests.Calendars;

public class IcsCalendarWriterTests
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private static readonly DateTimeOffset Start = new(2030, 1, 10, 10, 0, 0, TimeSpan.FromHours(1));
    private static readonly DateTimeOffset End = new(2030, 1, 10, 11, 0, 0, TimeSpan.FromHours(1));
    private static readonly DateTimeOffset Stamp = new(2029, 12, 24, 8, 30, 15, TimeSpan.Zero);

    private readonly IcsCalendarWriter _writer = new();

    private static CalendarEvent Event(
        string summary = "Morning Yoga",
        string? description = null,
        string? url = null,
        string? organizer = null,
        bool cancelled = false,
        TimeSpan? reminder = null,
        int sequence = 0,
        string uid = "stream-42@streaming.example") =>
        new(uid, sequence, Start, End, Stamp, summary, description, url, organizer, cancelled, reminder);

    private string Write(params CalendarEvent[] events) => _writer.Write(new CalendarDocument(events));

    // ------------------------------------------------------------------ helpers

    /// <summary>The physical lines as raw bytes (without their CRLF); asserts the framing on the way.</summary>
    private static List<byte[]> PhysicalLines(string ics)
    {
        var bytes = StrictUtf8.GetBytes(ics);
        var lines = new List<byte[]>();
        var start = 0;
        for (var i = 0; i < bytes.Length; i++)
        {
            if (bytes[i] == (byte)'\n')
            {
                Assert.That(i > 0 && bytes[i - 1] == (byte)'\r', Is.True, $"bare LF at byte {i}");
                lines.Add(bytes[start..(i - 1)]);
                start = i + 1;
            }
            else if (bytes[i] == (byte)'\r')
            {
                Assert.That(i + 1 < bytes.Length && bytes[i + 1] == (byte)'\n', Is.True, $"bare CR at byte {i}");
            }
        }

        Assert.That(start, Is.EqualTo(bytes.Length), "the last line does not end with CRLF");
        return lines;
    }

    /// <summary>Unfolds (RFC 5545 §3.1) and returns the logical content lines.</summary>
    private static List<string> ContentLines(string ics)
    {
        Assert.That(ics, Does.EndWith("\r\n"));
        return ics.Replace("\r\n ", "", StringComparison.Ordinal)
            .Split("\r\n")
            .SkipLast(1)
            .ToList();
    }

    private static string SingleValue(string ics, string name)
    {
        var matches = ContentLines(ics).Where(l => l.StartsWith(name + ":", StringComparison.Ordinal)).ToList();
        Assert.That(matches, Has.Count.EqualTo(1), $"exactly one {name} line");
        return matches[0][(name.Length + 1)..];
    }

    private static void AssertWellFramed(string ics)
    {
        foreach (var line in PhysicalLines(ics))
        {
            Assert.That(line, Has.Length.LessThanOrEqualTo(75), () => $"line longer than 75 octets: {Encoding.UTF8.GetString(line)}");
            Assert.DoesNotThrow(() => StrictUtf8.GetString(line), "a physical line splits a UTF-8 sequence");
        }
    }

    // ------------------------------------------------------------------ structure

    [Test]
    public void Empty_calendar_is_a_complete_vcalendar()
    {
        var ics = _writer.Write(new CalendarDocument([]));

        Assert.That(ics, Does.StartWith("BEGIN:VCALENDAR\r\n").And.EndWith("\r\nEND:VCALENDAR\r\n"));
        Assert.That(ContentLines(ics), Is.EquivalentTo(new[]
        {
            "BEGIN:VCALENDAR",
            "VERSION:2.0",
            "PRODID:-//Streaming//Live classes//EN",
            "CALSCALE:GREGORIAN",
            "METHOD:PUBLISH",
            "END:VCALENDAR",
        }));
    }

    [Test]
    public void Event_has_every_property_inside_its_component()
    {
        var ics = Write(Event(description: "Bring a mat", url: "https://streaming.example/streams/42", reminder: TimeSpan.FromMinutes(15), sequence: 2));

        // RFC 5545 does not order properties within a component: compare them as a set, and the
        // nesting of the components by position.
        var lines = ContentLines(ics);
        Assert.That(lines.IndexOf("BEGIN:VEVENT"), Is.LessThan(lines.IndexOf("BEGIN:VALARM")));
        Assert.That(lines.IndexOf("TRIGGER:-PT15M"), Is.GreaterThan(lines.IndexOf("BEGIN:VALARM")).And.LessThan(lines.IndexOf("END:VALARM")));
        Assert.That(lines.IndexOf("END:VALARM"), Is.LessThan(lines.IndexOf("END:VEVENT")));
        Assert.That(lines.IndexOf("SEQUENCE:2"), Is.GreaterThan(lines.IndexOf("BEGIN:VEVENT")).And.LessThan(lines.IndexOf("BEGIN:VALARM")));
        Assert.That(lines, Is.EquivalentTo(new[]
        {
            "BEGIN:VCALENDAR",
            "VERSION:2.0",
            "PRODID:-//Streaming//Live classes//EN",
            "CALSCALE:GREGORIAN",
            "METHOD:PUBLISH",
            "BEGIN:VEVENT",
            "UID:stream-42@streaming.example",
            "SEQUENCE:2",
            "DTSTAMP:20291224T083015Z",
            "DTSTART:20300110T090000Z",
            "DTEND:20300110T100000Z",
            "SUMMARY:Morning Yoga",
            "DESCRIPTION:Bring a mat",
            "URL:https://streaming.example/streams/42",
            "STATUS:CONFIRMED",
            "BEGIN:VALARM",
            "ACTION:DISPLAY",
            "DESCRIPTION:Morning Yoga",
            "TRIGGER:-PT15M",
            "END:VALARM",
            "END:VEVENT",
            "END:VCALENDAR",
        }));
    }

    [Test]
    public void Every_line_ends_with_crlf_and_there_is_no_bare_lf_or_cr()
    {
        var ics = Write(
            Event(description: "one\ntwo\r\nthree\rfour", organizer: "Jane\nDoe", reminder: TimeSpan.FromMinutes(15)),
            Event(summary: "Second\r\n", uid: "b@x", cancelled: true));

        var lines = PhysicalLines(ics);

        Assert.Multiple(() =>
        {
            Assert.That(lines, Is.Not.Empty);
            Assert.That(ics.Count(c => c == '\n'), Is.EqualTo(lines.Count), "every LF belongs to a CRLF line end");
            Assert.That(ics.Count(c => c == '\r'), Is.EqualTo(lines.Count), "every CR belongs to a CRLF line end");
        });
    }

    [Test]
    public void No_physical_line_is_longer_than_75_octets()
    {
        var longText = string.Concat(Enumerable.Repeat("Stretch, breathe; relax \\ é 日本 🏋️ ", 20));
        var ics = _writer.Write(new CalendarDocument(
            [
                Event(summary: longText, description: longText + "\n" + longText, organizer: longText, reminder: TimeSpan.FromMinutes(10)),
                Event(summary: new string('x', 500), uid: new string('u', 200) + "@streaming.example", url: "https://streaming.example/" + new string('p', 300)),
            ],
            Name: longText,
            RefreshInterval: TimeSpan.FromHours(1)));

        AssertWellFramed(ics);
    }

    // ------------------------------------------------------------------ folding

    [Test]
    public void Long_ascii_summary_is_folded_at_75_octets_and_unfolds_to_the_same_text()
    {
        var summary = string.Concat(Enumerable.Range(0, 200).Select(i => (char)('a' + (i % 26))));
        var ics = Write(Event(summary: summary));

        var physical = PhysicalLines(ics).Select(b => Encoding.ASCII.GetString(b)).ToList();
        var first = physical.FindIndex(l => l.StartsWith("SUMMARY:", StringComparison.Ordinal));
        var summaryLines = physical.Skip(first).TakeWhile((l, i) => i == 0 || l.StartsWith(' ')).ToList();

        Assert.Multiple(() =>
        {
            // "SUMMARY:" + 208 octets = 8 + 200: 75 + (1 + 74) + (1 + 59).
            Assert.That(summaryLines.Select(l => l.Length), Is.EqualTo(new[] { 75, 75, 60 }));
            Assert.That(summaryLines[0], Is.EqualTo("SUMMARY:" + summary[..67]));
            Assert.That(summaryLines[1], Is.EqualTo(" " + summary[67..141]));
            Assert.That(summaryLines[2], Is.EqualTo(" " + summary[141..]));
            Assert.That(SingleValue(ics, "SUMMARY"), Is.EqualTo(summary));
        });
    }

    [Test]
    public void A_line_of_exactly_75_octets_is_not_folded()
    {
        var summary = new string('a', 75 - "SUMMARY:".Length);
        var ics = Write(Event(summary: summary));

        Assert.That(ics, Does.Contain("\r\nSUMMARY:" + summary + "\r\n"));
        Assert.That(ics, Does.Not.Contain(summary[..10] + "\r\n "), "not folded");
    }

    [TestCase(0)]
    [TestCase(1)]
    [TestCase(2)]
    [TestCase(3)]
    [TestCase(4)]
    [TestCase(5)]
    [TestCase(6)]
    public void Long_multibyte_summary_is_never_folded_inside_a_character(int asciiPrefix)
    {
        // 2-byte é, 3-byte 日本, and 🏋️ = U+1F3CB (4 bytes, a surrogate pair) + U+FE0F (3 bytes);
        // the ASCII prefix shifts every fold point across all alignments. A fold may fall between
        // the emoji and its variation selector (two characters), never inside either's UTF-8 bytes.
        var summary = new string('-', asciiPrefix) + string.Concat(Enumerable.Repeat("é日本🏋️ééé🏋️日", 25));
        var ics = Write(Event(summary: summary));

        var physical = PhysicalLines(ics);
        var first = physical.FindIndex(l => Encoding.UTF8.GetString(l).StartsWith("SUMMARY:", StringComparison.Ordinal));
        var summaryLines = physical.Skip(first).TakeWhile((l, i) => i == 0 || l[0] == (byte)' ').ToList();

        Assert.That(summaryLines, Has.Count.GreaterThan(5), "the summary is long enough to need several folds");
        var decoded = new StringBuilder();
        foreach (var (line, index) in summaryLines.Select((l, i) => (l, i)))
        {
            Assert.That(line, Has.Length.LessThanOrEqualTo(75));
            string text = "";
            Assert.DoesNotThrow(() => text = StrictUtf8.GetString(line), $"physical line {index} splits a UTF-8 sequence");

            decoded.Append(index == 0 ? text : text[1..]);
        }

        Assert.Multiple(() =>
        {
            Assert.That(decoded.ToString(), Is.EqualTo("SUMMARY:" + summary));
            Assert.That(SingleValue(ics, "SUMMARY"), Is.EqualTo(summary));
        });
    }

    [Test]
    public void Escapes_at_every_fold_alignment_unfold_to_the_escaped_text()
    {
        // A fold may fall inside an escape such as "\\n": unfolding comes before unescaping (§3.1).
        var summary = string.Concat(Enumerable.Repeat("a,b;c\\d\n", 40));
        var ics = Write(Event(summary: summary));

        AssertWellFramed(ics);
        Assert.That(SingleValue(ics, "SUMMARY"), Is.EqualTo(string.Concat(Enumerable.Repeat("a\\,b\\;c\\\\d\\n", 40))));
    }

    [Test]
    public void A_grapheme_cluster_longer_than_a_line_is_split_between_code_points()
    {
        // One user-perceived character with 40 combining marks (2 bytes each): 81 octets, cannot fit.
        var zalgo = "e" + new string('\u0301', 40);
        var summary = "x" + zalgo + "y";
        var ics = Write(Event(summary: summary));

        AssertWellFramed(ics);
        Assert.That(SingleValue(ics, "SUMMARY"), Is.EqualTo(summary));
    }

    // ------------------------------------------------------------------ escaping

    [Test]
    public void Text_values_escape_backslash_semicolon_comma_and_newlines()
    {
        var ics = Write(Event(
            summary: @"Yoga, Pilates; C:\mats",
            description: "line 1\r\nline 2\nline 3\rline 4\\n not a newline"));

        Assert.Multiple(() =>
        {
            Assert.That(SingleValue(ics, "SUMMARY"), Is.EqualTo(@"Yoga\, Pilates\; C:\\mats"));
            Assert.That(SingleValue(ics, "DESCRIPTION"), Is.EqualTo(@"line 1\nline 2\nline 3\nline 4\\n not a newline"));
        });
    }

    [Test]
    public void Other_control_characters_are_stripped_and_tab_is_kept()
    {
        var ics = Write(Event(summary: "a\u0000b\u0007c\u001bd\u007fe\u0085f\tg"));

        Assert.That(SingleValue(ics, "SUMMARY"), Is.EqualTo("abcdef\tg"));
    }

    [Test]
    public void A_lone_surrogate_becomes_the_replacement_character()
    {
        var ics = Write(Event(summary: "a\uD83Cb"));

        Assert.That(SingleValue(ics, "SUMMARY"), Is.EqualTo("a\uFFFDb"));
    }

    [Test]
    public void Url_is_a_uri_value_not_escaped_text_and_cannot_inject_lines()
    {
        var plain = Write(Event(url: "https://streaming.example/s?a=1,2;b=3"));
        var injected = Write(Event(url: "https://streaming.example/s\r\nATTACH:https://evil.example"));
        var relative = Write(Event(url: "/streams/42"));

        Assert.Multiple(() =>
        {
            Assert.That(SingleValue(plain, "URL"), Is.EqualTo("https://streaming.example/s?a=1,2;b=3"));
            Assert.That(ContentLines(injected), Has.None.StartWith("ATTACH"));
            Assert.That(SingleValue(injected, "URL"), Does.StartWith("https://streaming.example/s"));
            Assert.That(ContentLines(relative), Has.None.StartWith("URL"));
        });
    }

    [Test]
    public void Organizer_goes_into_the_description()
    {
        var withDescription = Write(Event(description: "Bring a mat", organizer: "O'Brien, \"Coach\"; Jr."));
        var alone = Write(Event(organizer: "Jane"));
        var neither = Write(Event());

        Assert.Multiple(() =>
        {
            Assert.That(SingleValue(withDescription, "DESCRIPTION"), Is.EqualTo(@"Bring a mat\n\nInstructor: O'Brien\, ""Coach""\; Jr."));
            Assert.That(SingleValue(alone, "DESCRIPTION"), Is.EqualTo("Instructor: Jane"));
            Assert.That(ContentLines(neither), Has.None.StartWith("DESCRIPTION"));
            Assert.That(ContentLines(withDescription), Has.None.StartWith("ORGANIZER"));
        });
    }

    // ------------------------------------------------------------------ times, status, sequence, alarm

    [Test]
    public void Times_are_written_in_utc_whatever_the_input_offset()
    {
        var calendarEvent = new CalendarEvent(
            "u@x",
            0,
            new DateTimeOffset(2030, 3, 30, 23, 30, 0, TimeSpan.FromHours(-5)),
            new DateTimeOffset(2030, 3, 31, 14, 45, 59, 999, TimeSpan.FromHours(9)),
            new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.FromHours(5.5)),
            "Late class");

        var ics = Write(calendarEvent);

        Assert.Multiple(() =>
        {
            Assert.That(SingleValue(ics, "DTSTART"), Is.EqualTo("20300331T043000Z"));
            Assert.That(SingleValue(ics, "DTEND"), Is.EqualTo("20300331T054559Z"));
            Assert.That(SingleValue(ics, "DTSTAMP"), Is.EqualTo("20291231T183000Z"));
        });
    }

    [Test]
    public void Cancelled_event_has_status_cancelled_and_no_alarm()
    {
        var ics = Write(Event(cancelled: true, reminder: TimeSpan.FromMinutes(15), sequence: 4));

        Assert.Multiple(() =>
        {
            Assert.That(SingleValue(ics, "STATUS"), Is.EqualTo("CANCELLED"));
            Assert.That(SingleValue(ics, "SEQUENCE"), Is.EqualTo("4"));
            Assert.That(ics, Does.Not.Contain("VALARM"));
            Assert.That(ics, Does.Not.Contain("TRIGGER"));
        });
    }

    [Test]
    public void Confirmed_event_without_reminder_has_no_alarm()
    {
        var ics = Write(Event());

        Assert.Multiple(() =>
        {
            Assert.That(SingleValue(ics, "STATUS"), Is.EqualTo("CONFIRMED"));
            Assert.That(ics, Does.Not.Contain("VALARM"));
        });
    }

    [TestCase(0)]
    [TestCase(1)]
    [TestCase(17)]
    public void Sequence_is_written(int sequence)
    {
        Assert.That(SingleValue(Write(Event(sequence: sequence)), "SEQUENCE"), Is.EqualTo(sequence.ToString(CultureInfo.InvariantCulture)));
    }

    [Test]
    public void Reminder_becomes_a_trigger_before_the_start()
    {
        var ics = Write(Event(reminder: TimeSpan.FromHours(1) + TimeSpan.FromMinutes(30)));

        Assert.That(SingleValue(ics, "TRIGGER"), Is.EqualTo("-PT1H30M"));
    }

    // ------------------------------------------------------------------ calendar properties

    [Test]
    public void Name_and_refresh_interval_only_when_set()
    {
        var bare = _writer.Write(new CalendarDocument([Event()]));
        var feed = _writer.Write(new CalendarDocument([Event()], Name: "Jane's classes, live", RefreshInterval: TimeSpan.FromHours(1)));

        Assert.Multiple(() =>
        {
            Assert.That(bare, Does.Not.Contain("X-WR-CALNAME"));
            Assert.That(bare, Does.Not.Contain("NAME:"));
            Assert.That(bare, Does.Not.Contain("REFRESH-INTERVAL"));
            Assert.That(bare, Does.Not.Contain("X-PUBLISHED-TTL"));

            Assert.That(SingleValue(feed, "X-WR-CALNAME"), Is.EqualTo(@"Jane's classes\, live"));
            Assert.That(SingleValue(feed, "NAME"), Is.EqualTo(@"Jane's classes\, live"));
            Assert.That(SingleValue(feed, "REFRESH-INTERVAL;VALUE=DURATION"), Is.EqualTo("PT1H"));
            Assert.That(SingleValue(feed, "X-PUBLISHED-TTL"), Is.EqualTo("PT1H"));

            // Calendar properties come before the first component.
            var lines = ContentLines(feed);
            Assert.That(lines.IndexOf("X-PUBLISHED-TTL:PT1H"), Is.LessThan(lines.IndexOf("BEGIN:VEVENT")));
        });
    }

    [TestCase(0, 1, 0, 0, "-PT1H")]
    [TestCase(0, 0, 15, 0, "-PT15M")]
    [TestCase(0, 0, 0, 30, "-PT30S")]
    [TestCase(0, 1, 30, 0, "-PT1H30M")]
    [TestCase(0, 0, 2, 5, "-PT2M5S")]
    [TestCase(1, 2, 3, 4, "-PT26H3M4S")]
    public void Reminders_are_exact_durations_before_the_start(int days, int hours, int minutes, int seconds, string expected)
    {
        var ics = Write(Event(reminder: new TimeSpan(days, hours, minutes, seconds)));

        Assert.That(SingleValue(ics, "TRIGGER"), Is.EqualTo(expected));
    }

    [Test]
    public void Duration_drops_fractions_of_a_second()
    {
        var ics = Write(Event(reminder: TimeSpan.FromMilliseconds(90_999)));

        Assert.That(SingleValue(ics, "TRIGGER"), Is.EqualTo("-PT1M30S"));
    }

    [Test]
    public void Refresh_interval_of_a_day_is_written_as_a_duration()
    {
        var ics = _writer.Write(new CalendarDocument([], RefreshInterval: TimeSpan.FromDays(1)));

        // An exact 24 hours (a nominal "P1D" could be 23 or 25 hours across a DST change).
        Assert.That(SingleValue(ics, "REFRESH-INTERVAL;VALUE=DURATION"), Is.EqualTo("PT24H"));
    }

    // ------------------------------------------------------------------ determinism

    [Test]
    [SetCulture("th-TH")]
    public void Output_is_deterministic_and_culture_independent()
    {
        // th-TH formats dates in the Buddhist calendar (2030 → 2573) and could change digits.
        var document = new CalendarDocument([Event(reminder: TimeSpan.FromMinutes(15), sequence: 12)], "Classes", TimeSpan.FromHours(1));

        var first = _writer.Write(document);
        var second = new IcsCalendarWriter().Write(document);

        Assert.Multiple(() =>
        {
            Assert.That(second, Is.EqualTo(first));
            Assert.That(SingleValue(first, "DTSTART"), Is.EqualTo("20300110T090000Z"));
            Assert.That(SingleValue(first, "SEQUENCE"), Is.EqualTo("12"));
        });
    }
}
