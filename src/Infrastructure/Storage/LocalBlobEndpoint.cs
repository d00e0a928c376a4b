using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Streaming.Application.Common.Interfaces;
using Streaming.Application.Recordings.Common;

namespace Streaming.Infrastructure.Storage;

/// <summary>
/// Serves the local folder's signed download URLs (<c>GET /blobs/{key}?exp&amp;name&amp;sig</c>):
/// attachment with the signed file name, range requests, 404 for anything not signed by us or expired.
/// Registered as a startup filter so it sits in front of MVC without touching the web project.
/// </summary>
internal sealed class LocalBlobEndpoint(LocalStorageOptions options) : IStartupFilter
{
    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.Map(options.PathPrefix, blobs => blobs.Run(ServeAsync));
        next(app);
    };

    private static async Task ServeAsync(HttpContext context)
    {
        var response = context.Response;
        response.Headers.XContentTypeOptions = "nosniff";
        response.Headers.ContentSecurityPolicy = "default-src 'none'; sandbox";
        if (!HttpMethods.IsGet(context.Request.Method) && !HttpMethods.IsHead(context.Request.Method))
        {
            response.StatusCode = StatusCodes.Status405MethodNotAllowed;
            return;
        }

        if (context.RequestServices.GetService(typeof(IBlobStorage)) is not LocalBlobStorage storage)
        {
            response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        var key = Uri.UnescapeDataString(context.Request.Path.Value?.TrimStart('/') ?? "");
        var query = context.Request.Query;
        var (path, _) = await storage.VerifyAsync(key, query["exp"], query["name"], query["sig"], context.RequestAborted);
        if (path is null)
        {
            response.StatusCode = StatusCodes.Status404NotFound;
            response.ContentType = "text/plain; charset=utf-8";
            await response.WriteAsync("This download link is invalid or has expired. Open the recording again for a fresh link.");
            return;
        }

        response.Headers.CacheControl = "private, no-store";
        response.Headers.ContentDisposition = DownloadFileNames.ContentDisposition(query["name"]!);
        await Results.File(path, LocalBlobStorage.ContentTypeOf(key), enableRangeProcessing: true).ExecuteAsync(context);
    }
}
