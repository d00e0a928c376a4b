using System.Globalization;
using Streaming.Domain.Common;

namespace Streaming.Domain.Purchases;

/// <summary>
/// An amount of real money in the currency's smallest unit (cents; yen), as payment providers
/// count it, so no rounding ever happens between what a pack costs and what is charged.
/// </summary>
public readonly record struct Money(long MinorUnits, string Currency)
{
    /// <summary>
    /// "9.99" in EUR → 999 minor units. Refuses more decimals than the currency has, unknown
    /// currencies and negative amounts.
    /// </summary>
    public static Money FromDecimal(decimal amount, string currency)
    {
        var info = Currencies.Find(currency) ?? throw new DomainException($"{currency} is not a currency packs can be sold in.");
        if (amount < 0) throw new DomainException("A price cannot be negative.");
        var scaled = amount * Currencies.Factor(info);
        if (scaled != decimal.Truncate(scaled))
            throw new DomainException(info.Decimals == 0
                ? $"{info.Code} has no decimals: enter a whole amount."
                : $"{info.Code} has {info.Decimals} decimals at most.");
        if (scaled > long.MaxValue) throw new DomainException("That price is too large.");
        return new Money((long)scaled, info.Code);
    }

    public decimal ToDecimal() => Currencies.Find(Currency) is { } info ? MinorUnits / (decimal)Currencies.Factor(info) : MinorUnits;

    /// <summary>"€9.99", "CHF 12.00", "¥500".</summary>
    public override string ToString()
    {
        var info = Currencies.Find(Currency);
        var number = ToDecimal().ToString(info is null ? "0" : "N" + info.Decimals, CultureInfo.InvariantCulture);
        return info?.Symbol is { } symbol ? symbol + number : $"{Currency} {number}";
    }
}

/// <summary>One currency packs can be priced in: its ISO code, decimals and the smallest charge card networks accept.</summary>
public sealed record CurrencyInfo(string Code, int Decimals, long MinimumMinorUnits, string? Symbol);

/// <summary>
/// The currencies a super admin can price packs in. The minimums are Stripe's smallest charge
/// per currency (below them Checkout refuses the session), so a pack can always be bought.
/// </summary>
public static class Currencies
{
    public static readonly IReadOnlyList<CurrencyInfo> All =
    [
        new("EUR", 2, 50, "€"),
        new("USD", 2, 50, "$"),
        new("GBP", 2, 30, "£"),
        new("CHF", 2, 50, null),
        new("CAD", 2, 50, null),
        new("AUD", 2, 50, null),
        new("NZD", 2, 50, null),
        new("SEK", 2, 300, null),
        new("NOK", 2, 300, null),
        new("DKK", 2, 250, null),
        new("PLN", 2, 200, null),
        new("CZK", 2, 1500, null),
        new("JPY", 0, 50, "¥"),
    ];

    public static CurrencyInfo? Find(string? code) =>
        All.FirstOrDefault(c => string.Equals(c.Code, code?.Trim(), StringComparison.OrdinalIgnoreCase));

    internal static long Factor(CurrencyInfo info) => info.Decimals == 0 ? 1 : (long)Math.Pow(10, info.Decimals);
}
