using MediatR;
using Streaming.Application.Common.Exceptions;
using Streaming.Application.Common.Interfaces;

namespace Streaming.Application.Account.Commands.DisableTwoFactor;

/// <summary>Turns two-factor sign-in off (with the password, so an unattended browser cannot).</summary>
public class DisableTwoFactorCommand : IRequest<Unit>
{
    public string Password { get; set; } = "";
}

public class DisableTwoFactorHandler(ICurrentUser currentUser, IIdentityService identity) : IRequestHandler<DisableTwoFactorCommand, Unit>
{
    public async Task<Unit> Handle(DisableTwoFactorCommand request, CancellationToken cancellationToken)
    {
        var userId = currentUser.Id ?? throw new ForbiddenAccessException("Log in first.");
        if (!await identity.CheckPasswordAsync(userId, request.Password))
            throw new ValidationException(nameof(request.Password), "The password is wrong.");
        await identity.DisableTwoFactorAsync(userId);
        return Unit.Value;
    }
}
