using FluentValidation;

namespace Streaming.Application.Account.Commands.DeleteAccount;

public class DeleteAccountValidator : AbstractValidator<DeleteAccountCommand>
{
    public DeleteAccountValidator()
    {
        RuleFor(c => c.Password).NotEmpty().WithMessage("Enter your password.");
        RuleFor(c => c.Confirmation).Must(c => c?.Trim() == "DELETE").WithMessage("Type DELETE to confirm.");
    }
}
