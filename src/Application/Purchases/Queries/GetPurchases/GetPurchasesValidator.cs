using FluentValidation;
using Streaming.Application.Admin.Queries.GetClasses;

namespace Streaming.Application.Purchases.Queries.GetPurchases;

/// <summary>The filters' shape only, like the moderation list's: a page number out of range is brought back in by the handler.</summary>
public class GetPurchasesValidator : AbstractValidator<GetPurchasesQuery>
{
    /// <summary>The values of <see cref="GetPurchasesQuery.Show"/> the page offers.</summary>
    public static readonly IReadOnlyList<string> Shows = ["all", "paid", "refunded", "not-recovered", "pending"];

    public GetPurchasesValidator()
    {
        RuleFor(q => q.Show).Must(show => string.IsNullOrEmpty(show) || Shows.Contains(show))
            .WithMessage($"Show one of: {string.Join(", ", Shows)}.");
        RuleFor(q => q.Search).MaximumLength(GetClassesValidator.FilterMaxLength)
            .WithMessage($"Search members with at most {GetClassesValidator.FilterMaxLength} characters.");
    }
}
