using MediatR;
using Microsoft.EntityFrameworkCore;
using Streaming.Application.Common.Exceptions;
using Streaming.Application.Common.Interfaces;
using Streaming.Domain.Common;
using Streaming.Domain.Users;
using Streaming.Application.Common.Security;

namespace Streaming.Application.Admin.Commands.RevokeTokens;

/// <summary>
/// A super admin takes tokens back from a member, with a reason the member sees in their history:
/// a new ledger line, never an edit of an old one. As many as the balance holds, up to
/// <see cref="Amount"/> (a balance never goes below zero). <see cref="RequestId"/> comes from the
/// form, so submitting it twice takes once.
/// </summary>
[Authorize(Roles = Roles.SuperAdmin)]
public class RevokeTokensCommand : IRequest<LedgerTakeBackResult>
{
    public string UserId { get; set; } = "";

    public int Amount { get; set; }

    public string Reason { get; set; } = "";

    public Guid RequestId { get; set; }
}

public class RevokeTokensHandler(IApplicationDbContext db, ITokenLedger ledger)
    : IRequestHandler<RevokeTokensCommand, LedgerTakeBackResult>
{
    public async Task<LedgerTakeBackResult> Handle(RevokeTokensCommand request, CancellationToken cancellationToken)
    {
        if (!await db.Profiles.AnyAsync(p => p.Id == request.UserId, cancellationToken)) throw new NotFoundException("User", request.UserId);

        var result = await ledger.TakeBackAsync(
            new LedgerTakeBack(request.UserId, request.Amount, request.Reason.Trim(), $"revoke:{request.RequestId}"), cancellationToken);
        return result.Succeeded ? result : throw new DomainException(result.Message ?? "The ledger refused to take the tokens back.");
    }
}
