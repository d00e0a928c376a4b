using FluentValidation;
using Streaming.Application.Common.Validation;

namespace Streaming.Application.Streams.Queries.GetCatalog;

/// <summary>
/// The catalog is reached by shared and hand-edited links, so everything that has a sensible reading
/// keeps it: a page out of range is brought back in, dates that match nothing show nothing, and
/// search text is cleaned and cut (<see cref="Common.Models.SearchText"/>). Refused is only what
/// names nothing the catalog offers.
/// </summary>
public class GetCatalogValidator : AbstractValidator<GetCatalogQuery>
{
    public GetCatalogValidator()
    {
        RuleFor(q => q.Price).IsInEnum().WithMessage("Pick a price from the list.");
        RuleFor(q => q.Instructor).InstructorFilter();
        RuleFor(q => q.TimeZone).KnownTimeZone();
    }
}
