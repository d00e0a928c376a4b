using MediatR;
using Microsoft.EntityFrameworkCore;
using Streaming.Application.Admin.Common;
using Streaming.Application.Common.Interfaces;
using Streaming.Domain.Common;
using Streaming.Domain.Streams;
using Streaming.Domain.Users;
using Streaming.Application.Common.Security;

namespace Streaming.Application.Admin.Commands.DemoteInstructor;

/// <summary>
/// An instructor becomes a member again. Refused while they teach a class that has not taken place
/// (scheduled or live): members paid for those seats, so the admin cancels them first (with refunds)
/// or leaves the role. Past classes, their replays and analytics stay as they are. Admins cannot demote themselves.
/// </summary>
[Authorize(Roles = Roles.SuperAdmin)]
public record DemoteInstructorCommand(string UserId, string Reason) : IRequest<Unit>, IAccountActionRequest;

public class DemoteInstructorHandler(IApplicationDbContext db, IIdentityService identity, ICurrentUser currentUser, TimeProvider clock)
    : IRequestHandler<DemoteInstructorCommand, Unit>
{
    public async Task<Unit> Handle(DemoteInstructorCommand request, CancellationToken cancellationToken)
    {
        var adminId = await AccountActionRules.CheckAsync(db, currentUser, request.UserId,
            "You cannot demote yourself. Ask another super admin.", cancellationToken);
        if (!await identity.IsInRoleAsync(request.UserId, Roles.Instructor)) throw new DomainException("The account is not an instructor.");

        var open = await db.Streams.CountAsync(s => s.InstructorId == request.UserId
            && (s.Status == StreamStatus.Scheduled || s.Status == StreamStatus.Live), cancellationToken);
        if (open > 0)
            throw new DomainException(
                $"They teach {open} class{(open == 1 ? "" : "es")} that {(open == 1 ? "has" : "have")} not taken place yet. " +
                "Cancel them first (members are refunded), then demote.");

        await AccountActionRules.RecordAsync(db, () => identity.RemoveFromRoleAsync(request.UserId, Roles.Instructor),
            new AccountAction(request.UserId, adminId, AccountActionKind.Demoted, request.Reason, clock.GetUtcNow()), cancellationToken);
        return Unit.Value;
    }
}
