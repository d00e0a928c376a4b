using Microsoft.AspNetCore.Mvc;
using Microsoft.Net.Http.Headers;
using Streaming.Application.Common.Interfaces;
using Streaming.Application.Recordings.Common;
using Streaming.Application.Recordings.Queries.GetRecordingFile;
using Streaming.Infrastructure.Storage;

namespace Streaming.Web.Controllers;

/// <summary>
/// Proxy streaming of a recording (from the blob store or a plain URL): one byte range passed
/// through, the body read in 1 MiB chunks straight into the response (<see cref="ChunkedCopy"/>: memory stays constant
/// whatever the file size). <c>Content-Disposition</c> is attachment for downloads, inline for playback.
/// </summary>
public sealed class RecordingsStreamResult(RecordingFileDelivery delivery, bool inline) : IActionResult
{
    public async Task ExecuteResultAsync(ActionContext context)
    {
        var http = context.HttpContext;
        var services = http.RequestServices;
        var range = ParseRange(http.Request.Headers.Range.ToString());
        var cancellationToken = http.RequestAborted;
        // The handler has authorized this file: behind nginx, nginx sends it (AccelRedirect).
        var handedOff = delivery.BlobKey is { } blobKey
            ? services.GetService<IBlobStorage>() is LocalBlobStorage && AccelRedirect.TryBlob(http, blobKey)
            : AccelRedirect.TryRemote(http, delivery.RemoteUrl!);
        if (handedOff)
        {
            SetFileHeaders(http.Response);
            return;
        }

        await using var file = delivery.BlobKey is { } key
            ? await services.GetRequiredService<IBlobStorage>().OpenReadAsync(key, range, cancellationToken)
            : await services.GetRequiredService<IRemoteMedia>().OpenAsync(delivery.RemoteUrl!, range, cancellationToken);

        var response = http.Response;
        if (file is null)
        {
            response.StatusCode = StatusCodes.Status404NotFound;
            response.ContentType = "text/plain; charset=utf-8";
            await response.WriteAsync("The recording's file could not be found in storage.", cancellationToken);
            return;
        }

        if (range is not null && file.TotalLength > 0 && range.From >= file.TotalLength)
        {
            response.StatusCode = StatusCodes.Status416RangeNotSatisfiable;
            response.Headers.ContentRange = $"bytes */{file.TotalLength}";
            return;
        }

        response.Headers.AcceptRanges = "bytes";
        SetFileHeaders(response);
        if (file.IsPartial && range is not null && file.Length >= 0)
        {
            response.StatusCode = StatusCodes.Status206PartialContent;
            var last = file.From + file.Length - 1;
            response.Headers.ContentRange = (file.TotalLength >= 0
                ? new ContentRangeHeaderValue(file.From, last, file.TotalLength)
                : new ContentRangeHeaderValue(file.From, last)).ToString();
        }
        else
        {
            response.StatusCode = StatusCodes.Status200OK;
        }

        if (file.Length >= 0) response.ContentLength = file.Length;
        if (HttpMethods.IsHead(http.Request.Method)) return;

        await ChunkedCopy.CopyAsync(file.Content, response.BodyWriter, cancellationToken);
    }

    private void SetFileHeaders(HttpResponse response)
    {
        response.Headers.CacheControl = "private, no-store";
        response.Headers.ContentDisposition = inline
            ? new ContentDispositionHeaderValue("inline").ToString()
            : DownloadFileNames.ContentDisposition(delivery.FileName);
        response.ContentType = delivery.ContentType;
    }

    /// <summary>One range <c>bytes=a-b</c> or <c>bytes=a-</c>; anything else (several ranges, suffixes) is ignored and the whole file is sent.</summary>
    public static BlobRange? ParseRange(string header)
    {
        if (!RangeHeaderValue.TryParse(header, out var parsed) || parsed.Unit != "bytes" || parsed.Ranges.Count != 1) return null;
        var only = parsed.Ranges.First();
        if (only.From is not { } from || (only.To is { } to && to < from)) return null;
        return new BlobRange(from, only.To);
    }
}
