using Streaming.Domain.Common;

namespace Streaming.Domain.Purchases;

/// <summary>
/// A member buying a token pack through a payment provider's checkout. It copies the pack (tokens,
/// price) when it starts, is credited once when the provider says it is paid (<see cref="Complete"/>),
/// and keeps track of money that went back (refunds, disputes) and of the tokens taken back for it.
/// </summary>
/// <remarks>
/// Money returned takes the matching share of the tokens back (rounded up). The balance never
/// goes below zero: what the member already spent is recorded as <see cref="TokensNotRecovered"/>,
/// which admins see on the purchase, instead of a silent negative balance.
/// </remarks>
public class TokenPurchase : BaseEntity
{
    public const int ReturnUrlMaxLength = 300;

    private TokenPurchase()
    {
    }

    public string MemberId { get; private set; } = default!;

    public Guid PackId { get; private set; }

    public string PackName { get; private set; } = default!;

    public int Tokens { get; private set; }

    public long AmountMinorUnits { get; private set; }

    public string Currency { get; private set; } = default!;

    /// <summary>The payment provider that runs the checkout (Stripe, Demo).</summary>
    public string Provider { get; private set; } = default!;

    /// <summary>The buy form's id: submitting the same form twice opens one checkout.</summary>
    public Guid RequestId { get; private set; }

    /// <summary>An app-relative page to go back to after paying (the class being enrolled in).</summary>
    public string? ReturnUrl { get; private set; }

    public string? CheckoutSessionId { get; private set; }

    public PurchaseStatus Status { get; private set; }

    public string? FailureReason { get; private set; }

    /// <summary>The provider's payment (a Stripe PaymentIntent id): refunds and disputes name it.</summary>
    public string? PaymentReference { get; private set; }

    public string? CreditTransactionId { get; private set; }

    /// <summary>Money given back so far (the provider's running total, in minor units).</summary>
    public long RefundedMinorUnits { get; private set; }

    /// <summary>Money held by an open or lost dispute.</summary>
    public long DisputedMinorUnits { get; private set; }

    public string? DisputeStatus { get; private set; }

    /// <summary>When the provider created the newest dispute change applied here: older ones arriving late change nothing.</summary>
    public DateTimeOffset? DisputeChangedAt { get; private set; }

    public int TokensTakenBack { get; private set; }

    /// <summary>Tokens that should have been taken back but were already spent.</summary>
    public int TokensNotRecovered { get; private set; }

    /// <summary>How many ledger adjustments (take-backs, give-backs) were made: numbers their idempotency keys.</summary>
    public int Adjustments { get; private set; }

