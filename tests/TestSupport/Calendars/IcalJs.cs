using System.Diagnostics;
using System.Text;
using NUnit.Framework;

namespace Streaming.TestSupport.Calendars;

/// <summary>
/// Has ical.js (tests/tools/validate-ics.mjs, a real RFC 5545 parser, from npm) read a calendar.
/// Fails the test (never skips) when node or ical.js is missing or the calendar is rejected.
/// </summary>
public static class IcalJs
{
    /// <summary>What validate-ics.mjs said: its exit code (0 = accepted), its JSON description and its errors.</summary>
    public sealed record Result(int ExitCode, string StandardOutput, string StandardError);

    /// <summary>The parser's JSON description of <paramref name="bytes"/> (calendar and events); fails the test if it is rejected.</summary>
    public static string Validate(byte[] bytes)
    {
        var result = Run(bytes);
        Assert.That(result.ExitCode, Is.Zero, $"ical.js rejected the calendar: {result.StandardError}");
        return result.StandardOutput;
    }

    /// <summary>Writes the bytes to a temporary .ics file and runs the validator on it.</summary>
    public static Result Run(byte[] bytes)
    {
        var root = RepositoryRoot();
        Assert.That(File.Exists(Path.Combine(root, "node_modules", "ical.js", "package.json")), Is.True,
            "ical.js is not installed: run scripts/setup.sh (npm ci) at the repository root.");
        var file = Path.Combine(Path.GetTempPath(), $"calendar-{Guid.NewGuid():N}.ics");
        File.WriteAllBytes(file, bytes);
        try
        {
            var start = new ProcessStartInfo("node")
            {
                WorkingDirectory = root,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
                StandardOutputEncoding = Encoding.UTF8,
                StandardErrorEncoding = Encoding.UTF8,
            };
            start.ArgumentList.Add(Path.Combine(root, "tests", "tools", "validate-ics.mjs"));
            start.ArgumentList.Add(file);
            using var process = Process.Start(start) ?? throw new AssertionException("node did not start: run scripts/setup.sh (it installs node).");
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

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
            if (File.Exists(Path.Combine(directory.FullName, "Streaming.sln"))) return directory.FullName;
        throw new AssertionException("Streaming.sln not found above the test binaries.");
    }
}
