using MediatR;
using Streaming.Application.Account.Common;
using Streaming.Application.Common.Exceptions;
using Streaming.Application.Common.Interfaces;
using Streaming.Domain.Common;

namespace Streaming.Application.Account.Commands.UnlinkExternalLogin;

/// <summary>
/// Unlinks a provider from the signed-in member's account — never the last way in (a password or
/// another provider must remain). The ledger identity that came from it goes too. Identity
/// changes the security stamp: the account's other sessions end, this one stays.
/// </summary>
public record UnlinkExternalLoginCommand(string Provider) : IRequest<string>;

public class UnlinkExternalLoginHandler(IExternalLogins logins, ICurrentUser currentUser, LedgerIdentityLinks ledgerIdentities)
    : IRequestHandler<UnlinkExternalLoginCommand, string>
{
    public async Task<string> Handle(UnlinkExternalLoginCommand request, CancellationToken cancellationToken)
    {
        var userId = currentUser.Id ?? throw new ForbiddenAccessException("Log in first.");
        var linked = await logins.GetLoginsAsync(userId);
        var login = linked.FirstOrDefault(l => l.Provider == request.Provider)
            ?? throw new NotFoundException("Linked sign-in", request.Provider);
        if (linked.Count == 1 && !await logins.HasPasswordAsync(userId))
            throw new DomainException($"{login.DisplayName} is your only way to sign in. Set a password (Account security) or link another provider first.");

        if (await ledgerIdentities.FindAsync(userId, request.Provider, cancellationToken) is { } ledgerIdentity)
        {
            await ledgerIdentities.EnsureMayChangeAsync(userId, cancellationToken);
            await ledgerIdentities.RemoveAsync(ledgerIdentity, cancellationToken);
        }

        await logins.RemoveLoginAsync(userId, request.Provider);
        return login.DisplayName;
    }
}
