using Streaming.Domain.Common;

namespace Streaming.Domain.Purchases;

/// <summary>
/// A purchase was paid and its tokens credited: raised once, on the move to
/// <see cref="PurchaseStatus.Completed"/>, whoever settles it first (the return page, a webhook, the reconciliation job).
/// </summary>
public sealed record TokenPurchaseCompleted(TokenPurchase Purchase) : IDomainEvent;
