using System.Text;
using NUnit.Framework;
using Streaming.Application.Common.Interfaces;
using Streaming.Infrastructure.Calendars;

namespace Streaming.Infrastructure.IntegrationTests.Calendars;

/// <summary>
/// The writer's output read back by a real parser (ical.js via node, tests/tools/validate-ics.mjs):
/// what a calendar app will see must be exactly what we put in.
/// </summary>
public class IcsCalendarWriterIcalJsTests
{
    private static readonly UTF8Encoding Utf8NoBom = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private static byte[] Bytes(string ics) => Utf8NoBom.GetBytes(ics);

    [Test]
    public void Tricky_text_round_trips_through_ical_js()
    {
        var longSummary = "Yoga, Pilates; stretch \\ relax — " +
                          string.Concat(Enumerable.Repeat("Café 日本 🏋️ 🏋️‍♀️ naïve ", 12));
        var description = "Line 1\r\nLine 2\nLine 3\rLine 4, with; all \\ the\ttabs \\n (literal)";
        const string organizer = "O'Brien, \"Coach\"; Jr.";
        const string url = "https://streaming.example/streams/42?ref=cal,feed;x=1&y=2";
        var start = new DateTimeOffset(2030, 1, 10, 10, 0, 0, TimeSpan.FromHours(1));
        var end = new DateTimeOffset(2030, 1, 10, 6, 15, 0, TimeSpan.FromHours(-5));
        var stamp = new DateTimeOffset(2029, 12, 24, 8, 30, 15, TimeSpan.FromHours(2));

        var document = new CalendarDocument(
            [
                new CalendarEvent("stream-42@streaming.example", 3, start, end, stamp, longSummary,
                    description, url, organizer, Cancelled: false, Reminder: TimeSpan.FromMinutes(15)),
                new CalendarEvent("stream-43@streaming.example", 5, start.AddDays(1), end.AddDays(1), stamp,
                    "Cancelled, sorry; \\o/", Cancelled: true, Reminder: TimeSpan.FromMinutes(15)),
                new CalendarEvent("stream-44@streaming.example", 0, start.AddDays(2), end.AddDays(2), stamp, "Plain"),
                new CalendarEvent("stream-45@streaming.example", 1, start.AddDays(3), end.AddDays(3), stamp, EscapesAndEmoji),
            ],
            Name: "Jane's classes, live; \\ 日本",
            RefreshInterval: TimeSpan.FromHours(1));

        var parsed = IcalJsValidator.Parse(Bytes(new IcsCalendarWriter().Write(document)));

        Assert.Multiple(() =>
        {
            Assert.That(parsed.Calendar.Prodid, Is.EqualTo("-//Streaming//Live classes//EN"));
            Assert.That(parsed.Calendar.Version, Is.EqualTo("2.0"));
            Assert.That(parsed.Calendar.Method, Is.EqualTo("PUBLISH"));
            Assert.That(parsed.Calendar.Calscale, Is.EqualTo("GREGORIAN"));
            Assert.That(parsed.Calendar.Name, Is.EqualTo("Jane's classes, live; \\ 日本"));
            Assert.That(parsed.Calendar.WrCalName, Is.EqualTo("Jane's classes, live; \\ 日本"));
            Assert.That(parsed.Calendar.RefreshInterval, Is.EqualTo("PT1H"));
            Assert.That(parsed.Calendar.PublishedTtl, Is.EqualTo("PT1H"));
            Assert.That(parsed.Events, Has.Count.EqualTo(4));
        });

        var first = parsed.Events[0];
        Assert.Multiple(() =>
        {
            Assert.That(first.Uid, Is.EqualTo("stream-42@streaming.example"));
            Assert.That(first.Summary, Is.EqualTo(longSummary));
            Assert.That(first.Description, Is.EqualTo(
                "Line 1\nLine 2\nLine 3\nLine 4, with; all \\ the\ttabs \\n (literal)\n\nInstructor: " + organizer));
            Assert.That(first.Url, Is.EqualTo(url));
            Assert.That(first.Start, Is.EqualTo("2030-01-10T09:00:00Z"));
            Assert.That(first.End, Is.EqualTo("2030-01-10T11:15:00Z"));
            Assert.That(first.StartIsUtc, Is.True);
            Assert.That(first.EndIsUtc, Is.True);
            Assert.That(first.Status, Is.EqualTo("CONFIRMED"));
            Assert.That(first.Sequence, Is.EqualTo(3));
            Assert.That(first.HasAlarm, Is.True);
            Assert.That(first.Alarms, Is.EqualTo(new[] { new IcalJsValidator.ParsedAlarm("DISPLAY", "-PT15M", longSummary) }));
        });

        var cancelled = parsed.Events[1];
        Assert.Multiple(() =>
        {
            Assert.That(cancelled.Uid, Is.EqualTo("stream-43@streaming.example"));
            Assert.That(cancelled.Summary, Is.EqualTo("Cancelled, sorry; \\o/"));
            Assert.That(cancelled.Status, Is.EqualTo("CANCELLED"));
            Assert.That(cancelled.Sequence, Is.EqualTo(5));
            Assert.That(cancelled.HasAlarm, Is.False);
            Assert.That(cancelled.Start, Is.EqualTo("2030-01-11T09:00:00Z"));
        });

        var plain = parsed.Events[2];
        Assert.Multiple(() =>
        {
            Assert.That(plain.Summary, Is.EqualTo("Plain"));
            Assert.That(plain.Description, Is.Null);
            Assert.That(plain.Url, Is.Null);
            Assert.That(plain.Sequence, Is.Zero);
            Assert.That(plain.Status, Is.EqualTo("CONFIRMED"));
            Assert.That(plain.HasAlarm, Is.False);
        });
    }

