using FluentValidation;
using Streaming.Application.Common.Validation;

namespace Streaming.Application.Analytics.Queries.GetAnalyticsOverview;

/// <summary>
/// The page number is brought into range by the handler and an unknown period means "all" (a shared
/// link with ?page=0 or ?period=year still shows the page), so only what has no such reading is checked.
/// </summary>
public class GetAnalyticsOverviewValidator : AbstractValidator<GetAnalyticsOverviewQuery>
{
    public const int PeriodMaxLength = 20;

    public GetAnalyticsOverviewValidator()
    {
        RuleFor(q => q.TimeZone).KnownTimeZone();
        RuleFor(q => q.Period).MaximumLength(PeriodMaxLength).WithMessage("Pick a period from the list.");
    }
}
