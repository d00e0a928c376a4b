using Microsoft.EntityFrameworkCore;
using Streaming.Application.Common.Exceptions;
using Streaming.Application.Common.Interfaces;
using Streaming.Domain.Recordings;

namespace Streaming.Application.Recordings.Common;

/// <summary>A recording (meeting, call or clip) the caller may see, resolved to its file and names.</summary>
/// <param name="SourceKind">For a clip, what it was cut from.</param>
public sealed record RecordingSource(
    RecordingKind Kind, Guid Id, string Product, string OwnerId, string Title, string? Location, double? DurationSeconds,
    long? SizeBytes, DateTimeOffset? RecordedAt, string FileName, RecordingClip? Clip, string? SourceTitle, RecordingKind? SourceKind = null)
{
    public bool HasFile => Location is not null;
}

public static class RecordingSources
{
    /// <summary>Loads what the caller may see, or throws NotFound (also for others' and hidden products' ids).</summary>
    public static async Task<RecordingSource> FindAsync(
        IApplicationDbContext db, RecordingAccess access, RecordingKind kind, Guid id, CancellationToken cancellationToken) =>
        await FindInAsync(db, access.Recordings(db), access.Clips(db), kind, id, cancellationToken)
        ?? throw new NotFoundException(kind == RecordingKind.Clip ? "Clip" : "Recording", id);

    /// <summary>
    /// Loads a recording for a shared link, whoever asks: the link is the permission (the caller
    /// checked it and the product). Null when the recording is gone.
    /// </summary>
    public static Task<RecordingSource?> FindSharedAsync(IApplicationDbContext db, RecordingKind kind, Guid id, CancellationToken cancellationToken) =>
        FindInAsync(db, db.Recordings, db.RecordingClips, kind, id, cancellationToken);

    private static async Task<RecordingSource?> FindInAsync(
        IApplicationDbContext db, IQueryable<Recording> recordings, IQueryable<RecordingClip> clips, RecordingKind kind, Guid id, CancellationToken cancellationToken)
    {
        if (kind.ToRecordingType() is { } type)
            return await recordings.AsNoTracking().SingleOrDefaultAsync(r => r.Id == id && r.Kind == type, cancellationToken) is { } recording ? Of(recording) : null;

        var clip = await clips.AsNoTracking().SingleOrDefaultAsync(c => c.Id == id, cancellationToken);
        if (clip is null) return null;
        // The clip itself was checked; its recording is read without the access filter.
        var source = await db.Recordings.AsNoTracking().SingleOrDefaultAsync(r => r.Id == clip.RecordingId, cancellationToken);
        var sourceTitle = source?.Title ?? "Recording";
        return new RecordingSource(RecordingKind.Clip, clip.Id, clip.Product, clip.OwnerId,
            clip.DisplayName(sourceTitle),
            clip.Status == ClipStatus.Ready ? clip.ClipLocation : null, clip.ClipDurationSeconds ?? clip.LengthSeconds,
            clip.ClipSizeBytes, clip.CompletedAt, RecordingNames.ClipFileName(sourceTitle, clip), clip, sourceTitle,
            source?.Kind.ToKind() ?? RecordingKind.Meet);
    }

    public static RecordingSource Of(Recording recording) =>
        new(recording.Kind.ToKind(), recording.Id, recording.Product, recording.OwnerId, recording.Title, recording.File?.Location,
            recording.File?.DurationSeconds, recording.File?.SizeBytes, recording.File?.RecordedAt, RecordingNames.FileName(recording), null, null);
}
