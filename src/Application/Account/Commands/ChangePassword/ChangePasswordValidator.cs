using FluentValidation;

namespace Streaming.Application.Account.Commands.ChangePassword;

public class ChangePasswordValidator : AbstractValidator<ChangePasswordCommand>
{
    public ChangePasswordValidator()
    {
        RuleLevelCascadeMode = CascadeMode.Stop;
        RuleFor(c => c.CurrentPassword).NotEmpty().WithMessage("Enter your current password.");
        RuleFor(c => c.NewPassword).NotEmpty().WithMessage("Choose a new password.")
            .MinimumLength(8).WithMessage("The password must be at least 8 characters long.")
            .MaximumLength(128)
            .NotEqual(c => c.CurrentPassword).WithMessage("The new password must differ from the current one.");
        RuleFor(c => c.ConfirmNewPassword).Equal(c => c.NewPassword).WithMessage("The passwords do not match.");
    }
}
