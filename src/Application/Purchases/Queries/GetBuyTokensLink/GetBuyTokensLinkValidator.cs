using FluentValidation;

namespace Streaming.Application.Purchases.Queries.GetBuyTokensLink;

/// <summary>
/// Asked by pages for the price they show, not typed by a person. The return URL is not checked
/// here: one that is too long or leaves the app is dropped when the link is made, and the link still shows.
/// </summary>
public class GetBuyTokensLinkValidator : AbstractValidator<GetBuyTokensLinkQuery>
{
    public GetBuyTokensLinkValidator()
    {
        RuleFor(q => q.Price).GreaterThanOrEqualTo(0).WithMessage("A price cannot be negative.");
    }
}
