using FluentValidation;
using Streaming.Domain.Chat;

namespace Streaming.Application.Chat.Commands.SetChatSlowMode;

/// <summary>The same bounds and words as <see cref="ChatRoom.SetSlowMode"/>.</summary>
public class SetChatSlowModeValidator : AbstractValidator<SetChatSlowModeCommand>
{
    public SetChatSlowModeValidator()
    {
        RuleFor(c => c.Seconds).InclusiveBetween(0, ChatRoom.MaxSlowModeSeconds)
            .WithMessage($"Slow mode is between 0 (off) and {ChatRoom.MaxSlowModeSeconds} seconds.");
    }
}
