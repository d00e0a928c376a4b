using FluentValidation;
using Streaming.Domain.Recordings;

namespace Streaming.Application.Recordings.Commands.RecordEgress;

/// <summary>
/// What the edge read from the webhook. A file the meeting refuses (no duration, a location that is
/// not a key or URL) is not a validation error: the domain refuses it and the webhook is
/// acknowledged as ignored, so LiveKit does not retry it for ever.
/// </summary>
public class RecordEgressValidator : AbstractValidator<RecordEgressCommand>
{
    public RecordEgressValidator()
    {
        RuleFor(c => c.EgressId).NotEmpty().MaximumLength(Recording.EgressIdMaxLength).WithMessage($"An egress id has 1 to {Recording.EgressIdMaxLength} characters.");
        RuleFor(c => c.Location).NotEmpty().WithMessage("The egress names no file.");
    }
}
