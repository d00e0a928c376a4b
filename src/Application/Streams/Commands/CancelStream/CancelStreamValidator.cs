using FluentValidation;
using Streaming.Domain.Streams;

namespace Streaming.Application.Streams.Commands.CancelStream;

public class CancelStreamValidator : AbstractValidator<CancelStreamCommand>
{
    public CancelStreamValidator()
    {
        RuleFor(c => c.Reason).MaximumLength(LiveStream.CancellationReasonMaxLength)
            .WithMessage($"Keep the reason under {LiveStream.CancellationReasonMaxLength} characters.");
    }
}
