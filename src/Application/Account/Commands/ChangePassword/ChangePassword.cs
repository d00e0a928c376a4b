using MediatR;
using Streaming.Application.Common.Exceptions;
using Streaming.Application.Common.Interfaces;

namespace Streaming.Application.Account.Commands.ChangePassword;

/// <summary>The signed-in member changes their password; their other sessions end, this one stays.</summary>
public class ChangePasswordCommand : IRequest<Unit>
{
    public string CurrentPassword { get; set; } = "";

    public string NewPassword { get; set; } = "";

    public string ConfirmNewPassword { get; set; } = "";
}

public class ChangePasswordHandler(ICurrentUser currentUser, IIdentityService identity) : IRequestHandler<ChangePasswordCommand, Unit>
{
    public async Task<Unit> Handle(ChangePasswordCommand request, CancellationToken cancellationToken)
    {
        var userId = currentUser.Id ?? throw new ForbiddenAccessException("Log in first.");
        var errors = await identity.ChangePasswordAsync(userId, request.CurrentPassword, request.NewPassword);
        if (errors.Count == 0) return Unit.Value;
        throw new ValidationException(errors.Select(e => new FluentValidation.Results.ValidationFailure(
            e == WrongPassword ? nameof(request.CurrentPassword) : nameof(request.NewPassword), e)));
    }

    /// <summary>The identity service's message for a wrong current password.</summary>
    public const string WrongPassword = "The current password is wrong.";
}
