using MediatR;
using Streaming.Application.Admin.Common;
using Streaming.Application.Common.Interfaces;
using Streaming.Domain.Common;
using Streaming.Domain.Users;
using Streaming.Application.Common.Security;

namespace Streaming.Application.Admin.Commands.UnlockAccount;

/// <summary>Ends a lock-out after too many wrong passwords before its time is up, with a reason kept in the account's history.</summary>
[Authorize(Roles = Roles.SuperAdmin)]
public record UnlockAccountCommand(string UserId, string Reason) : IRequest<Unit>, IAccountActionRequest;

public class UnlockAccountHandler(IApplicationDbContext db, IIdentityService identity, ICurrentUser currentUser, TimeProvider clock)
    : IRequestHandler<UnlockAccountCommand, Unit>
{
    public async Task<Unit> Handle(UnlockAccountCommand request, CancellationToken cancellationToken)
    {
        var adminId = await AccountActionRules.CheckAsync(db, currentUser, request.UserId, notOnYourself: null, cancellationToken);
        var state = await identity.GetLockStateAsync(request.UserId);
        if (state.Disabled) throw new DomainException("The account is disabled, not locked out: enable it instead.");
        if (state.LockedUntil is null) throw new DomainException("The account is not locked out.");

        await AccountActionRules.RecordAsync(db, () => identity.UnlockAsync(request.UserId),
            new AccountAction(request.UserId, adminId, AccountActionKind.Unlocked, request.Reason, clock.GetUtcNow()), cancellationToken);
        return Unit.Value;
    }
}
