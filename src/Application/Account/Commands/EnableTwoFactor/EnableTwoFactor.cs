using MediatR;
using Streaming.Application.Common.Exceptions;
using Streaming.Application.Common.Interfaces;

namespace Streaming.Application.Account.Commands.EnableTwoFactor;

/// <summary>
/// Turns on two-factor sign-in once the member proves their authenticator app has the key (a
/// valid 6-digit code). Returns ten one-time recovery codes, shown once.
/// </summary>
public class EnableTwoFactorCommand : IRequest<IReadOnlyList<string>>
{
    public string Code { get; set; } = "";
}

public class EnableTwoFactorHandler(ICurrentUser currentUser, IIdentityService identity) : IRequestHandler<EnableTwoFactorCommand, IReadOnlyList<string>>
{
    public async Task<IReadOnlyList<string>> Handle(EnableTwoFactorCommand request, CancellationToken cancellationToken)
    {
        var userId = currentUser.Id ?? throw new ForbiddenAccessException("Log in first.");
        return await identity.EnableTwoFactorAsync(userId, request.Code)
            ?? throw new ValidationException(nameof(request.Code), "That code is not valid. Check the time on your phone and enter the current code.");
    }
}
