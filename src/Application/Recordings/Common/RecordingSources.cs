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
        IApplicationDbContext db, RecordingAccess access, RecordingKind kind, Guid id, CancellationToken cancellationToken)
    {
        switch (kind)
        {
            case RecordingKind.Meet:
            {
                var room = await access.MeetRooms(db).AsNoTracking().SingleOrDefaultAsync(r => r.Id == id, cancellationToken)
                    ?? throw new NotFoundException("Recording", id);
                return Meet(room);
            }
            case RecordingKind.Voice:
            {
                var call = await access.VoiceCalls(db).AsNoTracking().SingleOrDefaultAsync(c => c.Id == id, cancellationToken)
                    ?? throw new NotFoundException("Recording", id);
                return Voice(call);
            }
            default:
            {
                var clip = await access.Clips(db).AsNoTracking().SingleOrDefaultAsync(c => c.Id == id, cancellationToken)
                    ?? throw new NotFoundException("Clip", id);
                var sourceTitle = await SourceTitleAsync(db, clip, cancellationToken);
                return new RecordingSource(RecordingKind.Clip, clip.Id, clip.Product, clip.OwnerId,
                    $"{sourceTitle} — clip {RecordingNames.Time(clip.StartSeconds)}–{RecordingNames.Time(clip.EndSeconds)}",
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
