using FluentValidation;
using Streaming.Domain.Recordings;

namespace Streaming.Application.Recordings.Commands.CreateClip;

public class CreateClipValidator : AbstractValidator<CreateClipCommand>
{
    public CreateClipValidator()
    {
        RuleFor(c => c.Start).Custom((text, context) => ClipTimes.Check(text, "start", context));
        RuleFor(c => c.End).Custom((text, context) => ClipTimes.Check(text, "end", context));
        RuleFor(c => c.Name).MaximumLength(RecordingClip.NameMaxLength)
            .WithMessage($"A clip's name is at most {RecordingClip.NameMaxLength} characters.");
    }
}

/// <summary>The form's message for a time <see cref="ClipTime"/> cannot read, naming the field.</summary>
internal static class ClipTimes
{
    public static void Check<T>(string? text, string field, ValidationContext<T> context)
    {
        if (string.IsNullOrWhiteSpace(text)) context.AddFailure($"Enter the {field}, e.g. 1:05.");
        else if (!ClipTime.TryParse(text, out _, out var error)) context.AddFailure($"The {field}: {error}");
    }
}
