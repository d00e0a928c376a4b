using System.Diagnostics;
using System.Text;
using System.Text.Json;
using NUnit.Framework;

namespace Streaming.Infrastructure.IntegrationTests.Calendars;

/// <summary>
/// Runs <c>node tests/tools/validate-ics.mjs</c> (ical.js, a real RFC 5545 parser) on a file.
/// Fails the test — never skips it — when node or the npm packages are missing.
/// </summary>
internal static class IcalJsValidator
{
    private static readonly JsonSerializerOptions Json = new() { PropertyNameCaseInsensitive = true };

    public sealed record Result(int ExitCode, string StandardOutput, string StandardError);

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

    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    /// <summary>Parses <paramref name="icsBytes"/>; fails the test with the validator's message when it is rejected.</summary>
    public static ParsedCalendar Parse(byte[] icsBytes)
    {
        var result = Run(icsBytes);
        Assert.That(result.ExitCode, Is.Zero, () => $"ical.js rejected the calendar:\n{result.StandardError}\n{result.StandardOutput}");
        var parsed = JsonSerializer.Deserialize<ParsedCalendar>(result.StandardOutput, Json);
        Assert.That(parsed, Is.Not.Null, () => $"validator printed no JSON: {result.StandardOutput}");
        return parsed!;
    }

    /// <summary>Writes the bytes to a temporary .ics file and runs the validator on it.</summary>
    public static Result Run(byte[] icsBytes)
    {
        var script = Path.Combine(RepositoryRoot, "tests", "tools", "validate-ics.mjs");
        Assert.That(File.Exists(script), Is.True, $"missing {script}");

        var icalJs = Path.Combine(RepositoryRoot, "node_modules", "ical.js", "package.json");
        if (!File.Exists(icalJs))
        {
            Assert.Fail($"ical.js is not installed ({icalJs} is missing). Run scripts/setup.sh (it runs `npm ci` at the repository root).");
        }

        var node = FindOnPath(OperatingSystem.IsWindows() ? "node.exe" : "node");
        if (node is null)
        {
            Assert.Fail("node is not on PATH. Run scripts/setup.sh (it installs node and npm).");
        }

        var file = Path.Combine(Path.GetTempPath(), $"streaming-calendar-{Guid.NewGuid():N}.ics");
        File.WriteAllBytes(file, icsBytes);
        try
        {
            var start = new ProcessStartInfo(node!)
            {
                WorkingDirectory = RepositoryRoot,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
                StandardOutputEncoding = Encoding.UTF8,
                StandardErrorEncoding = Encoding.UTF8,
            };
            start.ArgumentList.Add(script);
            start.ArgumentList.Add(file);

            using var process = Process.Start(start)!;
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(TimeSpan.FromSeconds(60)))
            {
                process.Kill(entireProcessTree: true);
                Assert.Fail("validate-ics.mjs did not finish within 60 s");
            }

            process.WaitForExit();
            return new Result(process.ExitCode, stdout.GetAwaiter().GetResult(), stderr.GetAwaiter().GetResult());
        }
        finally
        {
            File.Delete(file);
        }
    }

    private static string FindRepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Streaming.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"Streaming.sln not found above {AppContext.BaseDirectory}");
    }

    private static string? FindOnPath(string executable)
    {
        var path = Environment.GetEnvironmentVariable("PATH") ?? "";
        foreach (var directory in path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(directory.Trim('"'), executable);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }
}
