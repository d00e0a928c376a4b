using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;
using Streaming.Application.Common.Interfaces;
using Streaming.Application.Recordings.Common;

namespace Streaming.Infrastructure.Storage;

/// <summary>
/// Serves the local folder's signed download URLs (<c>GET /blobs/{key}?exp&amp;name&amp;sig</c>):
/// attachment with the signed file name, range requests, 404 for anything not signed by us or expired.
/// </summary>
public static class LocalBlobEndpoint
{
    /// <summary>
    /// Branches Storage:Local:PathPrefix off the pipeline where it is called (nothing with S3). The
    /// branch answers with its own headers (a sandboxing CSP, no-store) and status codes, so the web
    /// pipeline calls it before the middleware that would add page headers or error pages, or count
    /// a playing video's range requests against the rate limit.
    /// </summary>
    public static IApplicationBuilder MapLocalBlobs(this IApplicationBuilder app)
    {
        var storage = app.ApplicationServices.GetRequiredService<IOptions<StorageOptions>>().Value;
        if (storage.Provider == StorageProvider.Local)
            app.Map(storage.Local.PathPrefix, blobs => blobs.Run(ServeAsync));
        return app;
    }

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
        if (AccelRedirect.TryBlob(context, key)) return; // the link checked out: nginx sends the file
        await SendAsync(context, storage, key);
    }

    /// <summary>
    /// The file, or the one byte range asked for, copied in large chunks (<see cref="ChunkedCopy"/>):
    /// Results.File would copy 64 KiB at a time through a buffer of its own, flushing after each.
    /// </summary>
    private static async Task SendAsync(HttpContext context, LocalBlobStorage storage, string key)
    {
        var response = context.Response;
        var range = RangeHeaderValue.TryParse(context.Request.Headers.Range.ToString(), out var parsed) && parsed.Unit == "bytes"
                    && parsed.Ranges.Count == 1 && parsed.Ranges.First() is { From: { } from } only && (only.To is null || only.To >= from)
            ? new BlobRange(from, only.To)
            : null;
        await using var file = await storage.OpenReadAsync(key, range, context.RequestAborted);
        if (file is null)
        {
            response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        response.Headers.AcceptRanges = "bytes";
        response.ContentType = file.ContentType;
        if (range is not null && range.From >= file.TotalLength)
        {
            response.StatusCode = StatusCodes.Status416RangeNotSatisfiable;
            response.Headers.ContentRange = $"bytes */{file.TotalLength}";
            return;
        }

        if (range is not null)
        {
            response.StatusCode = StatusCodes.Status206PartialContent;
            response.Headers.ContentRange = new ContentRangeHeaderValue(file.From, file.From + file.Length - 1, file.TotalLength).ToString();
        }

        response.ContentLength = file.Length;
        if (HttpMethods.IsHead(context.Request.Method)) return;
        await ChunkedCopy.CopyAsync(file.Content, response.BodyWriter, context.RequestAborted);
    }
}
