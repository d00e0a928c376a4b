using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Streaming.TestSupport.Recordings;

/// <summary>
/// s3rver (npm, a local S3 implementation) on a free loopback port with a temporary folder,
/// started and stopped by the test itself. Needs `npm ci` at the repository root (scripts/setup.sh does it).
/// </summary>
public sealed class S3rverProcess : IAsyncDisposable
{
    public const string AccessKey = "S3RVER";
    public const string SecretKey = "S3RVER";

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
        var port = FreePort();
        var process = Process.Start(new ProcessStartInfo(executable, ["-d", folder, "-a", "127.0.0.1", "-p", port.ToString(), "--silent"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        }) ?? throw new InvalidOperationException("s3rver did not start.");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        var url = new Uri($"http://127.0.0.1:{port}");
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        for (var attempt = 0; attempt < 100; attempt++)
        {
            if (process.HasExited) throw new InvalidOperationException($"s3rver exited with {process.ExitCode}.");
            try
            {
                await http.GetAsync(url);
                return new S3rverProcess(process, folder, url);
            }
            catch (HttpRequestException)
            {
                await Task.Delay(100);
            }
        }

        process.Kill(entireProcessTree: true);
        throw new InvalidOperationException("s3rver did not answer within 10 s.");
    }

    public static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Streaming.sln"))) return dir.FullName;
        throw new InvalidOperationException("Streaming.sln not found above the test binaries.");
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
