using Microsoft.EntityFrameworkCore;
using Streaming.Application.Common.Interfaces;
using Streaming.Domain.Enrollments;

namespace Streaming.Application.Enrollments.Common;

/// <summary>
/// Moves tokens for enrollments through the ledger and records the result on the enrollment.
/// The ledger call carries the enrollment's own key, so repeating it (a retry, a second tab, the
/// reconciliation job) never charges twice; a crash between the charge and the save is healed
/// by the next attempt with the same key.
/// </summary>
public sealed class EnrollmentPayments(IApplicationDbContext db, ITokenLedger ledger, TimeProvider clock)
{
    /// <summary>Pending → Active (paid or free), Failed (definitely not paid), or still Pending (unknown).</summary>
    public async Task<EnrollmentResult> PayAsync(Enrollment enrollment, CancellationToken cancellationToken)
    {
        var stream = enrollment.Stream;
        if (enrollment.TokensPaid == 0)
        {
            enrollment.Activate(null, clock.GetUtcNow());
            await db.SaveChangesAsync(cancellationToken);
            return Result(enrollment, EnrollmentOutcome.Enrolled, null, $"You are enrolled in {stream.Title}.");
        }

        var payment = await ledger.DeductAsync(
            new LedgerDeduction(enrollment.MemberId, enrollment.TokensPaid, $"Class: {stream.Title}", stream.Id, enrollment.PaymentKey),
            cancellationToken);

        switch (payment.Outcome)
        {
            case LedgerOutcome.Succeeded:
                enrollment.Activate(payment.TransactionId, clock.GetUtcNow());
                await SaveAsync(enrollment, cancellationToken);
                return Result(enrollment, EnrollmentOutcome.Enrolled, payment.Balance,
                    $"You are enrolled in {stream.Title}. {enrollment.TokensPaid} tokens paid" +
                    (payment.Balance is { } left ? $"; your balance is now {left}." : "."));
            case LedgerOutcome.InsufficientBalance:
                enrollment.Fail("Insufficient balance.");
                await SaveAsync(enrollment, cancellationToken);
                return Result(enrollment, EnrollmentOutcome.InsufficientBalance, payment.Balance,
                    payment.Balance is { } balance
                        ? $"Not enough tokens: this class costs {enrollment.TokensPaid} and your balance is {balance}."
                        : $"Not enough tokens: this class costs {enrollment.TokensPaid}.");
            case LedgerOutcome.Rejected:
                enrollment.Fail(payment.Message ?? "The payment was refused.");
                await SaveAsync(enrollment, cancellationToken);
                return Result(enrollment, EnrollmentOutcome.PaymentRejected, null,
                    $"The payment was refused: {payment.Message} Nothing was charged.");
            default:
                // Unknown outcome: keep the seat pending. Trying again uses the same key; the
                // reconciliation job settles it if nobody does.
                return Result(enrollment, EnrollmentOutcome.PaymentUnconfirmed, null,
                    "We could not reach the token service to confirm the payment. Please try again in a moment; you will not be charged twice.");
        }
    }

    /// <summary>Gives the tokens back (idempotent) and marks the enrollment refunded. False when the ledger could not.</summary>
    public async Task<(bool Refunded, string? Error)> RefundAsync(Enrollment enrollment, string reason, CancellationToken cancellationToken)
    {
        if (enrollment.TokensPaid > 0)
        {
            var refund = await ledger.RefundAsync(
                new LedgerRefund(enrollment.MemberId, enrollment.TokensPaid, enrollment.LedgerTransactionId ?? "", reason,
                    enrollment.StreamId, enrollment.RefundKey),
                cancellationToken);
            if (!refund.Succeeded) return (false, refund.Message ?? "The token service did not confirm the refund.");
        }

        enrollment.Refund(clock.GetUtcNow());
        await SaveAsync(enrollment, cancellationToken);
        return (true, null);
    }

    private async Task SaveAsync(Enrollment enrollment, CancellationToken cancellationToken)
    {
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            // Another request settled the same enrollment first (same ledger key, so no double
            // charge); its result stands.
            db.DiscardChanges();
        }
    }

    private static EnrollmentResult Result(Enrollment enrollment, EnrollmentOutcome outcome, int? balance, string message) =>
        new(outcome, enrollment.StreamId, enrollment.TokensPaid, balance, message);
}
