using FluentValidation;

namespace Streaming.Application.Account.Commands.SetPassword;

public class SetPasswordValidator : AbstractValidator<SetPasswordCommand>
{
    public SetPasswordValidator()
    {
        RuleLevelCascadeMode = CascadeMode.Stop;
        RuleFor(c => c.NewPassword).NotEmpty().WithMessage("Choose a password.")
            .MinimumLength(8).WithMessage("The password must be at least 8 characters long.")
            .MaximumLength(128);
        RuleFor(c => c.ConfirmNewPassword).Equal(c => c.NewPassword).WithMessage("The passwords do not match.");
    }
}
