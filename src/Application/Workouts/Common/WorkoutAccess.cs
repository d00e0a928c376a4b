using Microsoft.EntityFrameworkCore;
using Streaming.Application.Common.Exceptions;
using Streaming.Application.Common.Interfaces;
using Streaming.Domain.Users;
using Streaming.Domain.Workouts;

namespace Streaming.Application.Workouts.Common;

public static class WorkoutAccess
{
    /// <summary>
    /// The workout if the caller is its instructor or a super admin; anyone else gets the same 404
    /// as for an id that does not exist.
    /// </summary>
    public static async Task<Workout> FindOwnedWorkoutAsync(this IApplicationDbContext db, ICurrentUser user, Guid workoutId, CancellationToken cancellationToken)
    {
        var userId = user.Id ?? throw new ForbiddenAccessException("Log in first.");
        var workout = await db.Workouts.SingleOrDefaultAsync(w => w.Id == workoutId, cancellationToken);
        if (workout is null || (workout.InstructorId != userId && !user.IsInRole(Roles.SuperAdmin)))
            throw new NotFoundException(nameof(Workout), workoutId);
        return workout;
    }
}

/// <summary>Duration filter of the catalog.</summary>
public enum WorkoutLength
{
    Any,

    /// <summary>Under 20 minutes.</summary>
    Short,

    /// <summary>20 to 45 minutes.</summary>
    Medium,

    /// <summary>Over 45 minutes.</summary>
    Long,
}
