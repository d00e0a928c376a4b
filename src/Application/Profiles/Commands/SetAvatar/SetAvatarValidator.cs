using FluentValidation;

namespace Streaming.Application.Profiles.Commands.SetAvatar;

/// <summary>A file must be there; what it holds is checked by reading it (<see cref="Common.Interfaces.IImageProcessor"/>) in the handler.</summary>
public class SetAvatarValidator : AbstractValidator<SetAvatarCommand>
{
    public SetAvatarValidator()
    {
        RuleFor(c => c.Content).NotNull().WithMessage("Choose an image to upload.").OverridePropertyName(SetAvatarHandler.Field);
    }
}
