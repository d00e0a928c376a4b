using FluentValidation;

namespace Streaming.Application.Account.Commands.EnableTwoFactor;

public class EnableTwoFactorValidator : AbstractValidator<EnableTwoFactorCommand>
{
    public EnableTwoFactorValidator()
    {
        RuleFor(c => c.Code).Must(c => c.Replace(" ", "", StringComparison.Ordinal) is { Length: 6 } digits && digits.All(char.IsAsciiDigit))
            .WithMessage("Enter the 6-digit code your authenticator app shows.");
    }
}
