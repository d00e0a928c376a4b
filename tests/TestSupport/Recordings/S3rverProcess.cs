using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace Streaming.TestSupport.Recordings;

/// <summary>
/// s3rver (npm, a local S3 implementation) on a free loopback port with a temporary folder,
/// started and stopped by the test itself. Needs `npm ci` at the repository root (scripts/setup.sh does it).
/// </summary>
public sealed class S3rverProcess : IAsyncDisposable
{
    public const string AccessKey = "S3RVER";
    public const string SecretKey = "S3RVER";

    // Node may take many seconds to start on a loaded CI machine; a healthy start takes one or two.
    private static readonly TimeSpan ReadyWithin = TimeSpan.FromSeconds(30);
    private const int Launches = 3;
    private const string ListeningLine = "S3rver listening on ";

    private readonly Process _process;
    private readonly string _folder;

    private S3rverProcess(Process process, string folder, Uri url)
    {
        _process = process;
        _folder = folder;
        Url = url;
    }

    public Uri Url { get; }

    public static async Task<S3rverProcess> StartAsync()
    {
        var executable = Path.Combine(RepositoryRoot(), "node_modules", ".bin", "s3rver");
        if (!File.Exists(executable))
            throw new InvalidOperationException($"{executable} is missing: run 'npm ci' at the repository root (scripts/setup.sh does).");
        var folder = Directory.CreateTempSubdirectory("s3rver-").FullName;
        try
        {
            // A process that exits before it answers (a crash on start) is replaced by a new one, on a new port.
            for (var launch = 1; ; launch++)
            {
                var (process, url, stderr) = await LaunchAsync(executable, folder);
                if (url is not null) return new S3rverProcess(process, folder, url);
                var exitCode = process.ExitCode;
                process.Dispose();
                if (launch == Launches)
                    throw new InvalidOperationException($"s3rver exited with {exitCode} before answering, {Launches} times. Its stderr: {stderr}");
            }
        }
        catch
        {
            Directory.Delete(folder, recursive: true);
            throw;
        }
    }

    /// <summary>
    /// The process and its address once it answers HTTP, or no address (and its stderr) if it exited first.
    /// Throws, the process killed, if it does neither within <see cref="ReadyWithin"/>.
    /// </summary>
    private static async Task<(Process Process, Uri? Url, string Stderr)> LaunchAsync(string executable, string folder)
    {
        // Port 0: s3rver binds a free port itself and prints it, so no other process can take the
        // port between our choosing it and node binding it.
        var process = new Process
        {
            StartInfo = new ProcessStartInfo(executable, ["-d", folder, "-a", "127.0.0.1", "-p", "0", "--silent"])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            },
        };
        var listening = new TaskCompletionSource<Uri>(TaskCreationOptions.RunContinuationsAsynchronously);
        var stderr = new StringBuilder();
        process.OutputDataReceived += (_, e) =>
        {
            // "S3rver listening on 127.0.0.1:39003" (printed even with --silent).
            if (e.Data is { } line && line.StartsWith(ListeningLine, StringComparison.Ordinal)
                && int.TryParse(line[(line.LastIndexOf(':') + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var port))
                listening.TrySetResult(new Uri($"http://127.0.0.1:{port}"));
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is null) return;
            lock (stderr) stderr.AppendLine(e.Data);
        };
        string Stderr()
        {
            lock (stderr) return stderr.Length == 0 ? "(empty)" : stderr.ToString().Trim();
        }

        if (!process.Start())
        {
            process.Dispose();
            throw new InvalidOperationException("s3rver did not start.");
        }
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        // Waiting for the exit also drains stderr.
        var exited = process.WaitForExitAsync();
        using var deadline = new CancellationTokenSource(ReadyWithin);
        try
        {
            if (await Task.WhenAny(listening.Task, exited).WaitAsync(deadline.Token) != listening.Task)
                return (process, null, Stderr());
            var url = await listening.Task;

            // Listening is not yet answering: probe until it does. A slow answer times out (TaskCanceledException).
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
            while (true)
            {
                try
                {
                    using var response = await http.GetAsync(url, deadline.Token);
                    return (process, url, "");
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !deadline.IsCancellationRequested)
                {
                    if (process.HasExited)
                    {
                        await exited;
                        return (process, null, Stderr());
                    }
                    await Task.Delay(TimeSpan.FromMilliseconds(100), deadline.Token);
                }
            }
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested)
        {
            try { process.Kill(entireProcessTree: true); }
            catch (InvalidOperationException) { } // it exited just now
            await exited;
            process.Dispose();
            throw new InvalidOperationException($"s3rver did not answer within {ReadyWithin.TotalSeconds:0} s. Its stderr: {Stderr()}");
        }
    }

    public static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Streaming.sln"))) return dir.FullName;
        throw new InvalidOperationException("Streaming.sln not found above the test binaries.");
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        Directory.Delete(_folder, recursive: true);
    }
}
