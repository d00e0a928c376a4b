using FluentValidation;

namespace Streaming.Application.Enrollments.Commands.BuyReplay;

public class BuyReplayValidator : AbstractValidator<BuyReplayCommand>
{
    public BuyReplayValidator()
    {
        RuleFor(c => c.ExpectedPrice).GreaterThanOrEqualTo(0).When(c => c.ExpectedPrice is not null)
            .WithMessage("The price on the button cannot be negative; reload the class page.");
    }
}
