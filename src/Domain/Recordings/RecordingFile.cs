using Streaming.Domain.Common;

namespace Streaming.Domain.Recordings;

/// <summary>
/// Where a recording's file is: a key in the app's blob storage (no scheme) or an absolute
/// http(s) URL of a store the app cannot sign for (served by proxy).
/// </summary>
public static class RecordingFile
{
    public const int LocationMaxLength = 1000;

    public static string NormaliseLocation(string location)
    {
        if (string.IsNullOrWhiteSpace(location)) throw new DomainException("A recording needs the file's location.");
        location = location.Trim();
        if (location.Length > LocationMaxLength)
            throw new DomainException($"A recording location is at most {LocationMaxLength} characters.");
        if (location.Contains("://", StringComparison.Ordinal)
            && !(Uri.TryCreate(location, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == "s3")))
            throw new DomainException("A recording location is a storage key or an http(s) URL.");
        return location;
    }

    public static void EnsureSizeAndDuration(long sizeBytes, double durationSeconds)
    {
        if (sizeBytes < 0) throw new DomainException("A recording's size cannot be negative.");
        if (double.IsNaN(durationSeconds) || double.IsInfinity(durationSeconds) || durationSeconds <= 0)
            throw new DomainException("A recording needs a positive duration.");
    }
}
