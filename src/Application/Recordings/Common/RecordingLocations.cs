using Streaming.Application.Common.Interfaces;
using Streaming.Domain.Common;

namespace Streaming.Application.Recordings.Common;

/// <summary>Where a recording's file is read from: a key of the app's store, or a plain http(s) URL it proxies.</summary>
public static class RecordingLocations
{
    /// <summary>The blob key of a stored location (a key, or a URL into this store), or null for a URL elsewhere.</summary>
    public static string? KeyOf(string location, IBlobStorage storage) =>
        Uri.TryCreate(location, UriKind.Absolute, out _) ? storage.TryGetKey(location, out var key) ? key : null : location;

    /// <summary>An http(s) URL of another host, which the app proxies until the recording-copy job has copied it into the store.</summary>
    public static bool IsElsewhere(string location, IBlobStorage storage) =>
        Uri.TryCreate(location, UriKind.Absolute, out var url) && (url.Scheme == Uri.UriSchemeHttp || url.Scheme == Uri.UriSchemeHttps)
        && KeyOf(location, storage) is null;

    /// <summary>Playback through the app (range requests; the page's Content Security Policy stays 'self').</summary>
    public static Queries.GetRecordingFile.RecordingFileDelivery Inline(RecordingSource source, IBlobStorage storage)
    {
        var location = source.Location ?? throw new DomainException("This recording has no file yet.");
        var contentType = RecordingShares.ContentTypeOf(source.FileName);
        return KeyOf(location, storage) is { } key
            ? new(source.FileName, contentType, null, key, null)
            : new(source.FileName, contentType, null, null, RemoteUrl(location));
    }

    /// <summary>What FFmpeg reads: a local path or a short-lived signed URL for a stored file, else the URL itself.</summary>
    public static async Task<string> ProcessingInputAsync(string location, IBlobStorage storage, CancellationToken cancellationToken) =>
        KeyOf(location, storage) is { } key ? await storage.GetProcessingInputAsync(key, cancellationToken) : RemoteUrl(location).ToString();

    private static Uri RemoteUrl(string location)
    {
        var url = new Uri(location);
        if (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps)
            throw new DomainException("This recording is in a store the app cannot read. Ask an administrator to check the storage settings.");
        return url;
    }
}
