using MediatR;
using Streaming.Application.Account.Common;
using Streaming.Application.Common.Interfaces;
using Streaming.Domain.Users;

namespace Streaming.Application.Account.Commands.CompleteExternalSignIn;

/// <summary>
/// The provider sent the visitor back: sign in the account linked to that login; or, for a new
/// person, create a member account; or, when the provider's verified email belongs to an account
/// that is not linked yet, ask for that account's password first (never a silent takeover).
/// </summary>
public record CompleteExternalSignInCommand : IRequest<ExternalSignInResult>;

public enum ExternalSignInOutcome
{
    SignedIn,
    Created,
    RequiresTwoFactor,
    LockedOut,

    /// <summary>The email belongs to an account that is not linked: its password is asked once.</summary>
    NeedsPassword,

    /// <summary>Not signed in; <see cref="ExternalSignInResult.Message"/> says why.</summary>
    Refused,
}

public sealed record ExternalSignInResult(ExternalSignInOutcome Outcome, string Provider, string? Message = null, string? Email = null);

public class CompleteExternalSignInHandler(IExternalLogins logins, LedgerIdentityLinks ledgerIdentities)
    : IRequestHandler<CompleteExternalSignInCommand, ExternalSignInResult>
{
    public async Task<ExternalSignInResult> Handle(CompleteExternalSignInCommand request, CancellationToken cancellationToken)
    {
        var identity = await logins.ReadAsync();
        if (identity is null) return new(ExternalSignInOutcome.Refused, "", ExternalSignIn.Expired);
        var provider = ExternalSignIn.DisplayName(logins, identity.Provider);

        if (await logins.FindUserByLoginAsync(identity.Provider, identity.Key) is not null)
        {
            var outcome = await logins.SignInAsync(identity.Provider, identity.Key);
            return outcome switch
            {
                SignInOutcome.Succeeded => new(ExternalSignInOutcome.SignedIn, provider),
                SignInOutcome.RequiresTwoFactor => new(ExternalSignInOutcome.RequiresTwoFactor, provider),
                SignInOutcome.LockedOut => new(ExternalSignInOutcome.LockedOut, provider),
                _ => new(ExternalSignInOutcome.Refused, provider, $"This account cannot sign in with {provider}."),
            };
        }

        if (identity.Email is not { Length: > 0 } email || !identity.EmailVerified)
            return new(ExternalSignInOutcome.Refused, provider,
                $"{provider} did not confirm an email address for you, so we cannot make or find your account with it. " +
                $"Confirm your email with {provider} and try again, or sign up with a password.");

        // A verified email that already has an account: its owner proves the password once before the link.
        if (await logins.FindUserByEmailAsync(email) is not null)
            return new(ExternalSignInOutcome.NeedsPassword, provider, Email: email);

        var (userId, errors) = await logins.CreateUserAsync(identity, ExternalSignIn.DisplayNameFor(identity), Roles.Member, cancellationToken);
        if (userId is null) return new(ExternalSignInOutcome.Refused, provider, string.Join(" ", errors));
        await ledgerIdentities.LinkAsync(userId, identity, cancellationToken);
        await logins.SignInAsync(identity.Provider, identity.Key);
        return new(ExternalSignInOutcome.Created, provider);
    }
}
