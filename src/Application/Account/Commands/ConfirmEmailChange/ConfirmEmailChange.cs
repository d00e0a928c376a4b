using MediatR;
using Streaming.Application.Common.Interfaces;
using Streaming.Domain.Common;
using Streaming.Application.Common.Security;

namespace Streaming.Application.Account.Commands.ConfirmEmailChange;

/// <summary>
/// The link sent to a new address: moves the account (sign-in name, profile, where mail goes) to it.
/// The code names the address, so a link cannot be edited to move the account elsewhere.
/// </summary>
[AllowAnonymous("The emailed code proves the new address; the handler checks it.")]
public record ConfirmEmailChangeCommand(string? UserId, string? Email, string? Code) : IRequest<string>;

public class ConfirmEmailChangeHandler(IAccountEmailService accounts, ICurrentUser currentUser, IIdentityService identity) : IRequestHandler<ConfirmEmailChangeCommand, string>
{
    /// <returns>The new address.</returns>
    public async Task<string> Handle(ConfirmEmailChangeCommand request, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(request.UserId) || string.IsNullOrWhiteSpace(request.Email) || string.IsNullOrWhiteSpace(request.Code))
            throw new DomainException(AccountEmailMessages.InvalidLink);
        var errors = await accounts.ChangeEmailAsync(request.UserId, request.Email, request.Code);
        if (errors.Count > 0) throw new DomainException(string.Join(" ", errors));
        if (currentUser.Id == request.UserId) await identity.RefreshSignInAsync(request.UserId);
        return request.Email.Trim();
    }
}
