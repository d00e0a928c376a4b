using FluentValidation;
using Streaming.Application.Common.Validation;
using Streaming.Domain.Streams;

namespace Streaming.Application.Workouts.Queries.GetWorkouts;

/// <summary>
/// A page out of range is brought back in and search text is cleaned and cut (<see cref="Common.Models.SearchText"/>);
/// refused is only a filter no workout can match.
/// </summary>
public class GetWorkoutsValidator : AbstractValidator<GetWorkoutsQuery>
{
    public GetWorkoutsValidator()
    {
        RuleFor(q => q.Instructor).InstructorFilter();
        RuleFor(q => q.Category).MaximumLength(LiveStream.CategoryMaxLength).WithMessage("Pick a category from the list.");
        RuleFor(q => q.Length).IsInEnum().WithMessage("Pick a length from the list.");
    }
}
