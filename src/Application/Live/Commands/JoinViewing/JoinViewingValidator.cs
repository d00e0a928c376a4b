using FluentValidation;

namespace Streaming.Application.Live.Commands.JoinViewing;

public class JoinViewingValidator : AbstractValidator<JoinViewingCommand>
{
    public JoinViewingValidator()
    {
        RuleFor(c => c.Mode).IsInEnum().WithMessage("The viewing mode must be Live or Replay.");
    }
}
