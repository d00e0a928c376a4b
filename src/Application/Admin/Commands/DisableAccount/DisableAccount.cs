using MediatR;
using Streaming.Application.Admin.Common;
using Streaming.Application.Common.Interfaces;
using Streaming.Domain.Common;
using Streaming.Domain.Users;
using Streaming.Application.Common.Security;

namespace Streaming.Application.Admin.Commands.DisableAccount;

/// <summary>
/// The account can no longer sign in (password, two-factor, Apple or Google) and every session it
/// has ends at once; nothing else changes (seats, tokens and classes stay), so enabling it again
/// restores it as it was. Admins cannot disable themselves.
/// </summary>
[Authorize(Roles = Roles.SuperAdmin)]
public record DisableAccountCommand(string UserId, string Reason) : IRequest<Unit>, IAccountActionRequest;

public class DisableAccountHandler(IApplicationDbContext db, IIdentityService identity, ICurrentUser currentUser, TimeProvider clock)
    : IRequestHandler<DisableAccountCommand, Unit>
{
    public async Task<Unit> Handle(DisableAccountCommand request, CancellationToken cancellationToken)
    {
        var adminId = await AccountActionRules.CheckAsync(db, currentUser, request.UserId,
            "You cannot disable your own account. Ask another super admin.", cancellationToken);
        if ((await identity.GetLockStateAsync(request.UserId)).Disabled) throw new DomainException("The account is already disabled.");

        await AccountActionRules.RecordAsync(db, () => identity.DisableAsync(request.UserId),
            new AccountAction(request.UserId, adminId, AccountActionKind.Disabled, request.Reason, clock.GetUtcNow()), cancellationToken);
        return Unit.Value;
    }
}
