using MediatR;
using Streaming.Application.Common.Interfaces;
using Streaming.Application.Live.Common;
using Streaming.Domain.Streams;

namespace Streaming.Application.Live.Queries.GetWatch;

/// <summary>
/// The watch page of a class. <see cref="WatchDto.IsAllowed"/> is false for a signed-in member
/// without an active enrollment (the page sends them to the details page to enroll).
/// </summary>
public sealed record GetWatchQuery(Guid StreamId) : IRequest<WatchDto>;

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
    bool CanWatchReplay);

public class GetWatchHandler(IApplicationDbContext db, ICurrentUser currentUser, TimeProvider clock)
    : IRequestHandler<GetWatchQuery, WatchDto>
{
    public async Task<WatchDto> Handle(GetWatchQuery request, CancellationToken cancellationToken)
    {
        var viewer = await db.FindViewerAsync(currentUser, request.StreamId, cancellationToken);
        var stream = viewer.Stream;
        var now = clock.GetUtcNow();
        var canWatchReplay = stream.Status == StreamStatus.Ended
                             && (viewer.Enrollment?.CanWatchReplay(now) ?? (viewer.IsInstructor && now < stream.RecordingExpiresAt));
        return new WatchDto(stream.Id, stream.Title, stream.Status, stream.ScheduledStart, stream.StartedAt, stream.EndedAt,
            stream.RecordingExpiresAt, viewer.IsAllowed, viewer.IsInstructor, canWatchReplay);
    }
}
