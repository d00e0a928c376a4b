using FluentValidation;

namespace Streaming.Application.Streams.Commands.SetThumbnail;

/// <summary>A file must be there; what it holds is checked by reading it (<see cref="Common.Interfaces.IImageProcessor"/>) in the handler.</summary>
public class SetThumbnailValidator : AbstractValidator<SetThumbnailCommand>
{
    public SetThumbnailValidator()
    {
        RuleFor(c => c.Content).NotNull().WithMessage("Choose an image file to upload.").OverridePropertyName("Thumbnail");
    }
}
