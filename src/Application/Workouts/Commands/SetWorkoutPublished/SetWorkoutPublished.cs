using MediatR;
using Streaming.Application.Common.Interfaces;
using Streaming.Application.Workouts.Common;
using Streaming.Application.Common.Security;

namespace Streaming.Application.Workouts.Commands.SetWorkoutPublished;

/// <summary>Unpublishes a workout (members no longer see it) or publishes it again. Its instructor or a super admin; anyone else gets 404.</summary>
[Authorize]
public sealed record SetWorkoutPublishedCommand(Guid WorkoutId, bool Published) : IRequest<string>;

public class SetWorkoutPublishedHandler(IApplicationDbContext db, ICurrentUser currentUser, TimeProvider clock)
    : IRequestHandler<SetWorkoutPublishedCommand, string>
{
    public async Task<string> Handle(SetWorkoutPublishedCommand request, CancellationToken cancellationToken)
    {
        var workout = await db.FindOwnedWorkoutAsync(currentUser, request.WorkoutId, cancellationToken);
        workout.SetPublished(request.Published, clock.GetUtcNow());
        await db.SaveChangesAsync(cancellationToken);
        return workout.Title;
    }
}