    /// <summary>Escapes and characters outside the BMP at every fold alignment.</summary>
    private static readonly string EscapesAndEmoji = string.Concat(Enumerable.Range(0, 30).Select(i => new string('x', i % 4) + "a,b;c\\d\n🏋️💪"));

    [Test]
    public void Folds_through_escapes_and_emoji_unfold_to_the_same_text_in_ical_js()
    {
        var parsed = IcalJsValidator.Parse(Bytes(new IcsCalendarWriter().Write(new CalendarDocument(
            [new CalendarEvent("u@x", 0, DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch.AddHours(1), DateTimeOffset.UnixEpoch, EscapesAndEmoji, EscapesAndEmoji)]))));

        Assert.That(parsed.Events.Single().Summary, Is.EqualTo(EscapesAndEmoji));
        Assert.That(parsed.Events.Single().Description, Is.EqualTo(EscapesAndEmoji));
    }

    [Test]
    public void Empty_calendar_is_accepted_by_ical_js()
    {
        var parsed = IcalJsValidator.Parse(Bytes(new IcsCalendarWriter().Write(new CalendarDocument([]))));

        Assert.Multiple(() =>
        {
            Assert.That(parsed.Events, Is.Empty);
            Assert.That(parsed.Calendar.Method, Is.EqualTo("PUBLISH"));
            Assert.That(parsed.Calendar.Name, Is.Null);
            Assert.That(parsed.Calendar.RefreshInterval, Is.Null);
        });
    }

    private const string ValidCalendar =
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//t//EN\r\n" +
        "BEGIN:VEVENT\r\nUID:a@b\r\nDTSTAMP:20300101T000000Z\r\nDTSTART:20300110T090000Z\r\nDTEND:20300110T100000Z\r\n" +
        "SUMMARY:Hello\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";

    [Test]
    public void The_hand_written_valid_sample_passes()
    {
        // The control for the malformed cases below: they differ from this file by one defect each.
        Assert.That(IcalJsValidator.Parse(Bytes(ValidCalendar)).Events.Single().Summary, Is.EqualTo("Hello"));
    }

    [TestCase("SUMMARY:Hello\r\n", "SUMMARY Hello\r\n", "invalid line", TestName = "Malformed: a line without a colon (parser)")]
    [TestCase("END:VEVENT\r\n", "", "did not end", TestName = "Malformed: a component that never ends (parser)")]
    [TestCase("DTSTART:20300110T090000Z", "DTSTART:2030-bogus", "date-time", TestName = "Malformed: an invalid DTSTART (parser)")]
    [TestCase("SUMMARY:Hello\r\n", "SUMMARY:Hello\n", "bare LF", TestName = "Malformed: a bare LF line end (framing)")]
    [TestCase("SUMMARY:Hello\r\n", "SUMMARY:0123456789012345678901234567890123456789012345678901234567890123456789\r\n", "octets", TestName = "Malformed: a 78-octet line (framing)")]
    public void Malformed_input_makes_the_validator_exit_non_zero(string find, string replace, string expectedMessage)
    {
        var broken = ValidCalendar.Replace(find, replace, StringComparison.Ordinal);
        Assert.That(broken, Is.Not.EqualTo(ValidCalendar), "the defect was applied");

        var result = IcalJsValidator.Run(Bytes(broken));

        Assert.Multiple(() =>
        {
            Assert.That(result.ExitCode, Is.Not.Zero, () => $"accepted a malformed file:\n{result.StandardOutput}");
            Assert.That(result.StandardError, Does.Contain(expectedMessage));
        });
    }

    [Test]
    public void A_fold_inside_a_utf8_character_makes_the_validator_exit_non_zero()
    {
        // "SUMMARY:é" with the fold placed between the two bytes of é (C3 A9).
        var bytes = Bytes(ValidCalendar.Replace("SUMMARY:Hello", "SUMMARY:\u00e9", StringComparison.Ordinal)).ToList();
        var e = bytes.IndexOf(0xC3);
        bytes.InsertRange(e + 1, new byte[] { (byte)'\r', (byte)'\n', (byte)' ' });

        var result = IcalJsValidator.Run([.. bytes]);

        Assert.Multiple(() =>
        {
            Assert.That(result.ExitCode, Is.Not.Zero);
            Assert.That(result.StandardError, Does.Contain("UTF-8"));
        });
    }
}
