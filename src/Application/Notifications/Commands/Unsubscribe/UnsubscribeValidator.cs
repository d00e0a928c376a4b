using FluentValidation;
using Streaming.Application.Notifications.Common;

namespace Streaming.Application.Notifications.Commands.Unsubscribe;

public class UnsubscribeValidator : AbstractValidator<UnsubscribeCommand>
{
    public UnsubscribeValidator()
    {
        RuleFor(c => c.Token).UnsubscribeToken();
    }
}
