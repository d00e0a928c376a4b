using Streaming.Domain.Common;

namespace Streaming.Domain.Purchases;

/// <summary>
/// A number of tokens for a price, offered on /tokens/buy while active. A purchase copies what it
/// bought, so changing or disabling a pack never changes what someone already paid for; packs are
/// therefore never deleted, only disabled.
/// </summary>
public class TokenPack : BaseEntity
{
    public const int NameMaxLength = 60;
    public const int MaxTokens = 100_000;

    /// <summary>Stripe's largest amount for one charge (eight digits in minor units).</summary>
    public const long MaxPriceMinorUnits = 99_999_999;

    private TokenPack()
    {
    }

    public string Name { get; private set; } = default!;

    public int Tokens { get; private set; }

    public long PriceMinorUnits { get; private set; }

    public string Currency { get; private set; } = default!;

    public bool IsActive { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset UpdatedAt { get; private set; }

    public Money Price => new(PriceMinorUnits, Currency);

    public static TokenPack Create(string name, int tokens, Money price, DateTimeOffset now)
    {
        var pack = new TokenPack { IsActive = true, CreatedAt = now.ToUniversalTime() };
        pack.Change(name, tokens, price, now);
        return pack;
    }

    public void Change(string name, int tokens, Money price, DateTimeOffset now)
    {
        var trimmed = name?.Trim() ?? "";
        if (trimmed.Length == 0) throw new DomainException("Give the pack a name.");
        if (trimmed.Length > NameMaxLength) throw new DomainException($"The name must be at most {NameMaxLength} characters.");
        if (tokens is < 1 or > MaxTokens) throw new DomainException($"A pack holds between 1 and {MaxTokens:N0} tokens.");
        var currency = Currencies.Find(price.Currency) ?? throw new DomainException($"{price.Currency} is not a currency packs can be sold in.");
        if (price.MinorUnits < currency.MinimumMinorUnits)
            throw new DomainException($"The price must be at least {new Money(currency.MinimumMinorUnits, currency.Code)} (the smallest card payment in {currency.Code}).");
        if (price.MinorUnits > MaxPriceMinorUnits) throw new DomainException($"The price must be at most {new Money(MaxPriceMinorUnits, currency.Code)}.");

        Name = trimmed;
        Tokens = tokens;
        PriceMinorUnits = price.MinorUnits;
        Currency = currency.Code;
        UpdatedAt = now.ToUniversalTime();
    }

    public void Disable(DateTimeOffset now)
    {
        IsActive = false;
        UpdatedAt = now.ToUniversalTime();
    }

    public void Enable(DateTimeOffset now)
    {
        IsActive = true;
        UpdatedAt = now.ToUniversalTime();
    }
}
