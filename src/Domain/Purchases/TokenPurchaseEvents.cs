using Streaming.Domain.Common;

namespace Streaming.Domain.Purchases;

/// <summary>
/// A purchase was paid and its tokens credited: raised once, on the move to
/// <see cref="PurchaseStatus.Completed"/>, whoever settles it first (the return page, a webhook, the reconciliation job).
/// </summary>
/// <param name="BalanceAfter">The member's balance after the credit, when the ledger said it.</param>
public sealed record TokenPurchaseCompleted(TokenPurchase Purchase, int? BalanceAfter = null) : IDomainEvent;

/// <summary>
/// Tokens of a paid purchase were taken back (money returned: a refund, or a dispute opened or lost)
/// or given back (a dispute won): raised once per adjustment, numbered as
/// <see cref="TokenPurchase.Adjustments"/> counts them.
/// </summary>
/// <param name="Tokens">Tokens moved: negative when taken back, positive when given back.</param>
/// <param name="NotRecovered">Of the tokens due back this time, those the member had spent already.</param>
/// <param name="BalanceAfter">The member's balance after the change, when the ledger said it.</param>
public sealed record TokenPurchaseAdjusted(TokenPurchase Purchase, int Adjustment, int Tokens, int NotRecovered, PurchaseAdjustmentReason Reason, int? BalanceAfter = null)
    : IDomainEvent;

/// <summary>Why tokens of a purchase moved.</summary>
public enum PurchaseAdjustmentReason
{
    /// <summary>Money was refunded: its share of the tokens is taken back.</summary>
    Refund,

    /// <summary>The payment is disputed (or the dispute lost): the disputed share is taken back.</summary>
    Dispute,

    /// <summary>A dispute closed in the member's favour: what it took is given back.</summary>
    DisputeWon,
}
