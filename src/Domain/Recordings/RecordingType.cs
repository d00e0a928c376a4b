namespace Streaming.Domain.Recordings;

/// <summary>What was recorded: a meeting (named, its owner sees it) or a voice call (its participants, super admins only).</summary>
public enum RecordingType
{
    Meet,
    Voice,
}
