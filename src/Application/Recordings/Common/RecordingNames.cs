using System.Globalization;
using Streaming.Domain.Recordings;

namespace Streaming.Application.Recordings.Common;

/// <summary>Titles and download file names that tell the user what they saved.</summary>
public static class RecordingNames
{
    public static string Extension(string? location, string fallback = ".mp4")
    {
        if (string.IsNullOrEmpty(location)) return fallback;
        var path = Uri.TryCreate(location, UriKind.Absolute, out var uri) ? uri.AbsolutePath : location;
        var extension = Path.GetExtension(path);
        return extension is { Length: > 1 and <= 6 } ? extension.ToLowerInvariant() : fallback;
    }

    /// <summary>"TipJar Weekly sync 2030-01-10.mp4"; a call without a known extension is audio.</summary>
    public static string FileName(Recording recording) =>
        FileName(recording.Product, recording.Title, recording.File?.RecordedAt,
            Extension(recording.File?.Location, recording.Kind == RecordingType.Voice ? ".m4a" : ".mp4"));

    public static string FileName(string product, string title, DateTimeOffset? at, string extension) =>
        DownloadFileNames.Safe($"{product} {title} {(at ?? DateTimeOffset.UnixEpoch).UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}{extension}", extension);

    /// <summary>The clip's own name when it has one, else the recording and the times (colons are not allowed in file names).</summary>
    public static string ClipFileName(string sourceTitle, RecordingClip clip) =>
        DownloadFileNames.Safe(clip.Name is { } name ? $"{name}.mp4" : $"{sourceTitle} clip {Time(clip.StartSeconds)}-{Time(clip.EndSeconds)}.mp4");

    /// <summary>62.5 → "1m02s", for file names and labels.</summary>
    public static string Time(double seconds)
    {
        var t = TimeSpan.FromSeconds(Math.Round(seconds));
        return t.TotalHours >= 1 ? $"{(int)t.TotalHours}h{t.Minutes:00}m{t.Seconds:00}s" : $"{t.Minutes}m{t.Seconds:00}s";
    }
}
