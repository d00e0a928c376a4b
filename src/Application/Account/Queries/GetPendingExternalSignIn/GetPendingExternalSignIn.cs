using MediatR;
using Streaming.Application.Account.Common;
using Streaming.Application.Common.Interfaces;

namespace Streaming.Application.Account.Queries.GetPendingExternalSignIn;

/// <summary>The provider sign-in waiting for the account's password (the email-collision case), or null.</summary>
public record GetPendingExternalSignInQuery : IRequest<PendingExternalSignInDto?>;

public record PendingExternalSignInDto(string Provider, string Email);

public class GetPendingExternalSignInHandler(IExternalLogins logins) : IRequestHandler<GetPendingExternalSignInQuery, PendingExternalSignInDto?>
{
    public async Task<PendingExternalSignInDto?> Handle(GetPendingExternalSignInQuery request, CancellationToken cancellationToken) =>
        await logins.ReadAsync() is { EmailVerified: true, Email: { Length: > 0 } email } identity
            ? new PendingExternalSignInDto(ExternalSignIn.DisplayName(logins, identity.Provider), email)
            : null;
}
