namespace Streaming.Application.Common.Interfaces;

/// <summary>What ffprobe says about a replay file.</summary>
public sealed record ReplayMediaInfo(double DurationSeconds, string? VideoCodec, string? AudioCodec);

/// <summary>Turns the browser's WebM recording into a seekable MP4 (FFmpeg) and checks the result (ffprobe).</summary>
public interface IReplayTranscoder
{
    /// <summary>
    /// Transcodes <paramref name="parts"/> (WebM files, each one recorder's stream; usually one, more when
    /// the broadcast page was reloaded mid-class) in order into one H.264/AAC MP4 with a keyframe every
    /// 2 s and the index at the front. Throws <see cref="MediaProcessingException"/> with
    /// a message for the instructor when FFmpeg fails.
    /// </summary>
    Task TranscodeAsync(IReadOnlyList<string> parts, string outputPath, CancellationToken cancellationToken);

    /// <summary>The file's duration and codecs, or null when ffprobe cannot read it.</summary>
    Task<ReplayMediaInfo?> ProbeAsync(string path, CancellationToken cancellationToken);
}
