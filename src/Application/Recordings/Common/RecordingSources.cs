using Microsoft.EntityFrameworkCore;
using Streaming.Application.Common.Exceptions;
using Streaming.Application.Common.Interfaces;
using Streaming.Domain.Recordings;

namespace Streaming.Application.Recordings.Common;

/// <summary>A recording (meeting, call or clip) the caller may see, resolved to its file and names.</summary>
public sealed record RecordingSource(
    RecordingKind Kind, Guid Id, string Product, string OwnerId, string Title, string? Location, double? DurationSeconds,
    long? SizeBytes, DateTimeOffset? RecordedAt, string FileName, RecordingClip? Clip, string? SourceTitle)
{
    public bool HasFile => Location is not null;
}

public static class RecordingSources
{
    /// <summary>Loads what the caller may see, or throws NotFound (also for others' and hidden products' ids).</summary>
    public static async Task<RecordingSource> FindAsync(
        IApplicationDbContext db, RecordingAccess access, RecordingKind kind, Guid id, CancellationToken cancellationToken) =>
        await FindInAsync(db, access.MeetRooms(db), access.VoiceCalls(db), access.Clips(db), kind, id, cancellationToken)
        ?? throw new NotFoundException(kind == RecordingKind.Clip ? "Clip" : "Recording", id);

    /// <summary>
    /// Loads a recording for a shared link, whoever asks: the link is the permission (the caller
    /// checked it and the product). Null when the recording is gone.
    /// </summary>
    public static Task<RecordingSource?> FindSharedAsync(IApplicationDbContext db, RecordingKind kind, Guid id, CancellationToken cancellationToken) =>
        FindInAsync(db, db.MeetRooms, db.VoiceCalls, db.RecordingClips, kind, id, cancellationToken);

    private static async Task<RecordingSource?> FindInAsync(
        IApplicationDbContext db, IQueryable<MeetRoom> rooms, IQueryable<VoiceCall> calls, IQueryable<RecordingClip> clips,
        RecordingKind kind, Guid id, CancellationToken cancellationToken)
    {
        switch (kind)
        {
            case RecordingKind.Meet:
                return await rooms.AsNoTracking().SingleOrDefaultAsync(r => r.Id == id, cancellationToken) is { } room ? Meet(room) : null;
            case RecordingKind.Voice:
                return await calls.AsNoTracking().SingleOrDefaultAsync(c => c.Id == id, cancellationToken) is { } call ? Voice(call) : null;
            default:
            {
                var clip = await clips.AsNoTracking().SingleOrDefaultAsync(c => c.Id == id, cancellationToken);
                if (clip is null) return null;
                var sourceTitle = await SourceTitleAsync(db, clip, cancellationToken);
                return new RecordingSource(RecordingKind.Clip, clip.Id, clip.Product, clip.OwnerId,
                    clip.DisplayName(sourceTitle),
                    clip.Status == ClipStatus.Ready ? clip.ClipLocation : null, clip.ClipDurationSeconds ?? clip.LengthSeconds,
                    clip.ClipSizeBytes, clip.CompletedAt, RecordingNames.ClipFileName(sourceTitle, clip), clip, sourceTitle);
            }
        }
    }

    public static RecordingSource Meet(MeetRoom room) =>
        new(RecordingKind.Meet, room.Id, room.Product, room.OwnerId, RecordingNames.MeetTitle(room), room.RecordingLocation,
            room.DurationSeconds, room.RecordingSizeBytes, room.RecordedAt,
            RecordingNames.FileName(room.Product, RecordingNames.MeetTitle(room), room.RecordedAt, RecordingNames.Extension(room.RecordingLocation)),
            null, null);

    public static RecordingSource Voice(VoiceCall call) =>
        new(RecordingKind.Voice, call.Id, call.Product, call.OwnerId, RecordingNames.VoiceTitle(call), call.RecordingLocation,
            call.DurationSeconds, call.RecordingSizeBytes, call.RecordedAt,
            RecordingNames.FileName(call.Product, RecordingNames.VoiceTitle(call), call.RecordedAt, RecordingNames.Extension(call.RecordingLocation, ".m4a")),
            null, null);

    /// <summary>The clip's source title, read without the access filter (the clip itself was already checked).</summary>
    private static async Task<string> SourceTitleAsync(IApplicationDbContext db, RecordingClip clip, CancellationToken cancellationToken) =>
        clip.SourceType == RecordingSourceType.Meet
            ? await db.MeetRooms.Where(r => r.Id == clip.SourceId).Select(r => r.Name).SingleOrDefaultAsync(cancellationToken) ?? "Recording"
            : await db.VoiceCalls.Where(c => c.Id == clip.SourceId).Select(c => "Call with " + c.Participants).SingleOrDefaultAsync(cancellationToken) ?? "Recording";
}
