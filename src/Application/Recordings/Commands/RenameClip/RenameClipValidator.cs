using FluentValidation;
using Streaming.Domain.Recordings;

namespace Streaming.Application.Recordings.Commands.RenameClip;

public class RenameClipValidator : AbstractValidator<RenameClipCommand>
{
    public RenameClipValidator() =>
        RuleFor(c => c.Name).MaximumLength(RecordingClip.NameMaxLength)
            .WithMessage($"A clip's name is at most {RecordingClip.NameMaxLength} characters.");
}
