using Microsoft.EntityFrameworkCore;
using Streaming.Application.Common.Interfaces;
using Streaming.Application.Common.Telemetry;
using Streaming.Application.Notifications.Common;
using Streaming.Domain.Enrollments;
using Streaming.Domain.Notifications;
using Streaming.Domain.Tokens;

namespace Streaming.Application.Enrollments.Common;

/// <summary>
/// Moves tokens for enrollments through the ledger and records the result on the enrollment.
/// The ledger call carries the enrollment's own key, so repeating it (a retry, a second tab, the
/// reconciliation job) never charges twice; a crash between the charge and the save is healed
/// by the next attempt with the same key.
/// </summary>
/// <remarks>
/// A settlement can meet other writers: another member taking a seat in the same class (the seat
/// count lives on the class row), a second tab, or the reconciliation job. Every settlement
/// therefore goes through <see cref="SettleAsync"/>, which locks the class, re-reads the enrollment
/// and applies the transition only if it still makes sense — and a payment whose seat was settled
/// the other way meanwhile is refunded, never kept.
/// </remarks>
public sealed class EnrollmentPayments(IApplicationDbContext db, ITokenLedger ledger, IJobScheduler jobs, TimeProvider clock, StreamingMetrics metrics)
{
    /// <summary>Pending → Active (paid or free), Failed (definitely not paid), or still Pending (unknown).</summary>
    public async Task<EnrollmentResult> PayAsync(Enrollment enrollment, CancellationToken cancellationToken)
    {
        var (id, title, price) = (enrollment.Id, enrollment.Stream.Title, enrollment.TokensPaid);
        var replayOnly = enrollment.Kind == EnrollmentKind.ReplayOnly;
        var done = replayOnly ? $"You bought the replay of {title}" : $"You are enrolled in {title}";
        if (price == 0)
        {
            var (free, _) = await SettleAsync(id, e => e.Status == EnrollmentStatus.Pending, e => ConfirmWithReceipt(e, null, null), cancellationToken);
            if (free.IsActive) await jobs.SendQueuedEmailsSoonAsync(CancellationToken.None);
            return free.FailedBecauseClassWasCancelled
                ? Result(enrollment, EnrollmentOutcome.PaymentRejected, null, $"{title} was cancelled, so you are not enrolled.")
                : Result(enrollment, EnrollmentOutcome.Enrolled, null, $"{done}.");
        }

        var payment = await ledger.DeductAsync(
            new LedgerDeduction(enrollment.MemberId, price, $"{(replayOnly ? "Replay" : "Class")}: {title}", enrollment.StreamId, enrollment.PaymentKey),
            cancellationToken);

        switch (payment.Outcome)
        {
            case LedgerOutcome.Succeeded:
                // The tokens moved: record it even if the member's browser has gone away meanwhile.
                // The class is re-checked under its lock: a cancellation that got there first fails
                // the seat, and the payment goes straight back.
                var (settled, _) = await SettleAsync(id, e => e.Status == EnrollmentStatus.Pending,
                    e => ConfirmWithReceipt(e, payment.TransactionId, payment.Balance), CancellationToken.None);
                if (settled.Status == EnrollmentStatus.Failed) return await ReturnPaymentAsync(settled, payment.TransactionId, CancellationToken.None);
                await jobs.SendQueuedEmailsSoonAsync(CancellationToken.None);
                return Result(enrollment, EnrollmentOutcome.Enrolled, payment.Balance,
                    $"{done}. {TokenCount.Format(price)} paid" +
                    (payment.Balance is { } left ? $"; your balance is now {left}." : "."));
            case LedgerOutcome.InsufficientBalance:
                await SettleAsync(id, e => e.Status == EnrollmentStatus.Pending, e => e.Fail("Insufficient balance."), cancellationToken);
                return Result(enrollment, EnrollmentOutcome.InsufficientBalance, payment.Balance,
                    payment.Balance is { } balance
                        ? $"Not enough tokens: {(replayOnly ? "the replay" : "this class")} costs {price} and your balance is {balance}."
                        : $"Not enough tokens: {(replayOnly ? "the replay" : "this class")} costs {price}.");
            case LedgerOutcome.Rejected:
                await SettleAsync(id, e => e.Status == EnrollmentStatus.Pending,
                    e => e.Fail(payment.Message ?? "The payment was refused."), cancellationToken);
                return Result(enrollment, EnrollmentOutcome.PaymentRejected, null,
                    $"The payment was refused: {payment.Message} Nothing was charged.");
            default:
                // Unknown outcome: keep the seat pending. Trying again uses the same key; the
                // reconciliation job settles it if nobody does.
                return Result(enrollment, EnrollmentOutcome.PaymentUnconfirmed, null,
                    "We could not reach the token service to confirm the payment. Please try again in a moment; you will not be charged twice.");
        }
    }

    /// <summary>
    /// Confirms a pending seat's payment; activating it raises <see cref="EnrollmentActivated"/>, whose
    /// handler queues the receipt in the same save. A seat in a class cancelled meanwhile fails instead.
    /// </summary>
    public void ConfirmWithReceipt(Enrollment enrollment, string? transactionId, int? balance) =>
        enrollment.ConfirmPayment(transactionId, clock.GetUtcNow(), balance);

