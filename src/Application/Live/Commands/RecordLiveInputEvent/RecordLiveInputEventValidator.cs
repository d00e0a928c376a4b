using FluentValidation;
using Streaming.Domain.Streams;

namespace Streaming.Application.Live.Commands.RecordLiveInputEvent;

/// <summary>
/// The event as the edge read it (<see cref="Common.Interfaces.IWebhookReader{TEvent}"/> refuses a body without
/// an input or an event type before this is sent): a guard for any other sender, not a second parser.
/// </summary>
public class RecordLiveInputEventValidator : AbstractValidator<RecordLiveInputEventCommand>
{
    public RecordLiveInputEventValidator()
    {
        RuleFor(c => c.Notification).NotNull().WithMessage("The event is missing.");
        When(c => c.Notification is not null, () =>
        {
            RuleFor(c => c.Notification.Provider).IsInEnum().WithMessage("Unknown streaming provider.");
            RuleFor(c => c.Notification.InputId).Must(id => id is { Length: > 0 and <= StreamInput.InputIdMaxLength })
                .WithMessage($"A live input id is 1 to {StreamInput.InputIdMaxLength} characters.");
            RuleFor(c => c.Notification.Event).IsInEnum().WithMessage("Unknown live input event.");
        });
    }
}
