using MediatR;
using Streaming.Application.Common.Exceptions;
using Streaming.Application.Common.Interfaces;

namespace Streaming.Application.Account.Queries.GetAuthenticatorSetup;

/// <summary>The key an authenticator app needs to turn two-factor sign-in on (made on first visit, kept until it is on).</summary>
public record GetAuthenticatorSetupQuery : IRequest<AuthenticatorSetup>;

public class GetAuthenticatorSetupHandler(ICurrentUser currentUser, IIdentityService identity) : IRequestHandler<GetAuthenticatorSetupQuery, AuthenticatorSetup>
{
    /// <summary>The name authenticator apps show next to the code.</summary>
    public const string Issuer = "Streaming";

    public Task<AuthenticatorSetup> Handle(GetAuthenticatorSetupQuery request, CancellationToken cancellationToken) =>
        identity.GetAuthenticatorSetupAsync(currentUser.Id ?? throw new ForbiddenAccessException("Log in first."), Issuer);
}
