using System.Net;
using System.Net.Http.Headers;
using Microsoft.Win32.SafeHandles;

namespace Streaming.Infrastructure.Media.Mp4;

/// <summary>The bytes of a source file, read at any offset: a local file, or a URL read by range requests (a signed S3 link).</summary>
public abstract class ByteSource : IDisposable
{
    public abstract long Length { get; }

    /// <summary>Fills as much of <paramref name="buffer"/> as the source holds from <paramref name="offset"/>; the bytes read.</summary>
    public abstract int Read(Span<byte> buffer, long offset);

    /// <summary>Copies <paramref name="length"/> bytes into <paramref name="output"/> at <paramref name="at"/>; false when the source ended first.</summary>
    public abstract bool CopyTo(long offset, long length, SafeFileHandle output, long at, IProgress<double>? progress, CancellationToken cancellationToken);

    /// <summary>Whether many small reads are cheap (a file) or each is a round trip (a URL).</summary>
    public abstract bool ReadsAreCheap { get; }

    public abstract void Dispose();

    /// <summary>A local path or an http(s) URL; null when it cannot be opened (or the server does not answer ranges).</summary>
    public static ByteSource? Open(string input, CancellationToken cancellationToken) =>
        Uri.TryCreate(input, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"
            ? UrlSource.Open(uri, cancellationToken)
            : File.Exists(input) ? new FileSource(File.OpenHandle(input)) : null;

    private sealed class FileSource(SafeFileHandle file) : ByteSource
    {
        private const long Piece = 64L * 1024 * 1024;

        public override long Length => RandomAccess.GetLength(file);

        public override bool ReadsAreCheap => true;

        public override int Read(Span<byte> buffer, long offset) => RandomAccess.Read(file, buffer, offset);

        public override bool CopyTo(long offset, long length, SafeFileHandle output, long at, IProgress<double>? progress, CancellationToken cancellationToken)
        {
            // In pieces, for progress and cancellation; the kernel copies each.
            for (long done = 0; done < length; done += Piece)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (!FileRanges.Copy(file, offset + done, output, at + done, Math.Min(Piece, length - done))) return false;
                progress?.Report(Math.Min(length, done + Piece) / (double)length);
            }

            return true;
        }

        public override void Dispose() => file.Dispose();
    }

    /// <summary>
    /// A URL read with <c>GET</c> and <c>Range</c> (never <c>HEAD</c>: a signed S3 link is signed for
    /// one method). A server that answers a range with the whole file is not used.
    /// </summary>
    private sealed class UrlSource(Uri url, long length, CancellationToken cancellationToken) : ByteSource
    {
        private static readonly HttpClient Http = new(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
        {
            Timeout = TimeSpan.FromMinutes(30),
        };

        public override long Length { get; } = length;

        public override bool ReadsAreCheap => false;

        public static UrlSource? Open(Uri url, CancellationToken cancellationToken)
        {
            try
            {
                using var response = Http.Send(RangeRequest(url, 0, 1), HttpCompletionOption.ResponseHeadersRead, cancellationToken);
                return response.StatusCode == HttpStatusCode.PartialContent && response.Content.Headers.ContentRange?.Length is { } total
                    ? new UrlSource(url, total, cancellationToken)
                    : null;
            }
            catch (HttpRequestException)
            {
                return null;
            }
        }

        public override int Read(Span<byte> buffer, long offset)
        {
            if (offset >= Length || buffer.IsEmpty) return 0;
            var count = (int)Math.Min(buffer.Length, Length - offset);
            using var response = Send(offset, count);
            using var body = response.Content.ReadAsStream(cancellationToken);
            var read = 0;
            for (int n; read < count && (n = body.Read(buffer[read..count])) > 0;) read += n;
            return read;
        }

        public override bool CopyTo(long offset, long length, SafeFileHandle output, long at, IProgress<double>? progress, CancellationToken token)
        {
            using var response = Send(offset, length);
            using var body = response.Content.ReadAsStream(token);
            var buffer = new byte[1024 * 1024];
            long done = 0;
            for (int n; done < length && (n = body.Read(buffer, 0, (int)Math.Min(buffer.Length, length - done))) > 0; done += n)
            {
                token.ThrowIfCancellationRequested();
                RandomAccess.Write(output, buffer.AsSpan(0, n), at + done);
                progress?.Report(done / (double)length);
            }

            return done == length;
        }

        public override void Dispose()
        {
        }

        private HttpResponseMessage Send(long offset, long length)
        {
            var response = Http.Send(RangeRequest(url, offset, length), HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            if (response.StatusCode == HttpStatusCode.PartialContent && response.Content.Headers.ContentRange?.From == offset) return response;
            response.Dispose();
            throw new IOException($"The recording's server answered {(int)response.StatusCode} to a range request.");
        }

        private static HttpRequestMessage RangeRequest(Uri url, long offset, long length) =>
            new(HttpMethod.Get, url) { Headers = { Range = new RangeHeaderValue(offset, offset + length - 1) } };
    }
}
