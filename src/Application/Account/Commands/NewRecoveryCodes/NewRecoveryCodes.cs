using MediatR;
using Streaming.Application.Common.Exceptions;
using Streaming.Application.Common.Interfaces;

namespace Streaming.Application.Account.Commands.NewRecoveryCodes;

/// <summary>Ten new recovery codes; the old ones stop working.</summary>
public record NewRecoveryCodesCommand : IRequest<IReadOnlyList<string>>;

public class NewRecoveryCodesHandler(ICurrentUser currentUser, IIdentityService identity) : IRequestHandler<NewRecoveryCodesCommand, IReadOnlyList<string>>
{
    public Task<IReadOnlyList<string>> Handle(NewRecoveryCodesCommand request, CancellationToken cancellationToken) =>
        identity.NewRecoveryCodesAsync(currentUser.Id ?? throw new ForbiddenAccessException("Log in first."));
}
