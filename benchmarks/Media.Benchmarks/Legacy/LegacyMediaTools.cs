// The hand-written FFmpeg code the app used before FFMpegCore (commit dd12e88), kept here only so
// that benchmarks/recordings.sh can time the old and the new code side by side in one run.
using System.Diagnostics;
using System.Text;
using Microsoft.Extensions.Configuration;

namespace Streaming.Benchmarks.Media.Legacy;

/// <summary>Runs FFmpeg and ffprobe (paths from Media:FfmpegPath / Media:FfprobePath, else STREAMING_FFMPEG / PATH).</summary>
public sealed class LegacyMediaTools(IConfiguration configuration)
{
    public string Ffmpeg => configuration["Media:FfmpegPath"] is { Length: > 0 } path ? path
        : Environment.GetEnvironmentVariable("STREAMING_FFMPEG") is { Length: > 0 } env ? env : "ffmpeg";

    public string Ffprobe => configuration["Media:FfprobePath"] is { Length: > 0 } path ? path
        : Environment.GetEnvironmentVariable("STREAMING_FFPROBE") is { Length: > 0 } env ? env : "ffprobe";

    /// <summary>Runs the tool to completion (killed after <paramref name="timeout"/>); returns exit code, stdout and stderr.</summary>
    public async Task<(int ExitCode, string Output, string Errors)> RunAsync(
        string tool, IEnumerable<string> arguments, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(tool)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);

        using var process = new Process { StartInfo = start };
        var output = new StringBuilder();
        var errors = new StringBuilder();
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (errors) errors.AppendLine(e.Data); };
        process.Start();
        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(timeout);
        try
        {
            await process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            cancellationToken.ThrowIfCancellationRequested();
            return (-1, output.ToString(), $"{Path.GetFileName(tool)} took longer than {timeout.TotalSeconds:0} s and was stopped.");
        }

        process.WaitForExit(); // flush the redirected streams
        return (process.ExitCode, output.ToString(), errors.ToString());
    }
}
