namespace Streaming.Application.Live.Replay;

/// <summary>The <c>Streaming:Replay</c> configuration section: the browser recording and the replay job.</summary>
public sealed class ReplayOptions
{
    public const string Section = "Streaming:Replay";

    /// <summary>Largest recording chunk the broadcast page may upload (it sends one every ~4 s).</summary>
    public int MaxChunkBytes { get; set; } = 8 * 1024 * 1024;

    /// <summary>A replay in Processing without a sign of life for this long was left by a stopped job and is taken again.</summary>
    public TimeSpan StaleAfter { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>How many times a job may start on one recording before it is marked Failed.</summary>
    public int MaxAttempts { get; set; } = 3;

    /// <summary>Lifetime of the signed URL the watch page plays the replay from.</summary>
    public TimeSpan PlaybackUrlLifetime { get; set; } = TimeSpan.FromMinutes(10);
}
