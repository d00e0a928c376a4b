using MediatR;
using Microsoft.EntityFrameworkCore;
using Streaming.Application.Common.Exceptions;
using Streaming.Application.Common.Interfaces;
using Streaming.Domain.Users;
using Streaming.Application.Common.Security;

namespace Streaming.Application.Admin.Commands.PromoteToInstructor;

[Authorize(Roles = Roles.SuperAdmin)]
public record PromoteToInstructorCommand(string UserId) : IRequest<Unit>;

public class PromoteToInstructorHandler(IApplicationDbContext db, IIdentityService identity)
    : IRequestHandler<PromoteToInstructorCommand, Unit>
{
    public async Task<Unit> Handle(PromoteToInstructorCommand request, CancellationToken cancellationToken)
    {
        if (!await db.Profiles.AnyAsync(p => p.Id == request.UserId, cancellationToken))
            throw new NotFoundException("User", request.UserId);

        await identity.AddToRoleAsync(request.UserId, Roles.Instructor);
        return Unit.Value;
    }
}
