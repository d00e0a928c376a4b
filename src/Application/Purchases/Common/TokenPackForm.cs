using FluentValidation;
using Streaming.Domain.Purchases;

namespace Streaming.Application.Purchases.Common;

/// <summary>The fields of the create and edit forms of a token pack, as the super admin types them.</summary>
public abstract class TokenPackForm
{
    public string Name { get; set; } = "";

    public int Tokens { get; set; }

    /// <summary>In the currency's units (9.99), not minor units.</summary>
    public decimal Price { get; set; }

    public string Currency { get; set; } = "EUR";
}

public abstract class TokenPackFormValidator<T> : AbstractValidator<T>
    where T : TokenPackForm
{
    protected TokenPackFormValidator()
    {
        RuleLevelCascadeMode = CascadeMode.Stop;
        RuleFor(c => c.Name).NotEmpty().WithMessage("Give the pack a name.")
            .MaximumLength(TokenPack.NameMaxLength).WithMessage($"At most {TokenPack.NameMaxLength} characters.");
        RuleFor(c => c.Tokens).InclusiveBetween(1, TokenPack.MaxTokens).WithMessage($"Between 1 and {TokenPack.MaxTokens:N0} tokens.");
        RuleFor(c => c.Currency).Must(c => Currencies.Find(c) is not null)
            .WithMessage($"Choose one of: {string.Join(", ", Currencies.All.Select(c => c.Code))}.");
        RuleFor(c => c.Price).GreaterThan(0).WithMessage("Enter the price.");
    }
}
