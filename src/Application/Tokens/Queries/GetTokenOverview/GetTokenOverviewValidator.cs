using FluentValidation;

namespace Streaming.Application.Tokens.Queries.GetTokenOverview;

public class GetTokenOverviewValidator : AbstractValidator<GetTokenOverviewQuery>
{
    /// <summary>The most history lines one page asks the ledger for.</summary>
    public const int MaxTake = 1000;

    public GetTokenOverviewValidator()
    {
        RuleFor(q => q.Take).InclusiveBetween(1, MaxTake).WithMessage($"Show between 1 and {MaxTake} history lines.");
    }
}
