using MediatR;
using Streaming.Application.Account.Common;
using Streaming.Application.Common.Exceptions;
using Streaming.Application.Common.Interfaces;
using Streaming.Domain.Common;

namespace Streaming.Application.Account.Commands.LinkExternalLogin;

/// <summary>
/// A signed-in member came back from the provider after "Link" on their profile: the provider's
/// login is added to their account (only an answer to a link this account started counts).
/// Returns the provider's display name.
/// </summary>
public record LinkExternalLoginCommand : IRequest<string>;

public class LinkExternalLoginHandler(IExternalLogins logins, ICurrentUser currentUser, LedgerIdentityLinks ledgerIdentities)
    : IRequestHandler<LinkExternalLoginCommand, string>
{
    public async Task<string> Handle(LinkExternalLoginCommand request, CancellationToken cancellationToken)
    {
        var userId = currentUser.Id ?? throw new ForbiddenAccessException("Log in first.");
        var identity = await logins.ReadAsync(linkingUserId: userId) ?? throw new DomainException(ExternalSignIn.Expired);
        var provider = ExternalSignIn.DisplayName(logins, identity.Provider);
        try
        {
            var owner = await logins.FindUserByLoginAsync(identity.Provider, identity.Key);
            if (owner == userId) return provider;
            if (owner is not null)
                throw new DomainException($"This {provider} account already signs in to another account here. Unlink it there first.");
            if ((await logins.GetLoginsAsync(userId)).Any(l => l.Provider == identity.Provider))
                throw new DomainException($"Another {provider} account is linked already. Unlink it first.");

            await ledgerIdentities.EnsureMayLinkAsync(userId, identity, cancellationToken);
            var errors = await logins.AddLoginAsync(userId, identity);
            if (errors.Count > 0) throw new DomainException(string.Join(" ", errors));
            await ledgerIdentities.LinkAsync(userId, identity, cancellationToken);
            return provider;
        }
        finally
        {
            await logins.ForgetAsync();
        }
    }
}
