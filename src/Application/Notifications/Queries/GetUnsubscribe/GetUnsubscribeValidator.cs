using FluentValidation;
using Streaming.Application.Notifications.Common;

namespace Streaming.Application.Notifications.Queries.GetUnsubscribe;

public class GetUnsubscribeValidator : AbstractValidator<GetUnsubscribeQuery>
{
    public GetUnsubscribeValidator()
    {
        RuleFor(q => q.Token).UnsubscribeToken();
    }
}
