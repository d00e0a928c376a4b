using MediatR;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Streaming.Application.Common.Exceptions;
using Streaming.Application.Common.Interfaces;
using Streaming.Application.Common.Options;
using Streaming.Application.Enrollments.Common;
using Streaming.Domain.Enrollments;
using Streaming.Domain.Streams;

namespace Streaming.Application.Enrollments.Queries.GetMyClasses;

public record GetMyClassesQuery : IRequest<MyClassesDto>;

public record MyClassesDto(IReadOnlyList<MyClassDto> LiveNow, IReadOnlyList<MyClassDto> Upcoming, IReadOnlyList<MyClassDto> Past)
{
    /// <summary>Places in line now, and what became of recent ones (a seat given, skipped, closed).</summary>
    public IReadOnlyList<MyWaitlistPlaceDto> Waitlist { get; init; } = [];
}

/// <param name="Position">The place in line while waiting (1 = next to get a seat).</param>
public record MyWaitlistPlaceDto(Guid StreamId, string Title, DateTimeOffset ScheduledStart, int PriceInTokens, WaitlistStatus Status, int? Position, string? Notice);

public record MyClassDto(
    Guid EnrollmentId,
    Guid StreamId,
    string Title,
    string InstructorDisplayName,
    DateTimeOffset ScheduledStart,
    int DurationMinutes,
    StreamStatus StreamStatus,
    EnrollmentStatus Status,
    int TokensPaid,
    DateTimeOffset? RecordingExpiresAt,
    bool CanCancel,
    string? CannotCancelReason,
    bool CanWatchReplay,
    bool? TookPlace = null,
    EnrollmentKind Kind = EnrollmentKind.Class);

public class GetMyClassesHandler(IApplicationDbContext db, ICurrentUser currentUser, TimeProvider clock, IOptions<EnrollmentOptions> options)
    : IRequestHandler<GetMyClassesQuery, MyClassesDto>
{
    private const int Limit = 200;
    private static readonly TimeSpan RecentNotices = TimeSpan.FromDays(7);

    public async Task<MyClassesDto> Handle(GetMyClassesQuery request, CancellationToken cancellationToken)
    {
        var memberId = currentUser.Id ?? throw new ForbiddenAccessException("Log in first.");
        var enrollments = await db.Enrollments.AsNoTracking()
            .Include(e => e.Stream).ThenInclude(s => s.Instructor)
            .Where(e => e.MemberId == memberId && e.Status != EnrollmentStatus.Failed)
            .OrderByDescending(e => e.Stream.ScheduledStart)
            .Take(Limit)
            .ToListAsync(cancellationToken);

        var now = clock.GetUtcNow();
        var classes = enrollments
            // A cancelled-and-retaken seat shows once: the seat held now, else the latest enrollment.
            .GroupBy(e => e.StreamId).Select(g => g.OrderByDescending(e => e.HoldsSeat).ThenByDescending(e => e.CreatedAt).ThenByDescending(e => e.Id).First())
            .Select(e =>
            {
                var reason = e.WhyMemberCannotCancel(now, options.Value.CancellationWindow);
                return new MyClassDto(e.Id, e.StreamId, e.Stream.Title, e.Stream.Instructor.DisplayName, e.Stream.ScheduledStart,
                    e.Stream.DurationMinutes, e.Stream.Status, e.Status, e.TokensPaid, e.Stream.RecordingExpiresAt,
                    reason is null, reason, e.CanWatchReplay(now), e.Stream.TookPlace, e.Kind);
            })
            .ToList();

        return new MyClassesDto(
            classes.Where(c => c.StreamStatus == StreamStatus.Live).ToList(),
            classes.Where(c => c.StreamStatus == StreamStatus.Scheduled).OrderBy(c => c.ScheduledStart).ToList(),
            classes.Where(c => c.StreamStatus is StreamStatus.Ended or StreamStatus.Cancelled).ToList())
        {
            Waitlist = await WaitlistAsync(memberId, now, cancellationToken),
        };
    }

    /// <summary>The member's places in line, and the notices of the last week (a seat given, skipped, closed).</summary>
    private async Task<IReadOnlyList<MyWaitlistPlaceDto>> WaitlistAsync(string memberId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var since = now - RecentNotices;
        var places = await db.WaitlistEntries.AsNoTracking().Include(w => w.Stream)
            .Where(w => w.MemberId == memberId && (w.Status == WaitlistStatus.Waiting || (w.Status != WaitlistStatus.Left && w.UpdatedAt >= since)))
            .OrderByDescending(w => w.UpdatedAt).Take(Limit)
            .ToListAsync(cancellationToken);
        var list = new List<MyWaitlistPlaceDto>();
        foreach (var place in places)
        {
            var position = place.IsWaiting ? await db.WaitlistPositionAsync(place, cancellationToken) : (int?)null;
            list.Add(new MyWaitlistPlaceDto(place.StreamId, place.Stream.Title, place.Stream.ScheduledStart, place.Stream.PriceInTokens, place.Status, position, place.Notice));
        }

        return list;
    }
}
