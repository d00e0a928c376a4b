using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;

namespace Streaming.Web.FunctionalTests.Recordings;

/// <summary>
/// A plain HTTP file server on a loopback port (a "CDN" the app cannot sign for): serves one file
/// with range support and remembers the Range headers it was asked for.
/// </summary>
public sealed class RangeFileServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private RangeFileServer(WebApplication app, Uri url)
    {
        _app = app;
        Url = url;
    }

    public Uri Url { get; }

    public List<string> RangesRequested { get; } = [];

    public static async Task<RangeFileServer> StartAsync(byte[] content, string path = "/cdn/recording.mp4")
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        RangeFileServer? server = null;
        app.MapGet(path, (HttpContext context) =>
        {
            lock (server!.RangesRequested) server.RangesRequested.Add(context.Request.Headers.Range.ToString());
            return Results.Bytes(content, "video/mp4", enableRangeProcessing: true);
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        server = new RangeFileServer(app, new Uri(new Uri(address), path));
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
