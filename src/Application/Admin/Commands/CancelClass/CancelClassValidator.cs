using FluentValidation;
using Streaming.Domain.Streams;

namespace Streaming.Application.Admin.Commands.CancelClass;

public class CancelClassValidator : AbstractValidator<CancelClassCommand>
{
    public CancelClassValidator()
    {
        RuleFor(c => c.Reason).NotEmpty().WithMessage("Say why (it stays with the class).")
            .MaximumLength(LiveStream.CancellationReasonMaxLength).WithMessage($"Keep the reason under {LiveStream.CancellationReasonMaxLength} characters.");
    }
}
