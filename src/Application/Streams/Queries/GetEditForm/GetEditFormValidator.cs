using FluentValidation;
using Streaming.Application.Common.Validation;

namespace Streaming.Application.Streams.Queries.GetEditForm;

public class GetEditFormValidator : AbstractValidator<GetEditFormQuery>
{
    public GetEditFormValidator()
    {
        RuleFor(q => q.TimeZone).KnownTimeZone();
    }
}
