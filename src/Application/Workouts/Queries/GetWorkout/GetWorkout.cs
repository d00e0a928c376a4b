using MediatR;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Streaming.Application.Common.Exceptions;
using Streaming.Application.Common.Interfaces;
using Streaming.Application.Live.Replay;
using Streaming.Domain.Users;
using Streaming.Domain.Workouts;
using Streaming.Application.Common.Security;

namespace Streaming.Application.Workouts.Queries.GetWorkout;

/// <summary>
/// A workout's page for a signed-in member, with the video's short-lived signed URL (the store
/// serves ranges, so the player seeks). An unpublished workout is visible to its instructor and
/// super admins only; for anyone else it does not exist (404).
/// </summary>
[Authorize]
public sealed record GetWorkoutQuery(Guid Id) : IRequest<WorkoutDto>;

public record WorkoutDto(Guid Id, string Title, string Description, string? Category, string? ThumbnailPath, double DurationSeconds,
    string InstructorDisplayName, bool IsPublished, bool CanManage, Guid SourceStreamId, Uri VideoUrl);

public class GetWorkoutHandler(IApplicationDbContext db, ICurrentUser currentUser, IBlobStorage storage, IOptions<ReplayOptions> options)
    : IRequestHandler<GetWorkoutQuery, WorkoutDto>
{
    public async Task<WorkoutDto> Handle(GetWorkoutQuery request, CancellationToken cancellationToken)
    {
        var userId = currentUser.Id ?? throw new ForbiddenAccessException("Log in to watch workouts.");
        var workout = await db.Workouts.AsNoTracking().Include(w => w.Instructor).SingleOrDefaultAsync(w => w.Id == request.Id, cancellationToken);
        var canManage = workout is not null && (workout.InstructorId == userId || currentUser.IsInRole(Roles.SuperAdmin));
        if (workout is null || (!workout.IsPublished && !canManage)) throw new NotFoundException(nameof(Workout), request.Id);

        var url = await storage.GetDownloadUrlAsync(workout.VideoKey, $"{workout.Title}.mp4", options.Value.PlaybackUrlLifetime, cancellationToken);
        return new WorkoutDto(workout.Id, workout.Title, workout.Description, workout.Category, workout.ThumbnailPath, workout.DurationSeconds,
            workout.Instructor.DisplayName, workout.IsPublished, canManage, workout.SourceStreamId, url);
    }
}
