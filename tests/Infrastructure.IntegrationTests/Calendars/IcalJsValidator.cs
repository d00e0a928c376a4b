using System.Text.Json;
using NUnit.Framework;
using Streaming.TestSupport.Calendars;

namespace Streaming.Infrastructure.IntegrationTests.Calendars;

/// <summary>
/// Runs <c>node tests/tools/validate-ics.mjs</c> (ical.js, a real RFC 5545 parser) on a file.
/// Fails the test — never skips it — when node or the npm packages are missing.
/// </summary>
internal static class IcalJsValidator
{
    private static readonly JsonSerializerOptions Json = new() { PropertyNameCaseInsensitive = true };

    public sealed record ParsedCalendar(CalendarInfo Calendar, IReadOnlyList<ParsedEvent> Events);

    public sealed record CalendarInfo(
        string? Prodid,
        string? Version,
        string? Method,
        string? Calscale,
        string? Name,
        string? WrCalName,
        string? RefreshInterval,
        string? PublishedTtl);

    public sealed record ParsedEvent(
        string? Uid,
        string? Summary,
        string? Description,
        string? Url,
        string? Start,
        string? End,
        bool StartIsUtc,
        bool? EndIsUtc,
        string? Status,
        int? Sequence,
        bool HasAlarm,
        IReadOnlyList<ParsedAlarm> Alarms);

    public sealed record ParsedAlarm(string? Action, string? Trigger, string? Description);

    /// <summary>Parses <paramref name="icsBytes"/>; fails the test with the validator's message when it is rejected.</summary>
    public static ParsedCalendar Parse(byte[] icsBytes)
    {
        var result = Run(icsBytes);
        Assert.That(result.ExitCode, Is.Zero, () => $"ical.js rejected the calendar:\n{result.StandardError}\n{result.StandardOutput}");
        var parsed = JsonSerializer.Deserialize<ParsedCalendar>(result.StandardOutput, Json);
        Assert.That(parsed, Is.Not.Null, () => $"validator printed no JSON: {result.StandardOutput}");
        return parsed!;
    }

    /// <summary>Runs the validator on the bytes (ical.js from TestSupport).</summary>
    public static IcalJs.Result Run(byte[] icsBytes) => IcalJs.Run(icsBytes);
}
