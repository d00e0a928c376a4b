namespace Streaming.Infrastructure.Payments.Stripe;

/// <summary>The "Payments:Stripe" section (used with Payments:Provider=Stripe).</summary>
public sealed class StripeOptions
{
    public const string Section = "Payments:Stripe";

    /// <summary>The secret API key (sk_live_…, sk_test_… or a restricted rk_… key with Checkout Sessions and Refunds write access).</summary>
    public string? SecretKey { get; set; }

    /// <summary>The signing secret (whsec_…) of the webhook endpoint configured in Stripe's dashboard.</summary>
    public string? WebhookSecret { get; set; }

    /// <summary>Stripe's API (the tests point it at a local stand-in).</summary>
    public string ApiBase { get; set; } = "https://api.stripe.com";

    /// <summary>How far a webhook's signed timestamp may be from now (Stripe's own libraries use 5 minutes).</summary>
    public TimeSpan WebhookTolerance { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Per attempt.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>Stripe.net's own retries for network errors, 409 and 5xx (each with the same idempotency key).</summary>
    public int MaxNetworkRetries { get; set; } = 2;
}