    /// <summary>
    /// Gives the tokens back (idempotent) and marks the enrollment refunded. False when the ledger could not.
    /// <paramref name="email"/>, when given, is queued in the transaction that records the refund;
    /// <paramref name="byMember"/> records it as the member's own cancellation (its event queues their email).
    /// </summary>
    public async Task<(bool Refunded, string? Error)> RefundAsync(
        Enrollment enrollment, string reason, CancellationToken cancellationToken, Func<Enrollment, OutboxEmail>? email = null, bool byMember = false)
    {
        if (enrollment.TokensPaid > 0)
        {
            var refund = await ledger.RefundAsync(
                new LedgerRefund(enrollment.MemberId, enrollment.TokensPaid, enrollment.LedgerTransactionId ?? "", reason,
                    enrollment.StreamId, enrollment.RefundKey),
                cancellationToken);
            if (!refund.Succeeded) return (false, refund.Message ?? "The token service did not confirm the refund.");
        }

        var (settled, changed) = await SettleAsync(enrollment.Id, e => e.Status == EnrollmentStatus.Active, e =>
        {
            if (byMember) e.CancelByMember(clock.GetUtcNow());
            else e.Refund(clock.GetUtcNow());
            if (email is not null) db.OutboxEmails.Add(email(e));
        }, CancellationToken.None); // the tokens went back: record it
        if (changed && (email is not null || byMember)) await jobs.SendQueuedEmailsSoonAsync(CancellationToken.None);
        return settled.Status == EnrollmentStatus.Refunded ? (true, null) : (false, "The enrollment changed meanwhile.");
    }

    /// <summary>
    /// A payment went through for a seat that was failed meanwhile (the reconciliation job gave up
    /// on it while the member retried, or the class was cancelled): the tokens go straight back
    /// (idempotent by the refund key) and the enrollment records it (Failed → Refunded).
    /// </summary>
    public async Task<EnrollmentResult> ReturnPaymentAsync(Enrollment enrollment, string? chargeTransactionId, CancellationToken cancellationToken)
    {
        var refund = await ledger.RefundAsync(
            new LedgerRefund(enrollment.MemberId, enrollment.TokensPaid, chargeTransactionId ?? "", $"Seat released: {enrollment.Stream.Title}",
                enrollment.StreamId, enrollment.RefundKey),
            cancellationToken);
        var cancelled = enrollment.FailedBecauseClassWasCancelled;
        if (!refund.Succeeded)
        {
            return Result(enrollment, EnrollmentOutcome.PaymentUnconfirmed, null,
                (cancelled ? $"{enrollment.Stream.Title} was cancelled while your payment was being confirmed." : "Your seat was released while the payment was being confirmed.")
                + " The refund will be retried automatically.");
        }

        await SettleAsync(enrollment.Id, e => e.Status == EnrollmentStatus.Failed,
            e => e.RecordReturnedPayment(chargeTransactionId, clock.GetUtcNow()), CancellationToken.None);
        return Result(enrollment, EnrollmentOutcome.PaymentRejected, refund.Balance, cancelled
            ? $"{enrollment.Stream.Title} was cancelled while your payment was being confirmed, so the {TokenCount.Format(enrollment.TokensPaid)} went back to your balance. You are not enrolled."
            : $"Your seat was released while the payment was being confirmed, so the {TokenCount.Format(enrollment.TokensPaid)} went back to your balance. Please enroll again.");
    }

    /// <summary>
    /// Applies <paramref name="transition"/> to the enrollment as it is now (read afresh, with its
    /// class locked first, as taking a seat does) if <paramref name="stillApplies"/>, and saves it.
    /// Returns the enrollment as stored and whether this call changed it.
    /// </summary>
    public async Task<(Enrollment Enrollment, bool Changed)> SettleAsync(
        Guid enrollmentId, Func<Enrollment, bool> stillApplies, Action<Enrollment> transition, CancellationToken cancellationToken)
    {
        // What other requests or the job did meanwhile counts, not what this context read earlier.
        db.DiscardChanges();
        var streamId = await db.Enrollments.Where(e => e.Id == enrollmentId).Select(e => e.StreamId).SingleAsync(cancellationToken);
        // Seat releases (Fail, Refund) change the class row: they queue behind seat takers instead of losing to them.
        await using var transaction = await db.BeginTransactionAsync(cancellationToken);
        await db.FindStreamForUpdateAsync(streamId, cancellationToken);
        var enrollment = await db.Enrollments.Include(e => e.Stream).SingleAsync(e => e.Id == enrollmentId, cancellationToken);
        if (!stillApplies(enrollment)) return (enrollment, false);
        var before = enrollment.Status;
        transition(enrollment);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        metrics.EnrollmentChanged(before, enrollment);
        return (enrollment, true);
    }

    private static EnrollmentResult Result(Enrollment enrollment, EnrollmentOutcome outcome, int? balance, string message) =>
        new(outcome, enrollment.StreamId, enrollment.TokensPaid, balance, message);
}
