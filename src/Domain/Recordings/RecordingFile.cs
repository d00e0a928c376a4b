using Streaming.Domain.Common;

namespace Streaming.Domain.Recordings;

/// <summary>
/// A recording's file: where it is, how big and long, and when it was recorded. A value: it is
/// replaced as a whole, never edited. The location is a key in the app's blob storage (no scheme)
/// or an absolute http(s) URL of a store the app cannot sign for (served by proxy).
/// </summary>
public sealed class RecordingFile
{
    public const int LocationMaxLength = 1000;

    private RecordingFile()
    {
    }

    public string Location { get; private set; } = default!;

    public long SizeBytes { get; private set; }

    public double DurationSeconds { get; private set; }

    public DateTimeOffset RecordedAt { get; private set; }

    public static RecordingFile Create(string location, long sizeBytes, double durationSeconds, DateTimeOffset recordedAt)
    {
        EnsureSizeAndDuration(sizeBytes, durationSeconds);
        return new RecordingFile
        {
            Location = NormaliseLocation(location),
            SizeBytes = sizeBytes,
            DurationSeconds = durationSeconds,
            RecordedAt = recordedAt.ToUniversalTime(),
        };
    }

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
