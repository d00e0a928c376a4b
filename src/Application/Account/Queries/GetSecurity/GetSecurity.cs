using MediatR;
using Streaming.Application.Common.Exceptions;
using Streaming.Application.Common.Interfaces;

namespace Streaming.Application.Account.Queries.GetSecurity;

/// <summary>What the account security page shows: two-factor state, recovery codes left, signed-in sessions.</summary>
public record GetSecurityQuery : IRequest<SecurityOverview>;

public class GetSecurityHandler(ICurrentUser currentUser, IIdentityService identity) : IRequestHandler<GetSecurityQuery, SecurityOverview>
{
    public Task<SecurityOverview> Handle(GetSecurityQuery request, CancellationToken cancellationToken) =>
        identity.GetSecurityOverviewAsync(currentUser.Id ?? throw new ForbiddenAccessException("Log in first."));
}
