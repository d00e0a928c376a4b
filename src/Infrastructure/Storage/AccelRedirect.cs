using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Streaming.Infrastructure.Storage;

/// <summary>The <c>Downloads</c> configuration section.</summary>
public sealed class DownloadsOptions
{
    public const string Section = "Downloads";

    /// <summary>
    /// Behind nginx: the prefix of its internal locations (e.g. <c>/_accel</c>). Empty (the default):
    /// the app sends every file itself. See <see cref="AccelRedirect"/>.
    /// </summary>
    public string AccelRedirect { get; set; } = "";
}

/// <summary>
/// Hands a file to nginx once the app has checked who may have it: the response is only an
/// <c>X-Accel-Redirect</c> header naming an internal location, and nginx sends the bytes (sendfile
/// for the local folder, its own proxy for a plain URL) with ranges, at the disk's pace.
/// Used only when <see cref="DownloadsOptions.AccelRedirect"/> is set and the request came through a
/// proxy that says it will follow the header (<c>X-Sendfile-Type: X-Accel-Redirect</c>, as Rack's
/// Sendfile asks): a request that reached the app directly still gets the file, not an empty body.
/// </summary>
public static class AccelRedirect
{
    public const string Header = "X-Accel-Redirect";
    public const string RequestHeader = "X-Sendfile-Type";

    /// <summary>Sets the header for a file of the local folder (<c>{prefix}/blobs/{key}</c>); false when not behind nginx.</summary>
    public static bool TryBlob(HttpContext context, string key) =>
        TrySet(context, "/blobs/" + string.Join('/', key.Split('/').Select(Uri.EscapeDataString)));

    /// <summary>Sets the header for a file at a plain URL (<c>{prefix}/remote/{scheme}/{host:port}/{path}?{query}</c>).</summary>
    public static bool TryRemote(HttpContext context, Uri url) =>
        TrySet(context, $"/remote/{url.Scheme}/{url.Authority}{url.PathAndQuery}");

    private static bool TrySet(HttpContext context, string location)
    {
        var prefix = context.RequestServices.GetService<IOptions<DownloadsOptions>>()?.Value.AccelRedirect.TrimEnd('/') ?? "";
        if (prefix.Length == 0 || !string.Equals(context.Request.Headers[RequestHeader], Header, StringComparison.OrdinalIgnoreCase)) return false;
        context.Response.Headers[Header] = prefix + location;
        return true;
    }
}
