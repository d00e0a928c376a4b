using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;

namespace Streaming.TestSupport.Realtime;

/// <summary>
/// A private nginx (Debian's package, installed by scripts/setup.sh) in front of app instances, with
/// the configuration <c>scripts/run.sh --instances N</c> uses (deploy/nginx.conf.template), on a free
/// loopback port. Its access log says which instance served each request.
/// </summary>
public sealed partial class NginxProcess : IAsyncDisposable
{
    private const string Executable = "/usr/sbin/nginx";
    private readonly Process _process;
    private readonly string _folder;

    private NginxProcess(Process process, string folder, Uri url)
    {
        _process = process;
        _folder = folder;
        Url = url;
    }

    /// <summary>The one public address.</summary>
    public Uri Url { get; }

    public static async Task<NginxProcess> StartAsync(params Uri[] instances)
    {
        if (!File.Exists(Executable)) throw new InvalidOperationException("nginx is missing: run scripts/setup.sh (it installs Debian's nginx).");
        var folder = Directory.CreateTempSubdirectory("nginx-").FullName;
        Directory.CreateDirectory(Path.Combine(folder, "temp"));
        var port = FreePort();
        var upstreams = string.Concat(instances.Select(i => $"        server 127.0.0.1:{i.Port} max_fails=1 fail_timeout=5s;\n"));
        var template = await File.ReadAllTextAsync(Path.Combine(RepositoryRoot.Path, "deploy", "nginx.conf.template"));
        var configuration = template.Replace("__DIR__", folder, StringComparison.Ordinal)
            .Replace("__LISTEN__", $"127.0.0.1:{port}", StringComparison.Ordinal)
            .Replace("__UPSTREAMS__\n", upstreams, StringComparison.Ordinal);
        var file = Path.Combine(folder, "nginx.conf");
        await File.WriteAllTextAsync(file, configuration);

        var process = Process.Start(new ProcessStartInfo(Executable, ["-p", folder, "-c", file, "-e", Path.Combine(folder, "error.log"), "-g", "daemon off;"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        }) ?? throw new InvalidOperationException("nginx did not start.");
        var url = new Uri($"http://127.0.0.1:{port}");
        using var probe = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        for (var attempt = 0; ; attempt++)
        {
            if (process.HasExited)
                throw new InvalidOperationException($"nginx stopped: {await process.StandardError.ReadToEndAsync()} {await File.ReadAllTextAsync(Path.Combine(folder, "error.log"))}");
            try
            {
                using var connection = new TcpClient();
                await connection.ConnectAsync(IPAddress.Loopback, port);
                return new NginxProcess(process, folder, url);
            }
            catch (SocketException) when (attempt < 100)
            {
                await Task.Delay(100);
            }
        }
    }

    /// <summary>The instance ports (upstreams) that answered requests so far, with how many each, from the access log.</summary>
    public IReadOnlyDictionary<int, int> RequestsPerInstance()
    {
        var log = Path.Combine(_folder, "access.log");
        if (!File.Exists(log)) return new Dictionary<int, int>();
        using var stream = new FileStream(log, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd().Split('\n')
            .Where(line => line.Contains(" upstream=", StringComparison.Ordinal))
            .SelectMany(line => Upstream().Matches(line[line.IndexOf(" upstream=", StringComparison.Ordinal)..])
                .Select(m => int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)))
            .GroupBy(p => p).ToDictionary(g => g.Key, g => g.Count());
    }

    /// <summary>The access log's lines (for a failure message).</summary>
    public string AccessLog()
    {
        var log = Path.Combine(_folder, "access.log");
        if (!File.Exists(log)) return "";
        using var stream = new FileStream(log, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        return new StreamReader(stream).ReadToEnd();
    }

    [GeneratedRegex(@"127\.0\.0\.1:(\d+)")]
    private static partial Regex Upstream();

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
