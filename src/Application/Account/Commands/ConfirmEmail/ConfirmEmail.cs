using MediatR;
using Streaming.Application.Common.Interfaces;
using Streaming.Application.Common.Security;

namespace Streaming.Application.Account.Commands.ConfirmEmail;

/// <summary>
/// The link in the "confirm your address" email. False for a link that is wrong, changed, expired
/// or for an unknown account (all look the same). Opening a valid link twice is fine.
/// </summary>
[AllowAnonymous("The emailed code proves the address; the handler checks it.")]
public record ConfirmEmailCommand(string? UserId, string? Code) : IRequest<bool>;

public class ConfirmEmailHandler(IAccountEmailService accounts, ICurrentUser currentUser, IIdentityService identity) : IRequestHandler<ConfirmEmailCommand, bool>
{
    public async Task<bool> Handle(ConfirmEmailCommand request, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(request.UserId) || string.IsNullOrWhiteSpace(request.Code)) return false;
        if (!await accounts.ConfirmEmailAsync(request.UserId, request.Code)) return false;
        // The banner reads the cookie: give the member a fresh one if it is theirs.
        if (currentUser.Id == request.UserId) await identity.RefreshSignInAsync(request.UserId);
        return true;
    }
}
