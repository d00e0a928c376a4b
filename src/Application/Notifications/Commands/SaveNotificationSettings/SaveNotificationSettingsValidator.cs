using FluentValidation;

namespace Streaming.Application.Notifications.Commands.SaveNotificationSettings;

public class SaveNotificationSettingsValidator : AbstractValidator<SaveNotificationSettingsCommand>
{
    public SaveNotificationSettingsValidator()
    {
        RuleFor(c => c.Wanted).NotNull();
        RuleForEach(c => c.Wanted).IsInEnum().WithMessage("That is not a kind of email we send.");
    }
}
