using FluentValidation;
using Streaming.Application.Admin.Queries.GetClasses;

namespace Streaming.Application.Admin.Queries.GetUsers;

/// <summary>The search's length only, like the moderation list's filters: a page number out of range is brought back in by the handler.</summary>
public class GetUsersValidator : AbstractValidator<GetUsersQuery>
{
    public GetUsersValidator()
    {
        RuleFor(q => q.Search).MaximumLength(GetClassesValidator.FilterMaxLength)
            .WithMessage($"Search names and emails with at most {GetClassesValidator.FilterMaxLength} characters.");
    }
}
