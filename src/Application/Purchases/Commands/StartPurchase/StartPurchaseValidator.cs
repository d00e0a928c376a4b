using FluentValidation;

namespace Streaming.Application.Purchases.Commands.StartPurchase;

public class StartPurchaseValidator : AbstractValidator<StartPurchaseCommand>
{
    public StartPurchaseValidator()
    {
        RuleFor(c => c.PackId).NotEmpty().WithMessage("Choose one of the packs.");
        RuleFor(c => c.RequestId).NotEmpty().WithMessage("Reload the page and try again.");
    }
}
