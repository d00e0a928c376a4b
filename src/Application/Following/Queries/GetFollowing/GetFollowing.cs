using MediatR;
using Microsoft.EntityFrameworkCore;
using Streaming.Application.Common.Exceptions;
using Streaming.Application.Common.Interfaces;
using Streaming.Domain.Streams;

namespace Streaming.Application.Following.Queries.GetFollowing;

/// <summary>/me/following: the instructors the member follows, with their next class.</summary>
public record GetFollowingQuery : IRequest<IReadOnlyList<FollowedInstructorDto>>;

public record FollowedInstructorDto(string InstructorId, string DisplayName, DateTimeOffset FollowingSince, int UpcomingClasses, Guid? NextClassId,
    string? NextClassTitle, DateTimeOffset? NextClassStart);

public class GetFollowingHandler(IApplicationDbContext db, ICurrentUser currentUser, TimeProvider clock)
    : IRequestHandler<GetFollowingQuery, IReadOnlyList<FollowedInstructorDto>>
{
    public async Task<IReadOnlyList<FollowedInstructorDto>> Handle(GetFollowingQuery request, CancellationToken cancellationToken)
    {
        var memberId = currentUser.Id ?? throw new ForbiddenAccessException("Log in first.");
        var now = clock.GetUtcNow();
        var followed = await (
                from f in db.Follows
                where f.MemberId == memberId
                join p in db.Profiles on f.InstructorId equals p.Id
                orderby p.DisplayName
                select new { p.Id, p.DisplayName, f.CreatedAt })
            .ToListAsync(cancellationToken);
        var ids = followed.Select(f => f.Id).ToList();
        var upcoming = await db.Streams.AsNoTracking()
            .Where(s => ids.Contains(s.InstructorId) && s.Status == StreamStatus.Scheduled && s.ScheduledStart > now)
            .OrderBy(s => s.ScheduledStart)
            .Select(s => new { s.InstructorId, s.Id, s.Title, s.ScheduledStart })
            .ToListAsync(cancellationToken);

        return followed.Select(f =>
        {
            var theirs = upcoming.Where(s => s.InstructorId == f.Id).ToList();
            var next = theirs.FirstOrDefault();
            return new FollowedInstructorDto(f.Id, f.DisplayName, f.CreatedAt, theirs.Count, next?.Id, next?.Title, next?.ScheduledStart);
        }).ToList();
    }
}
