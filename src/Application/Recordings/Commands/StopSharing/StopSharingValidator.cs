using FluentValidation;
using Streaming.Application.Recordings.Common;

namespace Streaming.Application.Recordings.Commands.StopSharing;

public class StopSharingValidator : AbstractValidator<StopSharingCommand>
{
    public StopSharingValidator() =>
        RuleFor(c => c.Type).MustBeRecordingType();
}
