using Streaming.Application.Common.Interfaces;

namespace Streaming.Application.Recordings.Common;

/// <summary>
/// Reads a recording that lives at a plain URL the app cannot sign (e.g. a fixed CDN URL), for
/// proxy streaming: the requested byte range is passed on, the body is streamed, never buffered.
/// </summary>
public interface IRemoteMedia
{
    /// <summary>Null when the remote answers 404/403/410.</summary>
    Task<BlobReadResult?> OpenAsync(Uri url, BlobRange? range, CancellationToken cancellationToken);
}
