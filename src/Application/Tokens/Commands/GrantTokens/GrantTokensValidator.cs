using FluentValidation;
using Streaming.Domain.Tokens;

namespace Streaming.Application.Tokens.Commands.GrantTokens;

public class GrantTokensValidator : AbstractValidator<GrantTokensCommand>
{
    public GrantTokensValidator()
    {
        // One message per field: the first rule that fails.
        RuleLevelCascadeMode = CascadeMode.Stop;
        RuleFor(c => c.Email).NotEmpty().WithMessage("Enter the member's email address.").EmailAddress().WithMessage("Enter a valid email address.");
        RuleFor(c => c.Amount).InclusiveBetween(1, 100_000).WithMessage("Grant between 1 and 100,000 tokens.");
        RuleFor(c => c.Reason).NotEmpty().WithMessage("Say why (the member sees it in their history).")
            .MaximumLength(TokenTransaction.ReasonMaxLength);
        RuleFor(c => c.RequestId).NotEmpty().WithMessage("Reload the form and try again.");
    }
}
