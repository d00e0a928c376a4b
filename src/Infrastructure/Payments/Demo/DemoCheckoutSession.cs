namespace Streaming.Infrastructure.Payments.Demo;

/// <summary>
/// The demo provider's own record of a checkout, as a real provider keeps it on its side: paid or
/// not, refunded how much. Kept in the app's database so it survives restarts.
/// </summary>
public class DemoCheckoutSession
{
    private DemoCheckoutSession()
    {
    }

    public DemoCheckoutSession(string id, string idempotencyKey, Guid purchaseId, long amountMinorUnits, string currency, DateTimeOffset now, TimeSpan lifetime)
    {
        Id = id;
        IdempotencyKey = idempotencyKey;
        PurchaseId = purchaseId;
        AmountMinorUnits = amountMinorUnits;
        Currency = currency;
        CreatedAt = now;
        ExpiresAt = now + lifetime;
    }

    public string Id { get; private set; } = default!;

    public string IdempotencyKey { get; private set; } = default!;

    public Guid PurchaseId { get; private set; }

    public long AmountMinorUnits { get; private set; }

    public string Currency { get; private set; } = default!;

    public long RefundedMinorUnits { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset ExpiresAt { get; private set; }

    public DateTimeOffset? PaidAt { get; private set; }

    public string PaymentReference => $"demo_pay_{Id[DemoPaymentProvider.SessionPrefix.Length..]}";

    public bool IsExpired(DateTimeOffset now) => PaidAt is null && now >= ExpiresAt;

    public void MarkPaid(DateTimeOffset now) => PaidAt ??= now;

    public void Refund(long amountMinorUnits) => RefundedMinorUnits = Math.Min(AmountMinorUnits, RefundedMinorUnits + amountMinorUnits);
}
