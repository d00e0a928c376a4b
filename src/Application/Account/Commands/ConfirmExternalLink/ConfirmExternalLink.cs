using MediatR;
using Streaming.Application.Account.Common;
using Streaming.Application.Common.Exceptions;
using Streaming.Application.Common.Interfaces;
using Streaming.Domain.Common;

namespace Streaming.Application.Account.Commands.ConfirmExternalLink;

/// <summary>
/// A provider's verified email matched an account that is not linked to it: the visitor proves
/// that account's password once, then the provider is linked and the account signed in (its
/// two-factor sign-in, if on, still asks for the code). Wrong passwords count towards the lock-out.
/// </summary>
public class ConfirmExternalLinkCommand : IRequest<SignInOutcome>
{
    public string Password { get; set; } = "";
}

public class ConfirmExternalLinkHandler(IExternalLogins logins, LedgerIdentityLinks ledgerIdentities)
    : IRequestHandler<ConfirmExternalLinkCommand, SignInOutcome>
{
    public const string WrongPassword = "The password is wrong.";

    public async Task<SignInOutcome> Handle(ConfirmExternalLinkCommand request, CancellationToken cancellationToken)
    {
        var identity = await logins.ReadAsync() ?? throw new DomainException(ExternalSignIn.Expired);
        var provider = ExternalSignIn.DisplayName(logins, identity.Provider);
        var userId = identity is { EmailVerified: true, Email: { Length: > 0 } email }
            ? await logins.FindUserByEmailAsync(email)
            : null;
        if (userId is null) throw new DomainException(ExternalSignIn.Expired);
        if (!await logins.HasPasswordAsync(userId))
            throw new DomainException($"Your account has no password. Sign in the way you signed up, then link {provider} on your profile.");

        switch (await logins.CheckPasswordAsync(userId, request.Password))
        {
            case SignInOutcome.Succeeded:
                break;
            case SignInOutcome.LockedOut:
                return SignInOutcome.LockedOut;
            default:
                throw new ValidationException(nameof(request.Password), WrongPassword);
        }

        await ledgerIdentities.EnsureMayLinkAsync(userId, identity, cancellationToken);
        var errors = await logins.AddLoginAsync(userId, identity);
        if (errors.Count > 0) throw new DomainException(string.Join(" ", errors));
        await ledgerIdentities.LinkAsync(userId, identity, cancellationToken);
        return await logins.SignInAsync(identity.Provider, identity.Key);
    }
}
