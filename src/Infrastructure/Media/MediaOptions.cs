namespace Streaming.Infrastructure.Media;

/// <summary>The <c>Media</c> configuration section: where FFmpeg is and how long it may take.</summary>
public sealed class MediaOptions
{
    public const string Section = "Media";

    /// <summary>The folder holding <c>ffmpeg</c> and <c>ffprobe</c>; empty: found on the PATH.</summary>
    public string BinaryFolder { get; set; } = "";

    /// <summary>ffprobe is stopped after this long on one file (a stalled URL, say); so is FFmpeg grabbing a preview frame.</summary>
    public TimeSpan ProbeTimeout { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>FFmpeg is stopped after this long converting one uploaded image.</summary>
    public TimeSpan ImageTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>FFmpeg is stopped after this long on one replay (all its parts together).</summary>
    public TimeSpan ReplayTimeout { get; set; } = TimeSpan.FromHours(2);

    /// <summary>x264 preset for exact clip cuts (re-encoding): faster is bigger, slower is smaller.</summary>
    public string ClipPreset { get; set; } = "veryfast";

    /// <summary>
    /// Cut H.264 MP4 clips by re-encoding only up to the first keyframe (and the last partial group
    /// of pictures when needed) and copying the rest; off: every exact cut re-encodes the whole span.
    /// </summary>
    public bool SmartCut { get; set; } = true;

    /// <summary>
    /// x264 preset for the few frames a smart cut re-encodes (up to the first keyframe, the last partial
    /// group): they are seconds of the clip, and their encode is most of the cut's time, so speed matters
    /// more than size (CRF 20 keeps the quality). For a source with B-frames the cut adds B-frames to
    /// whatever the preset says, so the re-encoded part reorders as deep as the copied one.
    /// </summary>
    public string SmartCutPreset { get; set; } = "ultrafast";
}
