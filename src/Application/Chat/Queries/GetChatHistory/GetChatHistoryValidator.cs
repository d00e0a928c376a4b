using FluentValidation;

namespace Streaming.Application.Chat.Queries.GetChatHistory;

/// <summary>Messages are numbered from 1 in each class: the page asks for those before one it shows.</summary>
public class GetChatHistoryValidator : AbstractValidator<GetChatHistoryQuery>
{
    public GetChatHistoryValidator()
    {
        RuleFor(q => q.BeforeNumber).GreaterThan(0).WithMessage("Ask for the messages before a message number (1 or more).");
    }
}
