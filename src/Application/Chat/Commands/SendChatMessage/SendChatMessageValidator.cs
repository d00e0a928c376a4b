using FluentValidation;
using Streaming.Domain.Chat;

namespace Streaming.Application.Chat.Commands.SendChatMessage;

/// <summary>
/// The text as the chat keeps it (<see cref="ChatText.Clean"/>), with the words the chat's own
/// refusals use (<see cref="ChatMessage.Write"/>), so the box says the same whichever check stops it.
/// </summary>
public class SendChatMessageValidator : AbstractValidator<SendChatMessageCommand>
{
    public SendChatMessageValidator()
    {
        RuleFor(c => c.Text).Cascade(CascadeMode.Stop)
            .Must(text => ChatText.Clean(text).Length > 0).WithMessage("Type a message first.")
            .Must(text => ChatText.Clean(text).Length <= ChatMessage.MaxLength)
            .WithMessage(c => $"A message can be at most {ChatMessage.MaxLength} characters (this one has {ChatText.Clean(c.Text).Length}).");
    }
}
