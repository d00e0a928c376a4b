using FluentValidation;
using Streaming.Application.Profiles.Common;
using Streaming.Domain.Common;
using Streaming.Domain.Users;

namespace Streaming.Application.Profiles.Commands.UpdateProfile;

public class UpdateProfileValidator : AbstractValidator<UpdateProfileCommand>
{
    public UpdateProfileValidator()
    {
        RuleLevelCascadeMode = CascadeMode.Stop;
        RuleFor(c => c.DisplayName).Must(n => !string.IsNullOrWhiteSpace(n)).WithMessage("Enter your name.")
            .Must(n => n!.Trim().Length <= UserProfile.DisplayNameMaxLength)
            .WithMessage($"Your name can be at most {UserProfile.DisplayNameMaxLength} characters long.");
        RuleFor(c => c.TimeZone).Must(z => string.IsNullOrWhiteSpace(z) || TimeZones.Find(z) is not null)
            .WithMessage("That is not a time zone we know. Pick one from the list.");
        RuleFor(c => c.Bio).Must(b => b is null || b.Trim().Length <= UserProfile.BioMaxLength)
            .WithMessage($"Your bio can be at most {UserProfile.BioMaxLength} characters long.")
            .Must(b => PlainText.Problem(b, multiline: true) is null)
            .WithMessage(c => $"Your bio cannot contain {PlainText.Problem(c.Bio, multiline: true)}.");
    }
}
