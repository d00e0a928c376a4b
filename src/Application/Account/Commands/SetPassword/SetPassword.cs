using MediatR;
using Streaming.Application.Common.Exceptions;
using Streaming.Application.Common.Interfaces;
using Streaming.Domain.Common;

namespace Streaming.Application.Account.Commands.SetPassword;

/// <summary>
/// An account made with Apple or Google has no password: the member sets one (then they can sign in
/// with their email too, unlink the provider, and confirm deletions that ask for the password).
/// </summary>
public class SetPasswordCommand : IRequest<Unit>
{
    public string NewPassword { get; set; } = "";

    public string ConfirmNewPassword { get; set; } = "";
}

public class SetPasswordHandler(IExternalLogins logins, ICurrentUser currentUser) : IRequestHandler<SetPasswordCommand, Unit>
{
    public async Task<Unit> Handle(SetPasswordCommand request, CancellationToken cancellationToken)
    {
        var userId = currentUser.Id ?? throw new ForbiddenAccessException("Log in first.");
        if (await logins.HasPasswordAsync(userId)) throw new DomainException("Your account has a password already; change it instead.");
        var errors = await logins.AddPasswordAsync(userId, request.NewPassword);
        if (errors.Count > 0) throw new ValidationException(errors.Select(e => new FluentValidation.Results.ValidationFailure(nameof(request.NewPassword), e)));
        return Unit.Value;
    }
}
