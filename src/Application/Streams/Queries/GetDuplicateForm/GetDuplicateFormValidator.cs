using FluentValidation;
using Streaming.Application.Common.Validation;

namespace Streaming.Application.Streams.Queries.GetDuplicateForm;

public class GetDuplicateFormValidator : AbstractValidator<GetDuplicateFormQuery>
{
    public GetDuplicateFormValidator()
    {
        RuleFor(q => q.TimeZone).KnownTimeZone();
    }
}
