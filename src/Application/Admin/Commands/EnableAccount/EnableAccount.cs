using MediatR;
using Streaming.Application.Admin.Common;
using Streaming.Application.Common.Interfaces;
using Streaming.Domain.Common;
using Streaming.Domain.Users;
using Streaming.Application.Common.Security;

namespace Streaming.Application.Admin.Commands.EnableAccount;

/// <summary>A disabled account can sign in again.</summary>
[Authorize(Roles = Roles.SuperAdmin)]
public record EnableAccountCommand(string UserId, string Reason) : IRequest<Unit>, IAccountActionRequest;

public class EnableAccountHandler(IApplicationDbContext db, IIdentityService identity, ICurrentUser currentUser, TimeProvider clock)
    : IRequestHandler<EnableAccountCommand, Unit>
{
    public async Task<Unit> Handle(EnableAccountCommand request, CancellationToken cancellationToken)
    {
        var adminId = await AccountActionRules.CheckAsync(db, currentUser, request.UserId, notOnYourself: null, cancellationToken);
        if (!(await identity.GetLockStateAsync(request.UserId)).Disabled) throw new DomainException("The account is not disabled.");

        await AccountActionRules.RecordAsync(db, () => identity.EnableAsync(request.UserId),
            new AccountAction(request.UserId, adminId, AccountActionKind.Enabled, request.Reason, clock.GetUtcNow()), cancellationToken);
        return Unit.Value;
    }
}
