using MediatR;
using Microsoft.EntityFrameworkCore;
using Streaming.Application.Common.Exceptions;
using Streaming.Application.Common.Interfaces;
using Streaming.Application.Following.Common;
using Streaming.Application.Common.Security;

namespace Streaming.Application.Following.Commands.UnfollowInstructor;

/// <summary>The member stops following an instructor (not following: nothing changes). Returns the instructor's name.</summary>
[Authorize]
public record UnfollowInstructorCommand(string InstructorId) : IRequest<string>;

public class UnfollowInstructorHandler(IApplicationDbContext db, ICurrentUser currentUser, IIdentityService identity)
    : IRequestHandler<UnfollowInstructorCommand, string>
{
    public async Task<string> Handle(UnfollowInstructorCommand request, CancellationToken cancellationToken)
    {
        var memberId = currentUser.Id ?? throw new ForbiddenAccessException("Log in first.");
        var instructor = await db.FindInstructorAsync(identity, request.InstructorId, cancellationToken);
        await db.Follows.Where(f => f.MemberId == memberId && f.InstructorId == instructor.Id).ExecuteDeleteAsync(cancellationToken);
        return instructor.DisplayName;
    }
}
