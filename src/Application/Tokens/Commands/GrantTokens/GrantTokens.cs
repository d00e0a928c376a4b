using MediatR;
using Microsoft.EntityFrameworkCore;
using Streaming.Application.Common.Exceptions;
using Streaming.Application.Common.Interfaces;
using Streaming.Domain.Common;
using Streaming.Domain.Users;
using Streaming.Application.Common.Security;

namespace Streaming.Application.Tokens.Commands.GrantTokens;

/// <summary>
/// A super admin adds tokens to a member's balance. <see cref="RequestId"/> comes from the form,
/// so submitting the same form twice grants once.
/// </summary>
[Authorize(Roles = Roles.SuperAdmin)]
public class GrantTokensCommand : IRequest<int>
{
    public string Email { get; set; } = "";

    public int Amount { get; set; }

    public string Reason { get; set; } = "";

    public Guid RequestId { get; set; }
}

public class GrantTokensHandler(IApplicationDbContext db, ITokenLedger ledger) : IRequestHandler<GrantTokensCommand, int>
{
    public async Task<int> Handle(GrantTokensCommand request, CancellationToken cancellationToken)
    {
        var email = request.Email.Trim().ToLowerInvariant();
        var memberId = await db.Profiles.Where(p => p.Email.ToLower() == email).Select(p => p.Id).SingleOrDefaultAsync(cancellationToken)
            ?? throw new ValidationException(nameof(request.Email), "No account has this email address.");

        var result = await ledger.GrantAsync(
            new LedgerGrant(memberId, request.Amount, request.Reason.Trim(), $"grant:{request.RequestId}"), cancellationToken);
        return result.Succeeded
            ? result.Balance ?? 0
            : throw new DomainException(result.Message ?? "The ledger refused the grant.");
    }
}
