namespace Streaming.Application.Common.Interfaces;

/// <summary>What ffprobe found in a media file.</summary>
public sealed record MediaInfo(double DurationSeconds, bool HasVideo, bool HasAudio, double? FirstFrameSeconds);

/// <summary>Reads a media file's streams and duration (ffprobe).</summary>
public interface IMediaProbe
{
    /// <summary>Null when the input is not a readable audio or video file.</summary>
    Task<MediaInfo?> ProbeAsync(string input, CancellationToken cancellationToken);
}

/// <summary>Cuts [start, end) out of a recording into a new MP4 (FFmpeg).</summary>
public interface IVideoTrimmer
{
    /// <summary>
    /// Writes the segment to <paramref name="outputPath"/>. <paramref name="progress"/> receives 0–1.
    /// Throws <see cref="MediaProcessingException"/> with a message for the user when FFmpeg fails.
    /// </summary>
    Task TrimAsync(string input, double startSeconds, double endSeconds, string outputPath, IProgress<double>? progress, CancellationToken cancellationToken);
}

/// <summary>Grabs one frame of a video (the preview image a shared link shows in link previews).</summary>
public interface IFrameGrabber
{
    /// <summary>The frame at <paramref name="atSeconds"/> as a JPEG at most 1280 pixels wide, or null when the input has no video there.</summary>
    Task<byte[]?> GrabJpegAsync(string input, double atSeconds, CancellationToken cancellationToken);
}

public sealed class MediaProcessingException(string message) : Exception(message);
