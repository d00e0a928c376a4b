using MediatR;
using Microsoft.EntityFrameworkCore;
using Streaming.Application.Common.Exceptions;
using Streaming.Application.Common.Interfaces;
using Streaming.Application.Following.Common;
using Streaming.Domain.Following;
using Streaming.Application.Common.Security;

namespace Streaming.Application.Following.Commands.FollowInstructor;

/// <summary>The member follows an instructor (again: nothing changes). Returns the instructor's name.</summary>
[Authorize]
public record FollowInstructorCommand(string InstructorId) : IRequest<string>;

public class FollowInstructorHandler(IApplicationDbContext db, ICurrentUser currentUser, IIdentityService identity, TimeProvider clock)
    : IRequestHandler<FollowInstructorCommand, string>
{
    public async Task<string> Handle(FollowInstructorCommand request, CancellationToken cancellationToken)
    {
        var memberId = currentUser.Id ?? throw new ForbiddenAccessException("Log in to follow an instructor.");
        var instructor = await db.FindInstructorAsync(identity, request.InstructorId, cancellationToken);
        if (await db.Follows.AnyAsync(f => f.MemberId == memberId && f.InstructorId == instructor.Id, cancellationToken)) return instructor.DisplayName;

        db.Follows.Add(new InstructorFollow(memberId, instructor.Id, clock.GetUtcNow()));
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // A double click: fine if the other request recorded it.
            if (!await db.Follows.AsNoTracking().AnyAsync(f => f.MemberId == memberId && f.InstructorId == instructor.Id, CancellationToken.None)) throw;
        }

        return instructor.DisplayName;
    }
}
