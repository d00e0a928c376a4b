using Microsoft.EntityFrameworkCore;
using Streaming.Application.Common.Interfaces;
using Streaming.Domain.Recordings;

namespace Streaming.Application.Recordings.Common;

/// <summary>The "anyone with the link" side of a recording: its link, and how shared items map to recordings.</summary>
public static class RecordingShares
{
    public static SharedItemType ToSharedType(this RecordingKind kind) => kind switch
    {
        RecordingKind.Meet => SharedItemType.Meet,
        RecordingKind.Voice => SharedItemType.Voice,
        _ => SharedItemType.Clip,
    };

    public static RecordingKind ToKind(this SharedItemType type) => type switch
    {
        SharedItemType.Meet => RecordingKind.Meet,
        SharedItemType.Voice => RecordingKind.Voice,
        _ => RecordingKind.Clip,
    };

    /// <summary>The item's link that is not turned off (it may have expired), tracked for changes.</summary>
    public static Task<RecordingShare?> OpenShareAsync(IApplicationDbContext db, RecordingKind kind, Guid id, CancellationToken cancellationToken)
    {
        var type = kind.ToSharedType();
        return db.RecordingShares.SingleOrDefaultAsync(s => s.ItemType == type && s.ItemId == id && s.RevokedAt == null, cancellationToken);
    }

    /// <summary>A file name's media type (by extension); video/* and audio/* play in the browser.</summary>
    public static string ContentTypeOf(string fileName) => Path.GetExtension(fileName).ToLowerInvariant() switch
    {
        ".mp4" or ".m4v" => "video/mp4",
        ".webm" => "video/webm",
        ".m4a" => "audio/mp4",
        ".mp3" => "audio/mpeg",
        ".ogg" or ".oga" => "audio/ogg",
        ".wav" => "audio/wav",
        ".mkv" => "video/x-matroska",
        _ => "application/octet-stream",
    };
}

/// <summary>A link's state as the owner's share page shows it.</summary>
public sealed record ShareLinkDto(string Url, DateTimeOffset? ExpiresAt, bool HasPreview);
