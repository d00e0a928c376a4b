namespace Streaming.Application.Common.Options;

/// <summary>The "Payments" section: who takes the money for token packs (built-in ledger only).</summary>
public sealed class PaymentOptions
{
    public const string Section = "Payments";

    /// <summary>Where the browser lands after paying; {PURCHASE_ID} is replaced. App-relative paths use App:PublicBaseUrl.</summary>
    public const string DefaultSuccessUrl = "/tokens/buy/{PURCHASE_ID}/done";

    public const string DefaultCancelUrl = "/tokens/buy/{PURCHASE_ID}/cancelled";

    /// <summary>Demo, Stripe or None. Unset: Demo, except in Production, where it is None.</summary>
    public PaymentProviderKind? Provider { get; set; }

    public string SuccessUrl { get; set; } = DefaultSuccessUrl;

    public string CancelUrl { get; set; } = DefaultCancelUrl;

    /// <summary>A checkout still pending after this long is read back from the provider by the reconciliation job.</summary>
    public TimeSpan ReconcileAfter { get; set; } = TimeSpan.FromMinutes(10);
}

public enum PaymentProviderKind
{
    /// <summary>No web purchase: "Buy tokens" leads to Tokens:BuyTokensUrl, if any.</summary>
    None,

    /// <summary>A local confirmation page instead of a card form; refused in Production.</summary>
    Demo,

    Stripe,
}
