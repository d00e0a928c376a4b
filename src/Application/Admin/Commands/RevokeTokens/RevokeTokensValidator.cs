using FluentValidation;
using Streaming.Domain.Tokens;

namespace Streaming.Application.Admin.Commands.RevokeTokens;

public class RevokeTokensValidator : AbstractValidator<RevokeTokensCommand>
{
    public RevokeTokensValidator()
    {
        RuleLevelCascadeMode = CascadeMode.Stop;
        RuleFor(c => c.Amount).InclusiveBetween(1, 100_000).WithMessage("Take back between 1 and 100,000 tokens.");
        RuleFor(c => c.Reason).NotEmpty().WithMessage("Say why (the member sees it in their history).")
            .MaximumLength(TokenTransaction.ReasonMaxLength);
        RuleFor(c => c.RequestId).NotEmpty().WithMessage("Reload the page and try again.");
    }
}
