namespace Streaming.Domain.Recordings;

/// <summary>What a clip was cut from.</summary>
public enum RecordingSourceType
{
    Meet,
    Voice,
}
