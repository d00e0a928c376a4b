using FluentValidation;

namespace Streaming.Application.Purchases.Commands.HandlePaymentEvent;

/// <summary>
/// What can be told without the signing secret: a call without a signature or a body is refused
/// before anything is read. The provider sees these as the same 400 problem as a bad signature.
/// </summary>
public class HandlePaymentEventValidator : AbstractValidator<HandlePaymentEventCommand>
{
    public HandlePaymentEventValidator()
    {
        RuleFor(c => c.Signature).NotEmpty().WithMessage("The Stripe-Signature header is missing.");
        RuleFor(c => c.Body).NotEmpty().WithMessage("The body is empty: it is not a payment event.");
    }
}
