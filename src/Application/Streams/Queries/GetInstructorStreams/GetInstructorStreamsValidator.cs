using FluentValidation;

namespace Streaming.Application.Streams.Queries.GetInstructorStreams;

/// <summary>
/// A page out of range is brought back in and an over-long search is cut (<see cref="Common.Models.SearchText"/>),
/// so the dashboard's links keep working; refused is only a status or order that does not exist.
/// </summary>
public class GetInstructorStreamsValidator : AbstractValidator<GetInstructorStreamsQuery>
{
    public GetInstructorStreamsValidator()
    {
        RuleFor(q => q.Status).IsInEnum().WithMessage("Pick a status from the list.");
        RuleFor(q => q.Sort).IsInEnum().WithMessage("Pick an order from the list.");
    }
}
