using MediatR;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Streaming.Application.Common.Exceptions;
using Streaming.Application.Common.Interfaces;
using Streaming.Application.Common.Options;
using Streaming.Domain.Enrollments;
using Streaming.Domain.Streams;

namespace Streaming.Application.Enrollments.Queries.GetMyClasses;

public record GetMyClassesQuery : IRequest<MyClassesDto>;

public record MyClassesDto(IReadOnlyList<MyClassDto> LiveNow, IReadOnlyList<MyClassDto> Upcoming, IReadOnlyList<MyClassDto> Past);

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
            classes.Where(c => c.StreamStatus is StreamStatus.Ended or StreamStatus.Cancelled).ToList());
    }
}