    public DateTimeOffset? RefundRequestedAt { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset? CompletedAt { get; private set; }

    public DateTimeOffset UpdatedAt { get; private set; }

    public Money Amount => new(AmountMinorUnits, Currency);

    /// <summary>The ledger key of the credit: the checkout session id, so one checkout credits once.</summary>
    public string CreditKey => $"checkout:{CheckoutSessionId}";

    /// <summary>The ledger key of the next adjustment (numbered, so a retry after a crash finds the first).</summary>
    public string NextAdjustmentKey => $"checkout:{CheckoutSessionId}:adjust:{Adjustments + 1}";

    /// <summary>The money still kept: what a refund may give back.</summary>
    public long RefundableMinorUnits => Status == PurchaseStatus.Completed ? Math.Max(0, AmountMinorUnits - RefundedMinorUnits - DisputedMinorUnits) : 0;

    /// <summary>Tokens the returned money accounts for: its share of the pack, rounded up.</summary>
    public int TokensToReverse
    {
        get
        {
            var returned = Math.Min(AmountMinorUnits, RefundedMinorUnits + DisputedMinorUnits);
            return returned <= 0 ? 0 : (int)((Tokens * returned + AmountMinorUnits - 1) / AmountMinorUnits);
        }
    }

    /// <summary>Positive: tokens still to take back. Negative: tokens to give back (a dispute won).</summary>
    public int AdjustmentDue => Status == PurchaseStatus.Completed ? TokensToReverse - (TokensTakenBack + TokensNotRecovered) : 0;

    public PurchaseOutcome Outcome => Status != PurchaseStatus.Completed ? PurchaseOutcome.NotPaid
        : DisputedMinorUnits > 0 ? PurchaseOutcome.Disputed
        : RefundedMinorUnits >= AmountMinorUnits ? PurchaseOutcome.Refunded
        : RefundedMinorUnits > 0 ? PurchaseOutcome.PartlyRefunded
        : PurchaseOutcome.Paid;

    public static TokenPurchase Start(string memberId, TokenPack pack, string provider, Guid requestId, string? returnUrl, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(pack);
        if (string.IsNullOrWhiteSpace(memberId)) throw new DomainException("Log in to buy tokens.");
        if (!pack.IsActive) throw new DomainException("This pack is no longer offered. Choose another one.");
        if (requestId == Guid.Empty) throw new DomainException("Reload the page and try again.");
        if (returnUrl is { Length: > ReturnUrlMaxLength } || (returnUrl is not null && !IsAppRelative(returnUrl))) returnUrl = null;

        return new TokenPurchase
        {
            MemberId = memberId,
            PackId = pack.Id,
            PackName = pack.Name,
            Tokens = pack.Tokens,
            AmountMinorUnits = pack.PriceMinorUnits,
            Currency = pack.Currency,
            Provider = provider,
            RequestId = requestId,
            ReturnUrl = returnUrl,
            Status = PurchaseStatus.Pending,
            CreatedAt = now.ToUniversalTime(),
            UpdatedAt = now.ToUniversalTime(),
        };
    }

    /// <summary>"/streams/…" yes; "//evil.example", "https://…", "/\evil" no: only this app's own pages.</summary>
    public static bool IsAppRelative(string url) =>
        url.Length > 0 && url[0] == '/' && (url.Length == 1 || (url[1] != '/' && url[1] != '\\')) && !url.Any(char.IsControl);

    public void AttachCheckout(string sessionId, DateTimeOffset now)
    {
        if (string.IsNullOrWhiteSpace(sessionId)) throw new DomainException("The payment provider gave no checkout.");
        if (CheckoutSessionId == sessionId) return;
        if (CheckoutSessionId is not null) throw new DomainException("This purchase already has its checkout.");
        if (Status != PurchaseStatus.Pending) throw new DomainException("This purchase is over; start a new one.");
        CheckoutSessionId = sessionId;
        UpdatedAt = now.ToUniversalTime();
    }

    public void FailToStart(string reason, DateTimeOffset now)
    {
        if (Status != PurchaseStatus.Pending || CheckoutSessionId is not null) return;
        Status = PurchaseStatus.Failed;
        FailureReason = reason.Length > 300 ? reason[..300] : reason;
        UpdatedAt = now.ToUniversalTime();
    }

    /// <summary>
/// The provider says it is paid and the ledger credited it. An expired checkout that got paid after all counts too.
/// Raises <see cref="TokenPurchaseCompleted"/> (the receipt email); completing twice is refused, so it is raised once.
/// </summary>
    public void Complete(string? paymentReference, string creditTransactionId, DateTimeOffset now, int? balanceAfter = null)
    {
        if (Status is not (PurchaseStatus.Pending or PurchaseStatus.Expired))
            throw new DomainException($"Only a pending purchase can be completed (this one is {Status}).");
        if (CheckoutSessionId is null) throw new DomainException("A purchase without a checkout cannot have been paid.");
        if (string.IsNullOrWhiteSpace(creditTransactionId)) throw new DomainException("A completed purchase needs its ledger credit.");
        Status = PurchaseStatus.Completed;
        PaymentReference = paymentReference;
        CreditTransactionId = creditTransactionId;
        CompletedAt = UpdatedAt = now.ToUniversalTime();
        AddDomainEvent(new TokenPurchaseCompleted(this, balanceAfter));
    }

    public void Expire(DateTimeOffset now)
    {
        if (Status != PurchaseStatus.Pending) return;
        Status = PurchaseStatus.Expired;
        UpdatedAt = now.ToUniversalTime();
    }

    /// <summary>The provider's running total of refunds. Totals only grow, so a late or repeated event changes nothing.</summary>
    public void RecordRefunded(long totalRefundedMinorUnits, DateTimeOffset now)
    {
        var total = Math.Clamp(totalRefundedMinorUnits, 0, AmountMinorUnits);
        if (total <= RefundedMinorUnits) return;
        RefundedMinorUnits = total;
        UpdatedAt = now.ToUniversalTime();
    }

    /// <summary>
    /// A dispute as of <paramref name="changedAt"/> (the provider's time): open or lost, it holds
    /// <paramref name="amountMinorUnits"/>; won, nothing. A change older than one applied is ignored.
    /// </summary>
    public void RecordDispute(long amountMinorUnits, string status, bool won, DateTimeOffset changedAt, DateTimeOffset now)
    {
        if (DisputeChangedAt is { } last && changedAt < last) return;
        DisputedMinorUnits = won ? 0 : Math.Clamp(amountMinorUnits, 0, AmountMinorUnits);
        DisputeStatus = status.Length > 40 ? status[..40] : status;
        DisputeChangedAt = changedAt.ToUniversalTime();
        UpdatedAt = now.ToUniversalTime();
    }

    public void RecordRefundRequested(DateTimeOffset now)
    {
        if (Status != PurchaseStatus.Completed) throw new DomainException("Only a paid purchase can be refunded.");
        if (RefundableMinorUnits == 0) throw new DomainException("This purchase has been refunded already.");
        RefundRequestedAt = UpdatedAt = now.ToUniversalTime();
    }

    /// <summary>
    /// Records a take-back of <paramref name="requested"/> tokens of which the ledger could take
    /// <paramref name="taken"/> (the balance never goes negative); the rest is not recovered.
    /// </summary>
    public void RecordTakeBack(int requested, int taken, DateTimeOffset now, int? balanceAfter = null)
    {
        if (requested <= 0 || requested > AdjustmentDue) throw new DomainException("Nothing of that size is due to be taken back.");
        if (taken < 0 || taken > requested) throw new DomainException("The ledger took back an impossible amount.");
        TokensTakenBack += taken;
        TokensNotRecovered += requested - taken;
        Adjustments++;
        UpdatedAt = now.ToUniversalTime();
        AddDomainEvent(new TokenPurchaseAdjusted(this, Adjustments, -taken, requested - taken,
            DisputedMinorUnits > 0 ? PurchaseAdjustmentReason.Dispute : PurchaseAdjustmentReason.Refund, balanceAfter));
    }

    /// <summary>
    /// When less is due back than was reversed (a dispute won): first forget tokens that were never
    /// recovered, and return how many of those actually taken back must go back to the member.
    /// </summary>
    public int ForgiveUnrecovered(DateTimeOffset now)
    {
        var excess = -AdjustmentDue;
        if (excess <= 0) return 0;
        var forgiven = Math.Min(excess, TokensNotRecovered);
        TokensNotRecovered -= forgiven;
        if (forgiven > 0) UpdatedAt = now.ToUniversalTime();
        return excess - forgiven;
    }

    public void RecordGiveBack(int tokens, DateTimeOffset now, int? balanceAfter = null)
    {
        if (tokens <= 0 || tokens > -AdjustmentDue || tokens > TokensTakenBack) throw new DomainException("Nothing of that size is due to be given back.");
        TokensTakenBack -= tokens;
        Adjustments++;
        UpdatedAt = now.ToUniversalTime();
        AddDomainEvent(new TokenPurchaseAdjusted(this, Adjustments, tokens, 0, PurchaseAdjustmentReason.DisputeWon, balanceAfter));
    }
}

/// <summary>What a receipt says about a purchase.</summary>
public enum PurchaseOutcome
{
    NotPaid,
    Paid,
    PartlyRefunded,
    Refunded,
    Disputed,
}
