using MediatR;
using Microsoft.EntityFrameworkCore;
using Streaming.Application.Common.Interfaces;
using Streaming.Application.Following.Common;
using Streaming.Domain.Streams;

namespace Streaming.Application.Following.Queries.GetInstructorPage;

/// <summary>An instructor's public page: name, upcoming classes, followers and whether the visitor follows them.</summary>
public record GetInstructorPageQuery(string InstructorId) : IRequest<InstructorPageDto>;

/// <param name="IsFollowing">Null for a visitor who is not signed in (or the instructor themselves).</param>
public record InstructorPageDto(string Id, string DisplayName, int Followers, bool? IsFollowing, IReadOnlyList<InstructorClassDto> Upcoming);

public record InstructorClassDto(Guid Id, string Title, DateTimeOffset ScheduledStart, int DurationMinutes, int PriceInTokens, StreamStatus Status);

public class GetInstructorPageHandler(IApplicationDbContext db, ICurrentUser currentUser, IIdentityService identity, TimeProvider clock)
    : IRequestHandler<GetInstructorPageQuery, InstructorPageDto>
{
    public async Task<InstructorPageDto> Handle(GetInstructorPageQuery request, CancellationToken cancellationToken)
    {
        var instructor = await db.FindInstructorAsync(identity, request.InstructorId, cancellationToken);
        var now = clock.GetUtcNow();
        var upcoming = await db.Streams.AsNoTracking()
            .Where(s => s.InstructorId == instructor.Id
                        && (s.Status == StreamStatus.Live || (s.Status == StreamStatus.Scheduled && s.ScheduledStart.AddMinutes(s.DurationMinutes) > now)))
            .OrderBy(s => s.ScheduledStart).Take(50)
            .Select(s => new InstructorClassDto(s.Id, s.Title, s.ScheduledStart, s.DurationMinutes, s.PriceInTokens, s.Status))
            .ToListAsync(cancellationToken);
        var followers = await db.Follows.CountAsync(f => f.InstructorId == instructor.Id, cancellationToken);
        bool? following = currentUser.Id is { } me && me != instructor.Id
            ? await db.Follows.AnyAsync(f => f.MemberId == me && f.InstructorId == instructor.Id, cancellationToken)
            : null;
        return new InstructorPageDto(instructor.Id, instructor.DisplayName, followers, following, upcoming);
    }
}
