using FluentValidation;

namespace Streaming.Application.Account.Commands.ConfirmExternalLink;

public class ConfirmExternalLinkValidator : AbstractValidator<ConfirmExternalLinkCommand>
{
    public ConfirmExternalLinkValidator()
    {
        RuleFor(c => c.Password).NotEmpty().WithMessage("Enter the password of your account.").MaximumLength(128);
    }
}
