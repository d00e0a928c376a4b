namespace Streaming.Domain.Purchases;

public enum PurchaseStatus
{
    /// <summary>Checkout started (or being started); nothing paid yet.</summary>
    Pending,

    /// <summary>Paid and the tokens credited, once. Refunds and disputes are recorded on top.</summary>
    Completed,

    /// <summary>The checkout ran out without a payment.</summary>
    Expired,

    /// <summary>The checkout could not be started; nothing can be paid.</summary>
    Failed,
}
