using FluentValidation;
using Streaming.Application.Common.Validation;

namespace Streaming.Application.Analytics.Queries.GetStreamAnalytics;

public class GetStreamAnalyticsValidator : AbstractValidator<GetStreamAnalyticsQuery>
{
    public GetStreamAnalyticsValidator()
    {
        RuleFor(q => q.TimeZone).KnownTimeZone();
    }
}
