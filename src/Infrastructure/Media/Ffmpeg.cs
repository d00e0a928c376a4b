using FFMpegCore;
using FFMpegCore.Enums;
using FFMpegCore.Exceptions;
using Instances;
using Microsoft.Extensions.Options;
using Streaming.Application.Common.Interfaces;

namespace Streaming.Infrastructure.Media;

/// <summary>
/// Runs FFmpeg and ffprobe through FFMpegCore with the <c>Media</c> settings. Cancellation (the
/// caller's, or a timeout) kills the process at once: nothing half-written is kept. Only the
/// caller's cancellation surfaces as <see cref="OperationCanceledException"/>.
/// </summary>
public sealed class Ffmpeg(IOptions<MediaOptions> options)
{
    public MediaOptions Settings => options.Value;

    private FFOptions Binaries => new()
    {
        BinaryFolder = Settings.BinaryFolder,
        TemporaryFilesFolder = Path.GetTempPath(),
        LogLevel = FFMpegLogLevel.Error,
    };

    /// <summary>
    /// Runs one FFmpeg command; returns what FFmpeg reported on stderr (errors only), or throws
    /// <see cref="MediaProcessingException"/> when it failed, did not start, or ran past <paramref name="timeout"/>.
    /// </summary>
    public async Task<FfmpegRun> RunAsync(FFMpegArgumentProcessor command, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(timeout);
        try
        {
            var result = await command.CancellableThrough(limit.Token, gracePeriod: TimeSpan.Zero)
                .ProcessAsynchronously(throwOnError: false, Binaries);
            // Without throwOnError a cancelled (killed) run comes back as a result, not an exception.
            if (result.Cancelled) cancellationToken.ThrowIfCancellationRequested();
            if (result.Cancelled) throw new OperationCanceledException(limit.Token);
            // -stats lines (progress) share stderr with the errors.
            return new FfmpegRun(result.ExitCode, result.StandardError
                .Where(line => !line.StartsWith("frame=", StringComparison.Ordinal) && !line.StartsWith("size=", StringComparison.Ordinal))
                .ToList());
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new MediaProcessingException($"FFmpeg took longer than {timeout} and was stopped.");
        }
        catch (OperationCanceledException)
        {
            throw new OperationCanceledException(cancellationToken);
        }
        catch (FFMpegException e)
        {
            // FFMpegCore checks that the binary runs before it starts a command.
            throw new MediaProcessingException($"FFmpeg could not be started: {e.Message}");
        }
    }

    /// <summary>
    /// ffprobe with <paramref name="arguments"/> (the input included): its standard output lines, or null
    /// when it failed or ran past <see cref="MediaOptions.ProbeTimeout"/>. For what FFMpegCore's analysis
    /// does not read (packet timestamps and flags, a stream's level and B-frame depth).
    /// </summary>
    public async Task<IReadOnlyList<string>?> ProbeLinesAsync(string arguments, CancellationToken cancellationToken)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(Settings.ProbeTimeout);
        try
        {
            var result = await Instance.FinishAsync(GlobalFFOptions.GetFFProbeBinaryPath(Binaries), $"-v error {arguments}", limit.Token);
            return result.ExitCode == 0 ? result.OutputData : null;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return null;
        }
    }

    /// <summary>ffprobe's analysis of a file or URL, or why it could not read it (a missing file included).</summary>
    public async Task<FfprobeResult> ProbeAsync(string input, CancellationToken cancellationToken)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(Settings.ProbeTimeout);
        try
        {
            var analysis = Uri.TryCreate(input, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"
                ? await FFProbe.AnalyseAsync(uri, Binaries, cancellationToken: limit.Token)
                : await FFProbe.AnalyseAsync(input, Binaries, cancellationToken: limit.Token);
            return new FfprobeResult(analysis, null);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (OperationCanceledException)
        {
            return new FfprobeResult(null, $"ffprobe took longer than {Settings.ProbeTimeout} and was stopped.");
        }
        catch (Exception e) when (e is FFMpegException or FileNotFoundException)
        {
            return new FfprobeResult(null, e.Message);
        }
    }
}

/// <param name="Analysis">What ffprobe read; null when it could not.</param>
/// <param name="Problem">Why not (for the log).</param>
public sealed record FfprobeResult(IMediaAnalysis? Analysis, string? Problem);

/// <summary>An FFmpeg run that ended by itself: its exit code and error lines.</summary>
public sealed record FfmpegRun(int ExitCode, IReadOnlyList<string> Errors)
{
    public bool Succeeded => ExitCode == 0;

    public string ErrorText => string.Join('\n', Errors).Trim();

    /// <summary>The last <paramref name="max"/> characters of the error lines.</summary>
    public string Tail(int max = 500) => ErrorText.Length <= max ? ErrorText : ErrorText[^max..];
}
