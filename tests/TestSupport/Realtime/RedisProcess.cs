using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Streaming.TestSupport.Realtime;

/// <summary>
/// A private redis-server (Debian's package, installed by scripts/setup.sh) on a free loopback
/// port with a temporary folder and no persistence, started by the test and killed after it.
/// </summary>
public sealed class RedisProcess : IAsyncDisposable
{
    private static readonly TimeSpan ReadyWithin = TimeSpan.FromSeconds(30);
    private const int Launches = 3;
    private const string ReadyLine = "Ready to accept connections";

    private readonly Process _process;
    private readonly string _folder;

    private RedisProcess(Process process, string folder, int port)
    {
        _process = process;
        _folder = folder;
        Port = port;
    }

    public int Port { get; }

    /// <summary>The StackExchange.Redis configuration string of this server (<c>Redis:Configuration</c>).</summary>
    public string Configuration => $"127.0.0.1:{Port}";

    public static async Task<RedisProcess> StartAsync()
    {
        var executable = new[] { "/usr/bin/redis-server", "/usr/local/bin/redis-server" }.FirstOrDefault(File.Exists)
                         ?? throw new InvalidOperationException("redis-server is missing: run scripts/setup.sh (it installs Debian's redis-server).");
        var folder = Directory.CreateTempSubdirectory("redis-").FullName;
        try
        {
            // redis-server cannot pick its own port: a port found free may be taken before it binds, so try again on another.
            for (var launch = 1; ; launch++)
            {
                var port = FreePort();
                var (process, ready, output) = await LaunchAsync(executable, folder, port);
                if (ready) return new RedisProcess(process, folder, port);
                process.Dispose();
                if (launch == Launches) throw new InvalidOperationException($"redis-server did not start, {Launches} times. Its output: {output}");
            }
        }
        catch
        {
            Directory.Delete(folder, recursive: true);
            throw;
        }
    }

    private static async Task<(Process Process, bool Ready, string Output)> LaunchAsync(string executable, string folder, int port)
    {
        var process = new Process
        {
            StartInfo = new ProcessStartInfo(executable,
                ["--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--dir", folder,
                 "--save", "", "--appendonly", "no", "--daemonize", "no", "--protected-mode", "yes", "--loglevel", "notice"])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            },
        };
        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var output = new StringBuilder();
        DataReceivedEventHandler collect = (_, e) =>
        {
            if (e.Data is null) return;
            lock (output) output.AppendLine(e.Data);
            if (e.Data.Contains(ReadyLine, StringComparison.Ordinal)) ready.TrySetResult();
        };
        process.OutputDataReceived += collect;
        process.ErrorDataReceived += collect;
        if (!process.Start()) throw new InvalidOperationException("redis-server did not start.");
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        var exited = process.WaitForExitAsync();
        var first = await Task.WhenAny(ready.Task, exited, Task.Delay(ReadyWithin));
        string Output()
        {
            lock (output) return output.ToString().Trim();
        }

        if (first == ready.Task) return (process, true, "");
        if (first != exited)
        {
            process.Kill(entireProcessTree: true);
            await exited;
        }

        return (process, false, Output());
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
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
