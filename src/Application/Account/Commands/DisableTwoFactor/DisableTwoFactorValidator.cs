using FluentValidation;

namespace Streaming.Application.Account.Commands.DisableTwoFactor;

public class DisableTwoFactorValidator : AbstractValidator<DisableTwoFactorCommand>
{
    public DisableTwoFactorValidator()
    {
        RuleFor(c => c.Password).NotEmpty().WithMessage("Enter your password to turn off two-factor sign-in.").MaximumLength(128);
    }
}
