using Streaming.Application.Common.Interfaces;
using Streaming.Application.Enrollments.Common;
using Streaming.Domain.Enrollments;

namespace Streaming.Application.Enrollments.Commands.ReconcileEnrollments;

/// <summary>What reconciling one seat did.</summary>
public enum SeatSettlement
{
    /// <summary>Nothing to do (someone else settled it meanwhile, or no late charge was found).</summary>
    Unchanged,
    Activated,
    Failed,
    Refunded,

    /// <summary>The ledger could not say or did not confirm: the next run tries again.</summary>
    Unresolved,
}

/// <summary>
/// The three ways reconciliation settles a seat. Each goes through <see cref="EnrollmentPayments"/>,
/// which re-checks the enrollment under its lock before changing it and keys every ledger call by
/// the seat, so running any of them twice changes nothing the second time.
/// </summary>
public sealed class SeatReconciliation(ITokenLedger ledger, EnrollmentPayments payments)
{
    /// <summary>A payment left Pending: the ledger says whether the charge happened (found → Active, not found → Failed).</summary>
    public async Task<SeatSettlement> SettlePendingAsync(Enrollment enrollment, CancellationToken cancellationToken)
    {
        var lookup = enrollment.TokensPaid == 0
            ? new LedgerLookup(LedgerLookupOutcome.Found)
            : await ledger.FindDeductionAsync(enrollment.MemberId, enrollment.PaymentKey, cancellationToken);
        switch (lookup.Outcome)
        {
            case LedgerLookupOutcome.Found:
                var (settled, changed) = await payments.SettleAsync(enrollment.Id, e => e.Status == EnrollmentStatus.Pending,
                    e => payments.ConfirmWithReceipt(e, lookup.TransactionId, null), cancellationToken);
                if (!changed) return SeatSettlement.Unchanged;
                if (settled.IsActive) return SeatSettlement.Activated;
                if (settled.TokensPaid == 0) return SeatSettlement.Failed;
                // Paid for a class cancelled meanwhile: give it back now, not at the next run.
                return (await payments.ReturnPaymentAsync(settled, lookup.TransactionId, cancellationToken)).Outcome == EnrollmentOutcome.PaymentRejected
                    ? SeatSettlement.Refunded
                    : SeatSettlement.Unresolved;
            case LedgerLookupOutcome.NotFound:
                return (await payments.SettleAsync(enrollment.Id, e => e.Status == EnrollmentStatus.Pending,
                        e => e.Fail("The payment was never confirmed."), cancellationToken)).Changed
                    ? SeatSettlement.Failed
                    : SeatSettlement.Unchanged;
            default:
                return SeatSettlement.Unresolved;
        }
    }

    /// <summary>A paid seat still active in a cancelled class (its refund did not go through): refunded.</summary>
    public async Task<SeatSettlement> RefundInCancelledClassAsync(Enrollment enrollment, CancellationToken cancellationToken)
    {
        var (done, _) = await payments.RefundAsync(enrollment, $"Class cancelled: {enrollment.Stream.Title}", cancellationToken);
        return done ? SeatSettlement.Refunded : SeatSettlement.Unresolved;
    }

    /// <summary>The last safety net: a charge that landed on a seat already failed is given back.</summary>
    public async Task<SeatSettlement> ReturnLateChargeAsync(Enrollment enrollment, CancellationToken cancellationToken)
    {
        var lookup = await ledger.FindDeductionAsync(enrollment.MemberId, enrollment.PaymentKey, cancellationToken);
        if (lookup.Outcome != LedgerLookupOutcome.Found) return SeatSettlement.Unchanged;
        var result = await payments.ReturnPaymentAsync(enrollment, lookup.TransactionId, cancellationToken);
        return result.Outcome == EnrollmentOutcome.PaymentRejected ? SeatSettlement.Refunded : SeatSettlement.Unresolved;
    }
}

/// <summary>Counts what a reconciliation run did, seat by seat.</summary>
public sealed class ReconcileTally
{
    public ReconcileReport Report { get; private set; } = new(0, 0, 0, 0);

    public void Add(SeatSettlement settlement) => Report = settlement switch
    {
        SeatSettlement.Activated => Report with { Activated = Report.Activated + 1 },
        SeatSettlement.Failed => Report with { Failed = Report.Failed + 1 },
        SeatSettlement.Refunded => Report with { Refunded = Report.Refunded + 1 },
        SeatSettlement.Unresolved => Report with { Unresolved = Report.Unresolved + 1 },
        _ => Report,
    };
}
