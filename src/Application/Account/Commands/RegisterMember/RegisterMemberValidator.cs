using FluentValidation;
using Streaming.Domain.Common;
using Streaming.Domain.Users;

namespace Streaming.Application.Account.Commands.RegisterMember;

public class RegisterMemberValidator : AbstractValidator<RegisterMemberCommand>
{
    public RegisterMemberValidator()
    {
        // One message per field: the first rule that fails.
        RuleLevelCascadeMode = CascadeMode.Stop;
        RuleFor(c => c.DisplayName).NotEmpty().WithMessage("Enter your name.")
            .Must(n => PlainText.Problem(n) is null).WithMessage(c => $"Your name cannot contain {PlainText.Problem(c.DisplayName)}.")
            .MaximumLength(UserProfile.DisplayNameMaxLength);
        RuleFor(c => c.Email).NotEmpty().WithMessage("Enter your email address.")
            .EmailAddress().WithMessage("Enter a valid email address.")
            .MaximumLength(256);
        RuleFor(c => c.Password).NotEmpty().WithMessage("Choose a password.")
            .MinimumLength(8).WithMessage("The password must be at least 8 characters long.")
            .MaximumLength(128);
        RuleFor(c => c.ConfirmPassword).Equal(c => c.Password).WithMessage("The passwords do not match.");
    }
}
