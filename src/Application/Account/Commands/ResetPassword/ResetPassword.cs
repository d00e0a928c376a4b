using FluentValidation;
using MediatR;
using Streaming.Application.Common.Interfaces;
using Streaming.Domain.Common;
using ValidationException = Streaming.Application.Common.Exceptions.ValidationException;
using Streaming.Application.Common.Security;

namespace Streaming.Application.Account.Commands.ResetPassword;

/// <summary>
/// The form behind the reset link: a new password for the account, if the link's code is valid,
/// unused and not expired. The code works once (the password change renews the account's security
/// stamp, which every such code names), and every other session of the account ends.
/// </summary>
[AllowAnonymous("The emailed reset code is the proof; the handler checks it.")]
public class ResetPasswordCommand : IRequest<Unit>
{
    public string UserId { get; set; } = "";

    public string Code { get; set; } = "";

    public string Password { get; set; } = "";

    public string ConfirmPassword { get; set; } = "";
}

public class ResetPasswordValidator : AbstractValidator<ResetPasswordCommand>
{
    public ResetPasswordValidator()
    {
        RuleLevelCascadeMode = CascadeMode.Stop;
        RuleFor(c => c.Password).NotEmpty().WithMessage("Choose a password.")
            .MinimumLength(8).WithMessage("The password must be at least 8 characters long.")
            .MaximumLength(128);
        RuleFor(c => c.ConfirmPassword).Equal(c => c.Password).WithMessage("The passwords do not match.");
    }
}

public class ResetPasswordHandler(IAccountEmailService accounts) : IRequestHandler<ResetPasswordCommand, Unit>
{
    public async Task<Unit> Handle(ResetPasswordCommand request, CancellationToken cancellationToken)
    {
        var errors = await accounts.ResetPasswordAsync(request.UserId, request.Code, request.Password);
        if (errors.Count == 0) return Unit.Value;
        if (errors.Contains(AccountEmailMessages.InvalidLink)) throw new DomainException(AccountEmailMessages.InvalidLink);
        throw new ValidationException(errors.Select(e => new FluentValidation.Results.ValidationFailure(nameof(request.Password), e)));
    }
}
