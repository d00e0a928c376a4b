using Microsoft.Extensions.Logging;
using Streaming.Application.Common.Exceptions;
using Streaming.Application.Common.Interfaces;
using Streaming.Domain.Common;
using Streaming.Domain.Purchases;

namespace Streaming.Application.Purchases.Common;

/// <summary>What the provider says about a purchase's payment; null parts say nothing.</summary>
public sealed record PaymentFacts(CheckoutState? Checkout = null, long? RefundedMinorUnits = null, PaymentDispute? Dispute = null)
{
    public static PaymentFacts From(CheckoutState state) => new(state);
}

/// <summary>
/// Brings a purchase and the ledger in line with what the provider says, exactly once whoever
/// says it first: the success redirect, a webhook (also delivered twice or out of order), the
/// reconciliation job or an admin's refund.
/// </summary>
/// <remarks>
/// Every settlement locks the purchase row, so they queue up and each sees what the one before did.
/// Each ledger change carries a key of its own (the checkout session id for the credit, a numbered
/// key per adjustment): a crash between the ledger and the purchase's save is healed by the next
/// settlement, which repeats the call with the same key and gets the first result back.
/// The ledger is the built-in one, in the same database, so holding the row lock across it is short.
/// </remarks>
public sealed class PurchaseSettlement(IApplicationDbContext db, ITokenLedger ledger, TimeProvider clock, ILogger<PurchaseSettlement> logger)
{
    public async Task<TokenPurchase> ApplyAsync(Guid purchaseId, PaymentFacts facts, CancellationToken cancellationToken)
    {
        db.DiscardChanges();
        await using var transaction = await db.BeginTransactionAsync(cancellationToken);
        var purchase = await db.FindPurchaseForUpdateAsync(purchaseId, cancellationToken)
            ?? throw new NotFoundException(nameof(TokenPurchase), purchaseId);
        var now = clock.GetUtcNow();

        if (facts.Checkout is { } checkout)
        {
            if (checkout.Status == CheckoutStatus.Paid && purchase.Status is PurchaseStatus.Pending or PurchaseStatus.Expired)
                await CreditAsync(purchase, checkout.PaymentReference, now, cancellationToken);
            else if (checkout.Status == CheckoutStatus.Expired)
                purchase.Expire(now);
            purchase.RecordRefunded(checkout.RefundedMinorUnits, now);
        }

        if (facts.RefundedMinorUnits is { } refunded) purchase.RecordRefunded(refunded, now);
        if (facts.Dispute is { } dispute) purchase.RecordDispute(dispute.AmountMinorUnits, dispute.Status, dispute.Won, dispute.ChangedAt, now);
        await AdjustAsync(purchase, now, cancellationToken);

        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return purchase;
    }

    private async Task CreditAsync(TokenPurchase purchase, string? paymentReference, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var credit = await ledger.CreditPurchaseAsync(
            new LedgerPurchaseCredit(purchase.MemberId, purchase.Tokens, $"Bought: {purchase.PackName} ({purchase.Amount})", purchase.CreditKey),
            cancellationToken);
        if (!credit.Succeeded) throw Unsettled(purchase, credit.Message);
        purchase.Complete(paymentReference, credit.TransactionId!, now, credit.Balance);
        logger.LogInformation("Purchase {PurchaseId} paid: {Tokens} tokens credited ({Transaction})", purchase.Id, purchase.Tokens, credit.TransactionId);
    }

    /// <summary>Takes back what returned money accounts for, or gives back what a won dispute returned.</summary>
    private async Task AdjustAsync(TokenPurchase purchase, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var due = purchase.AdjustmentDue;
        if (due > 0)
        {
            var result = await ledger.TakeBackAsync(
                new LedgerTakeBack(purchase.MemberId, due, $"Money returned for {purchase.PackName} ({purchase.Amount})", purchase.NextAdjustmentKey),
                cancellationToken);
            if (!result.Succeeded) throw Unsettled(purchase, result.Message);
            purchase.RecordTakeBack(due, result.Taken, now, result.Balance);
            if (result.Taken < due)
            {
                logger.LogWarning("Purchase {PurchaseId}: {Missing} of {Due} tokens had been spent and could not be taken back",
                    purchase.Id, due - result.Taken, due);
            }
        }
        else if (due < 0 && purchase.ForgiveUnrecovered(now) is var giveBack and > 0)
        {
            var credit = await ledger.CreditPurchaseAsync(
                new LedgerPurchaseCredit(purchase.MemberId, giveBack, $"Dispute closed in your favour: {purchase.PackName}", purchase.NextAdjustmentKey),
                cancellationToken);
            if (!credit.Succeeded) throw Unsettled(purchase, credit.Message);
            purchase.RecordGiveBack(giveBack, now, credit.Balance);
        }
    }

    private static DomainException Unsettled(TokenPurchase purchase, string? message) =>
        new($"The token ledger did not record purchase {purchase.Id}: {message ?? "no answer"}");
}
