using MediatR;
using Microsoft.EntityFrameworkCore;
using Streaming.Application.Common.Exceptions;
using Streaming.Application.Common.Interfaces;
using Streaming.Domain.Users;

namespace Streaming.Application.Workouts.Queries.GetMyWorkouts;

/// <summary>The instructor's workouts for the dashboard, published or not, newest first (a super admin sees everyone's).</summary>
public sealed record GetMyWorkoutsQuery : IRequest<IReadOnlyList<MyWorkoutDto>>;

public record MyWorkoutDto(Guid Id, string Title, double DurationSeconds, bool IsPublished, DateTimeOffset CreatedAt, string InstructorDisplayName);

public class GetMyWorkoutsHandler(IApplicationDbContext db, ICurrentUser currentUser) : IRequestHandler<GetMyWorkoutsQuery, IReadOnlyList<MyWorkoutDto>>
{
    private const int Limit = 100;

    public async Task<IReadOnlyList<MyWorkoutDto>> Handle(GetMyWorkoutsQuery request, CancellationToken cancellationToken)
    {
        var userId = currentUser.Id ?? throw new ForbiddenAccessException("Log in first.");
        var seeAll = currentUser.IsInRole(Roles.SuperAdmin);
        return await db.Workouts.AsNoTracking().Where(w => seeAll || w.InstructorId == userId)
            .OrderByDescending(w => w.CreatedAt).ThenBy(w => w.Id).Take(Limit)
            .Select(w => new MyWorkoutDto(w.Id, w.Title, w.DurationSeconds, w.IsPublished, w.CreatedAt, w.Instructor.DisplayName))
            .ToListAsync(cancellationToken);
    }
}
