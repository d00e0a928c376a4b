using FluentValidation;
using Streaming.Domain.Recordings;

namespace Streaming.Application.Recordings.Commands.ShareRecording;

public class ShareRecordingValidator : AbstractValidator<ShareRecordingCommand>
{
    public ShareRecordingValidator()
    {
        RuleFor(c => c.ExpiresInDays).InclusiveBetween(1, (int)RecordingShare.MaxLifetime.TotalDays)
            .WithMessage($"A link lasts from 1 to {RecordingShare.MaxLifetime.TotalDays:0} days, or until you turn it off.");
    }
}
