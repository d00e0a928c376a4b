using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Streaming.TestSupport;

/// <summary>
/// The app as its own process (the Streaming.Web.dll beside the tests, content from src/Web), as
/// production runs it: Production environment, a real port, JSON logs on its standard output. Unlike
/// an in-process factory it can be killed outright (<see cref="Kill"/>), as a crashed instance would die.
/// </summary>
public sealed class AppProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private AppProcess(Process process, Uri url, string name)
    {
        _process = process;
        Url = url;
        Name = name;
    }

    public Uri Url { get; }

    public string Name { get; }

    public bool HasExited => _process.HasExited;

    /// <summary>What the app wrote so far (its JSON log lines).</summary>
    public string Output
    {
        get
        {
            lock (_output) return _output.ToString();
        }
    }

    /// <summary>Starts an instance with <paramref name="settings"/> (configuration keys, e.g. "Redis:Configuration") and waits until /healthz/ready answers.</summary>
    public static async Task<AppProcess> StartAsync(string name, IReadOnlyDictionary<string, string> settings)
    {
        var port = FreePort();
        var url = new Uri($"http://127.0.0.1:{port}");
        var start = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "Streaming.Web.dll"), "--contentRoot", Path.Combine(RepositoryRoot.Path, "src", "Web")])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["ASPNETCORE_URLS"] = url.ToString().TrimEnd('/');
        foreach (var (key, value) in settings) start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;

        var process = new Process { StartInfo = start };
        var app = new AppProcess(process, url, name);
        DataReceivedEventHandler collect = (_, e) =>
        {
            if (e.Data is null) return;
            lock (app._output) app._output.AppendLine(e.Data);
        };
        process.OutputDataReceived += collect;
        process.ErrorDataReceived += collect;
        if (!process.Start()) throw new InvalidOperationException($"{name} did not start.");
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        using var probe = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            if (process.HasExited) throw new InvalidOperationException($"{name} stopped while starting: {app.Output}");
            try
            {
                if ((await probe.GetAsync(new Uri(url, "/healthz/ready"))).StatusCode == HttpStatusCode.OK) return app;
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }

            if (deadline.Elapsed > TimeSpan.FromMinutes(3))
            {
                await app.DisposeAsync();
                throw new InvalidOperationException($"{name} was not ready within 3 minutes: {app.Output}");
            }

            await Task.Delay(250);
        }
    }

    /// <summary>SIGKILL: no shutdown, no goodbye to its connections, as a crash or an out-of-memory kill.</summary>
    public async Task KillAsync()
    {
        if (_process.HasExited) return;
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        _process.Dispose();
    }
}
