namespace Streaming.Application.Common.Interfaces;

/// <summary>
/// Where recordings and clips are kept: a local folder (default) or S3. Keys are relative paths
/// ("clips/2030/…/x.mp4"); a key with "..", a leading "/" or a backslash is refused.
/// </summary>
public interface IBlobStorage
{
    /// <summary>Stores <paramref name="content"/> under <paramref name="key"/> (replacing it) and returns its size in bytes.</summary>
    Task<long> PutAsync(string key, Stream content, string contentType, CancellationToken cancellationToken);

    /// <summary>Opens the blob for reading, the whole file or the byte range; null when there is no such blob.</summary>
    Task<BlobReadResult?> OpenReadAsync(string key, BlobRange? range, CancellationToken cancellationToken);

    Task DeleteAsync(string key, CancellationToken cancellationToken);

    /// <summary>The blob's size in bytes, or null when it does not exist.</summary>
    Task<long?> GetSizeAsync(string key, CancellationToken cancellationToken);

    /// <summary>
    /// A short-lived URL that downloads the blob as an attachment named <paramref name="downloadFileName"/>
    /// (absolute for S3; app-relative for the local folder). <paramref name="lifetime"/> null means the configured one.
    /// </summary>
    Task<Uri> GetDownloadUrlAsync(string key, string downloadFileName, TimeSpan? lifetime, CancellationToken cancellationToken);

    /// <summary>
    /// Where FFmpeg can read the blob with range requests: a local file path, or a short-lived signed URL.
    /// </summary>
    Task<string> GetProcessingInputAsync(string key, CancellationToken cancellationToken);

    /// <summary>
    /// Recognises a URL that points into this store (e.g. the S3 bucket LiveKit Egress writes to)
    /// and returns its key, so such recordings are signed rather than proxied.
    /// </summary>
    bool TryGetKey(string location, out string key);
}

/// <summary>An inclusive byte range; <see cref="To"/> null means "to the end".</summary>
public sealed record BlobRange(long From, long? To);

/// <summary>
/// An open blob: <see cref="Content"/> holds the requested bytes, <see cref="TotalLength"/> the
/// whole file's size; the caller disposes it.
/// </summary>
public sealed class BlobReadResult(Stream content, long totalLength, long from, long length, string contentType) : IAsyncDisposable, IDisposable
{
    public Stream Content { get; } = content;

    public long TotalLength { get; } = totalLength;

    public long From { get; } = from;

    public long Length { get; } = length;

    public string ContentType { get; } = contentType;

    public bool IsPartial => From != 0 || Length != TotalLength;

    public ValueTask DisposeAsync() => Content.DisposeAsync();

    public void Dispose() => Content.Dispose();
}
