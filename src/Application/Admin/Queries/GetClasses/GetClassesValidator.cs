using FluentValidation;

namespace Streaming.Application.Admin.Queries.GetClasses;

/// <summary>The filters' shape only: a page number out of range is brought back in by the handler, not refused.</summary>
public class GetClassesValidator : AbstractValidator<GetClassesQuery>
{
    public const int FilterMaxLength = 200;

    public GetClassesValidator()
    {
        RuleFor(q => q.Status).IsInEnum().WithMessage("Pick a status from the list.");
        RuleFor(q => q.Instructor).MaximumLength(FilterMaxLength).WithMessage($"Search instructors with at most {FilterMaxLength} characters.");
        RuleFor(q => q.Search).MaximumLength(FilterMaxLength).WithMessage($"Search titles with at most {FilterMaxLength} characters.");
    }
}
