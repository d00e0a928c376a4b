using Streaming.Domain.Purchases;

namespace Streaming.Application.Common.Interfaces;

/// <summary>
/// Takes real money for token packs: Stripe Checkout in production, a local demo checkout for the
/// default run. A checkout is started with an idempotency key, so asking twice opens one checkout;
/// what was paid, refunded or disputed is always read back from the provider, never taken from the browser.
/// </summary>
public interface IPaymentProvider
{
    /// <summary>Stripe or Demo; stored on each purchase.</summary>
    string Name { get; }

    /// <summary>Opens a hosted checkout page for one payment. Throws <see cref="PaymentProviderException"/>.</summary>
    Task<CheckoutSession> StartCheckoutAsync(CheckoutRequest request, CancellationToken cancellationToken);

    /// <summary>What the provider knows about a checkout now. Throws <see cref="PaymentProviderException"/>.</summary>
    Task<CheckoutState> GetCheckoutAsync(string sessionId, CancellationToken cancellationToken);

    /// <summary>Gives money back for a payment. Throws <see cref="PaymentProviderException"/>.</summary>
    Task<PaymentRefund> RefundAsync(PaymentRefundRequest request, CancellationToken cancellationToken);
}

/// <param name="SuccessUrl">Absolute: where the browser goes after paying.</param>
/// <param name="CancelUrl">Absolute: where "back" on the checkout page goes.</param>
public sealed record CheckoutRequest(
    Guid PurchaseId, string Description, Money Amount, string? CustomerEmail, string SuccessUrl, string CancelUrl, string IdempotencyKey);

/// <param name="RedirectUrl">The provider's checkout page to send the browser to.</param>
public sealed record CheckoutSession(string SessionId, string RedirectUrl);

public enum CheckoutStatus
{
    Open,
    Paid,
    Expired,
}

/// <param name="PaymentReference">The provider's payment (Stripe: the PaymentIntent), once there is one.</param>
/// <param name="RefundedMinorUnits">The running total of money given back.</param>
public sealed record CheckoutState(CheckoutStatus Status, string? PaymentReference, long RefundedMinorUnits);

/// <param name="Won">The dispute ended in our favour (or was an inquiry that closed): no money held.</param>
/// <param name="ChangedAt">The provider's time of this state, to ignore older ones that arrive late.</param>
public sealed record PaymentDispute(string Status, long AmountMinorUnits, bool Won, DateTimeOffset ChangedAt);

public sealed record PaymentRefundRequest(string PaymentReference, Money Amount, string IdempotencyKey);

public enum PaymentRefundStatus
{
    /// <summary>The money is on its way back: take the tokens back now.</summary>
    Succeeded,

    /// <summary>Accepted, not final yet: the provider's refund event settles it.</summary>
    Pending,
}

public sealed record PaymentRefund(string RefundId, PaymentRefundStatus Status, long AmountMinorUnits);

/// <summary>
/// The local demo checkout's page: it marks its own sessions paid (there is no card form and no
/// money). Implemented by the demo adapter only.
/// </summary>
public interface IDemoCheckout
{
    Task MarkPaidAsync(string sessionId, CancellationToken cancellationToken);
}

/// <summary>Reads the provider's webhook calls (Stripe only): verifies the signature, then names what happened.</summary>
public interface IPaymentWebhooks
{
    /// <summary>Throws <see cref="PaymentWebhookRejectedException"/> when the call cannot be trusted or read.</summary>
    PaymentEvent Read(string body, string? signatureHeader);
}

public enum PaymentEventKind
{
    /// <summary>A checkout finished (paid, or an asynchronous payment succeeded): read it back and credit it.</summary>
    CheckoutCompleted,

    CheckoutExpired,

    /// <summary>Money was given back for a payment (the running total).</summary>
    Refunded,

    /// <summary>A dispute was opened, changed or closed.</summary>
    Dispute,

    /// <summary>An event this app does not act on.</summary>
    Ignored,
}

public sealed record PaymentEvent(
    string Id, string Type, PaymentEventKind Kind, string? SessionId, string? PaymentReference, long RefundedMinorUnits, PaymentDispute? Dispute);
