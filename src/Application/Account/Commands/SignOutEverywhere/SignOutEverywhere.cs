using MediatR;
using Streaming.Application.Common.Exceptions;
using Streaming.Application.Common.Interfaces;

namespace Streaming.Application.Account.Commands.SignOutEverywhere;

/// <summary>Ends every session of the signed-in account (this browser's too): copied or forgotten cookies stop working.</summary>
public record SignOutEverywhereCommand : IRequest<Unit>;

public class SignOutEverywhereHandler(ICurrentUser currentUser, IIdentityService identity) : IRequestHandler<SignOutEverywhereCommand, Unit>
{
    public async Task<Unit> Handle(SignOutEverywhereCommand request, CancellationToken cancellationToken)
    {
        await identity.SignOutEverywhereAsync(currentUser.Id ?? throw new ForbiddenAccessException("Log in first."));
        return Unit.Value;
    }
}
