using System.Collections.Concurrent;
using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace Streaming.Web.FunctionalTests.Operations;

/// <summary>
/// With Observability:OtlpEndpoint set, traces, metrics and logs go to an OpenTelemetry collector.
/// The collector here is a local HTTP server receiving OTLP/HTTP (protobuf) as a real one would;
/// the protobuf bodies carry their strings as UTF-8, which is what the test looks for.
/// </summary>
public class OtlpExportTests : ClassesTestBase
{
    private readonly ConcurrentQueue<(string Path, string ContentType, byte[] Body)> _received = new();
    // Started in Configure, which the base class's one-time set-up calls; closed in the one-time tear-down.
#pragma warning disable NUnit1032
    private HttpListener _collector = null!;
#pragma warning restore NUnit1032
    private Task _serving = null!;

    protected override void Configure(StreamingWebFactory factory)
    {
        var port = FreePort();
        _collector = new HttpListener();
        _collector.Prefixes.Add($"http://127.0.0.1:{port}/");
        _collector.Start();
        _serving = ServeAsync();
        factory.Settings["Observability:OtlpEndpoint"] = $"http://127.0.0.1:{port}";
        factory.Settings["Observability:OtlpProtocol"] = "HttpProtobuf";
    }

    [OneTimeTearDown]
    public async Task StopCollectorAsync()
    {
        _collector.Stop();
        ((IDisposable)_collector).Dispose();
        await _serving;
    }

    private async Task ServeAsync()
    {
        while (_collector.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _collector.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            using var body = new MemoryStream();
            await context.Request.InputStream.CopyToAsync(body);
            _received.Enqueue((context.Request.Url!.AbsolutePath, context.Request.ContentType ?? "", body.ToArray()));
            context.Response.StatusCode = 200;
            context.Response.ContentType = "application/x-protobuf";
            context.Response.Close();
        }
    }

    private string Received(string path) =>
        string.Concat(_received.Where(r => r.Path == path).Select(r => Encoding.UTF8.GetString(r.Body)));

    [Test]
    public async Task Requests_database_commands_and_product_metrics_reach_the_collector()
    {
        var coach = await InstructorAsync();
        var free = await ScheduleAsync(coach, price: 0);
        using var member = NewVisitor();
        await RegisterAsync(member, UniqueEmail());
        await EnrollAsync(member, free.Id);

        // Exporters send in batches on their own schedule: flush now instead of waiting for it.
        Assert.That(Factory.Services.GetRequiredService<TracerProvider>().ForceFlush(10_000), Is.True);
        Assert.That(Factory.Services.GetRequiredService<MeterProvider>().ForceFlush(10_000), Is.True);

        var traces = Received("/v1/traces");
        var metrics = Received("/v1/metrics");
        Assert.That(_received.Where(r => r.Path is "/v1/traces" or "/v1/metrics").Select(r => r.ContentType), Has.All.EqualTo("application/x-protobuf"));
        Assert.That(traces, Does.Contain("streaming"), "service.name");
        Assert.That(traces, Does.Contain("streams/{id:guid}/enroll"), "the enroll request's span, named by its route");
        Assert.That(traces, Does.Contain("Npgsql"), "database commands as child spans");
        Assert.That(metrics, Does.Contain("streaming.enrollments"));
        Assert.That(metrics, Does.Contain("http.server.request.duration"));
        await Task.CompletedTask;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
