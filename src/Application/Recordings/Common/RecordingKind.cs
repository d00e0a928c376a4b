using Streaming.Application.Common.Exceptions;
using Streaming.Domain.Recordings;

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
    public const string Hint = "type must be meet, voice or clip.";

    /// <summary>Parses the <c>type</c> parameter; anything else is a 400 with a message.</summary>
    public static RecordingKind Parse(string? type) =>
        TryParse(type) ?? throw new ValidationException("type", Hint);

    public static RecordingKind? TryParse(string? type) => type?.Trim().ToLowerInvariant() switch
    {
        "meet" => RecordingKind.Meet,
        "voice" => RecordingKind.Voice,
        "clip" => RecordingKind.Clip,
        _ => null,
    };

    public static string ToParameter(this RecordingKind kind) => kind.ToString().ToLowerInvariant();

    public static RecordingKind ToKind(this RecordingType type) => type == RecordingType.Voice ? RecordingKind.Voice : RecordingKind.Meet;

    /// <summary>The recording type a meet or voice URL names; null for a clip.</summary>
    public static RecordingType? ToRecordingType(this RecordingKind kind) => kind switch
    {
        RecordingKind.Meet => RecordingType.Meet,
        RecordingKind.Voice => RecordingType.Voice,
        _ => null,
    };
}
