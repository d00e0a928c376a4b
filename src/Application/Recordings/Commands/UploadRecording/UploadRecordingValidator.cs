using FluentValidation;
using Microsoft.Extensions.Options;
using Streaming.Application.Recordings.Common;
using Streaming.Domain.Recordings;

namespace Streaming.Application.Recordings.Commands.UploadRecording;

/// <summary>The upload form's fields; the file's size and content are checked as it is read (the handler).</summary>
public class UploadRecordingValidator : AbstractValidator<UploadRecordingCommand>
{
    public UploadRecordingValidator(IOptions<RecordingsOptions> options)
    {
        var products = options.Value.VisibleProducts;
        RuleFor(c => c.RecordingType).NotNull().OverridePropertyName(nameof(UploadRecordingCommand.Type))
            .WithMessage("Choose a meeting or a voice call.");
        RuleFor(c => c.Product).Must(p => products.Any(v => string.Equals(v, p?.Trim(), StringComparison.OrdinalIgnoreCase)))
            .WithMessage($"Choose one of: {string.Join(", ", products)}.");
        RuleFor(c => c.Title).NotEmpty()
            .WithMessage(c => c.RecordingType == Domain.Recordings.RecordingType.Voice ? "Say who was on the call." : "Give the meeting a name.");
        RuleFor(c => c.Title).Must((c, title) => title!.Trim().Length <= Recording.SubjectMaxLengthOf(c.RecordingType!.Value))
            .When(c => c.RecordingType is not null && !string.IsNullOrWhiteSpace(c.Title))
            .WithMessage(c => c.RecordingType == Domain.Recordings.RecordingType.Voice
                ? $"The participants are at most {Recording.ParticipantsMaxLength} characters."
                : $"A meeting name is at most {Recording.NameMaxLength} characters.");
        RuleFor(c => c.Content).Must((c, content) => content is not null && UploadRecordingCommand.Extensions.Contains(c.Extension))
            .OverridePropertyName("File")
            .WithMessage($"Choose an audio or video file ({string.Join(", ", UploadRecordingCommand.Extensions)}).");
    }
}
