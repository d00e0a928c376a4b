using System.Net;
using System.Net.Http.Headers;
using Streaming.Application.Common.Interfaces;
using Streaming.Application.Recordings.Common;

namespace Streaming.Infrastructure.Recordings;

/// <summary>
/// Opens a plain recording URL for proxying: passes the byte range on, returns as soon as the
/// headers arrive (the body is streamed by the caller, so memory stays constant).
/// </summary>
public sealed class HttpRemoteMedia(HttpClient http) : IRemoteMedia
{
    public async Task<BlobReadResult?> OpenAsync(Uri url, BlobRange? range, CancellationToken cancellationToken)
    {
        if (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps)
            throw new InvalidOperationException($"Only http(s) recordings can be proxied, not {url.Scheme}.");
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        if (range is not null) request.Headers.Range = new RangeHeaderValue(range.From, range.To);
        var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        if (response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.Forbidden or HttpStatusCode.Gone or HttpStatusCode.RequestedRangeNotSatisfiable)
        {
            response.Dispose();
            return null;
        }

        try
        {
            response.EnsureSuccessStatusCode();
        }
        catch
        {
            response.Dispose();
            throw;
        }

        var headers = response.Content.Headers;
        var length = headers.ContentLength ?? -1;
        long from = 0, total = length;
        if (response.StatusCode == HttpStatusCode.PartialContent && headers.ContentRange is { } contentRange)
        {
            from = contentRange.From ?? 0;
            total = contentRange.Length ?? -1;
        }

        var body = await response.Content.ReadAsStreamAsync(cancellationToken);
        return new BlobReadResult(new ResponseStream(body, response), total, from, length,
            headers.ContentType?.MediaType ?? "application/octet-stream");
    }

    /// <summary>Disposes the response with its body.</summary>
    private sealed class ResponseStream(Stream body, HttpResponseMessage response) : Stream
    {
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count) => body.Read(buffer, offset, count);
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => body.ReadAsync(buffer, cancellationToken);
        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => body.ReadAsync(buffer, offset, count, cancellationToken);
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                body.Dispose();
                response.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
