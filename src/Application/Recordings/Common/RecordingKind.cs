using Streaming.Application.Common.Exceptions;

namespace Streaming.Application.Recordings.Common;

/// <summary>What a recordings URL points at: <c>type=meet|voice|clip</c>.</summary>
public enum RecordingKind
{
    Meet,
    Voice,
    Clip,
}

public static class RecordingKinds
{
    /// <summary>Parses the <c>type</c> parameter; anything else is a 400 with a message.</summary>
    public static RecordingKind Parse(string? type) => type?.Trim().ToLowerInvariant() switch
    {
        "meet" => RecordingKind.Meet,
        "voice" => RecordingKind.Voice,
        "clip" => RecordingKind.Clip,
        _ => throw new ValidationException("type", "type must be meet, voice or clip."),
    };

    public static string ToParameter(this RecordingKind kind) => kind.ToString().ToLowerInvariant();
}
