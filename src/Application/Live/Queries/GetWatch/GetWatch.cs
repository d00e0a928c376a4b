using MediatR;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Streaming.Application.Common.Interfaces;
using Streaming.Application.Live.Common;
using Streaming.Application.Live.Replay;
using Streaming.Domain.Enrollments;
using Streaming.Domain.Live;
using Streaming.Domain.Streams;
using Streaming.Application.Common.Security;

namespace Streaming.Application.Live.Queries.GetWatch;

/// <summary>
/// The watch page of a class. <see cref="WatchDto.IsAllowed"/> is false for a signed-in member
/// without an active enrollment (the page sends them to the details page to enroll), except that a
/// member whose seat was refunded because the class did not take place still sees the page say so
/// (<see cref="WatchDto.SeatRefunded"/>): their open watch page reloads onto it when the class is closed.
/// </summary>
[Authorize]
public sealed record GetWatchQuery(Guid StreamId) : IRequest<WatchDto>;

/// <summary>Where the replay of an ended class stands.</summary>
public enum ReplayState
{
    /// <summary>The class has not ended.</summary>
    None,

    /// <summary>Nothing was recorded (the broadcast page uploaded no chunk).</summary>
    NotRecorded,

    /// <summary>The job has not finished making it.</summary>
    Processing,

    Available,

    Failed,

    /// <summary>The replay window closed and the retention job deleted the files.</summary>
    Deleted,
}

public sealed record WatchDto(
    Guid Id,
    string Title,
    StreamStatus Status,
    DateTimeOffset ScheduledStart,
    DateTimeOffset? StartedAt,
    DateTimeOffset? EndedAt,
    DateTimeOffset? RecordingExpiresAt,
    bool IsAllowed,
    bool IsInstructor,
    bool CanWatchReplay,
    ReplayState Replay = ReplayState.None,
    string? ReplayError = null,
    Uri? ReplayUrl = null,
    string? WhepUrl = null,
    bool BroadcasterDisconnected = false,
    DateTimeOffset? RecordingDeletedAt = null,
    TimeSpan? ReplayUrlLifetime = null,
    bool? TookPlace = null,
    bool SeatRefunded = false);

public class GetWatchHandler(IApplicationDbContext db, ICurrentUser currentUser, TimeProvider clock, IBlobStorage storage, IOptions<ReplayOptions> options,
    IOptions<LiveOptions> liveOptions)
    : IRequestHandler<GetWatchQuery, WatchDto>
{
    public async Task<WatchDto> Handle(GetWatchQuery request, CancellationToken cancellationToken)
    {
        var viewer = await db.FindViewerAsync(currentUser, request.StreamId, cancellationToken);
        var stream = viewer.Stream;
        var now = clock.GetUtcNow();
        // Members until their replay access expires; the instructor always.
        var canWatchReplay = stream.Status == StreamStatus.Ended
                             && (viewer.IsInstructor || (viewer.Enrollment?.CanWatchReplay(now) ?? false));

        var replay = ReplayState.None;
        string? error = null;
        Uri? url = null;
        if (stream.Status == StreamStatus.Ended && viewer.IsAllowed)
        {
            var recording = await db.LiveRecordings.AsNoTracking().SingleOrDefaultAsync(r => r.StreamId == stream.Id, cancellationToken);
            (replay, error) = recording?.Status switch
            {
                null => (ReplayState.NotRecorded, null),
                LiveRecordingStatus.Available => (ReplayState.Available, null),
                LiveRecordingStatus.Failed => (ReplayState.Failed, recording.Error),
                LiveRecordingStatus.Deleted => (ReplayState.Deleted, null),
                _ => (ReplayState.Processing, (string?)null),
            };
            if (replay == ReplayState.Available && canWatchReplay)
                url = await storage.GetDownloadUrlAsync(recording!.ReplayKey!, $"{stream.Title}.mp4", options.Value.PlaybackUrlLifetime, cancellationToken);
        }

        // The provider's WHEP URL (Cloudflare) for those allowed to watch; never the WHIP URL.
        var input = viewer.IsAllowed && stream.Status is StreamStatus.Scheduled or StreamStatus.Live
            ? await db.FindLiveInputAsync(liveOptions.Value.Provider, stream.Id, cancellationToken)
            : null;
        return new WatchDto(stream.Id, stream.Title, stream.Status, stream.ScheduledStart, stream.StartedAt, stream.EndedAt,
            stream.RecordingExpiresAt, viewer.IsAllowed, viewer.IsInstructor, canWatchReplay, replay, error, url,
            input?.PlaybackUrl, stream.Status == StreamStatus.Live && input?.IsBroadcasterDisconnected == true, stream.RecordingDeletedAt,
            url is null ? null : options.Value.PlaybackUrlLifetime, stream.TookPlace,
            !viewer.IsAllowed && stream.TookPlace == false && await db.Enrollments.AnyAsync(
                e => e.StreamId == stream.Id && e.MemberId == viewer.UserId && e.Kind == EnrollmentKind.Class && e.Status == EnrollmentStatus.Refunded,
                cancellationToken));
    }
}
