using Microsoft.Extensions.Options;
using Streaming.Application.Common.Interfaces;
using Streaming.Application.Common.Options;
using Streaming.Domain.Purchases;

namespace Streaming.Application.Purchases.Common;

/// <summary>
/// Whether tokens are sold here: only into the built-in ledger (the external token backend sells
/// its own, in the iOS app), and only with a payment provider configured.
/// </summary>
public sealed class WebPurchases(ITokenLedger ledger, IOptions<PaymentOptions> payments, IOptions<TokenOptions> tokens)
{
    public const string BuyPage = "/tokens/buy";

    public bool Enabled => ledger.IsBuiltIn && payments.Value.Provider is PaymentProviderKind.Demo or PaymentProviderKind.Stripe;

    public bool IsDemo => Enabled && payments.Value.Provider == PaymentProviderKind.Demo;

    /// <summary>Where "Buy tokens" goes when tokens are not sold here (the iOS app), if configured.</summary>
    public string? ExternalUrl => tokens.Value.BuyTokensUrl is { Length: > 0 } url ? url : null;

    /// <summary>
    /// "Buy tokens": the web purchase carrying the shortfall and the page to come back to, else the
    /// configured purchase URL (which cannot bring the member back), else none.
    /// </summary>
    public BuyTokensLinkDto Link(int shortfall, string? returnUrl)
    {
        if (!Enabled) return new BuyTokensLinkDto(ExternalUrl, shortfall, External: true);
        var query = new List<string>();
        if (shortfall > 0) query.Add($"need={shortfall}");
        if (returnUrl is { Length: <= TokenPurchase.ReturnUrlMaxLength } url && TokenPurchase.IsAppRelative(url))
            query.Add($"returnUrl={Uri.EscapeDataString(url)}");
        return new BuyTokensLinkDto(query.Count == 0 ? BuyPage : $"{BuyPage}?{string.Join('&', query)}", shortfall, External: false);
    }
}

/// <param name="Url">Null: nowhere to buy tokens (or none needed).</param>
/// <param name="Shortfall">Tokens missing for what the member wants (0 for a plain link).</param>
/// <param name="External">The link leaves the site (the app where the external token backend sells tokens).</param>
public record BuyTokensLinkDto(string? Url, int Shortfall, bool External);
