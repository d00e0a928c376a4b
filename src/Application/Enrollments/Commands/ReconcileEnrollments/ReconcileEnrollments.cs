using MediatR;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Streaming.Application.Common.Interfaces;
using Streaming.Application.Common.Options;
using Streaming.Application.Enrollments.Common;
using Streaming.Application.Notifications.Common;
using Streaming.Domain.Enrollments;
using Streaming.Domain.Streams;

namespace Streaming.Application.Enrollments.Commands.ReconcileEnrollments;

/// <summary>
/// Settles what a crash or an unreachable ledger left open: payments that stayed Pending (the
/// ledger is asked whether the charge happened; found → Active, not found → Failed), paid seats in
/// cancelled classes whose refund did not go through, and — the last safety net — a charge that
/// landed on a seat already failed (refunded). Safe to run anywhere, any time: every step is
/// idempotent and re-checks the enrollment before changing it.
/// </summary>
public record ReconcileEnrollmentsCommand(int BatchSize = 100) : IRequest<ReconcileReport>;

public record ReconcileReport(int Activated, int Failed, int Refunded, int Unresolved);

public class ReconcileEnrollmentsHandler(
    IApplicationDbContext db, ITokenLedger ledger, EnrollmentPayments payments, IJobScheduler jobs, TimeProvider clock, IOptions<EnrollmentOptions> options)
    : IRequestHandler<ReconcileEnrollmentsCommand, ReconcileReport>
{
    /// <summary>How long a failed seat is checked for a charge that slipped in after it failed.</summary>
    private static readonly TimeSpan FailedSeatWatch = TimeSpan.FromDays(1);

    public async Task<ReconcileReport> Handle(ReconcileEnrollmentsCommand request, CancellationToken cancellationToken)
    {
        int activated = 0, failed = 0, refunded = 0, unresolved = 0;
        var now = clock.GetUtcNow();
        var staleBefore = now - options.Value.ReconcileAfter;

        foreach (var enrollment in await FindAsync(e => e.Status == EnrollmentStatus.Pending && e.CreatedAt < staleBefore, request, cancellationToken))
        {
            var lookup = enrollment.TokensPaid == 0
                ? new LedgerLookup(LedgerLookupOutcome.Found)
                : await ledger.FindDeductionAsync(enrollment.MemberId, enrollment.PaymentKey, cancellationToken);
            switch (lookup.Outcome)
            {
                case LedgerLookupOutcome.Found:
                    var (settled, changed) = await payments.SettleAsync(enrollment.Id, e => e.Status == EnrollmentStatus.Pending,
                        e => payments.ConfirmWithReceipt(e, lookup.TransactionId, null), cancellationToken);
                    if (!changed) break;
                    if (settled.IsActive) activated++;
                    else if (settled.TokensPaid == 0) failed++;
                    // Paid for a class cancelled meanwhile: give it back now, not at the next run.
                    else if ((await payments.ReturnPaymentAsync(settled, lookup.TransactionId, cancellationToken)).Outcome == EnrollmentOutcome.PaymentRejected) refunded++;
                    else unresolved++;
                    break;
                case LedgerLookupOutcome.NotFound:
                    if ((await payments.SettleAsync(enrollment.Id, e => e.Status == EnrollmentStatus.Pending,
                            e => e.Fail("The payment was never confirmed."), cancellationToken)).Changed)
                        failed++;
                    break;
                default:
                    unresolved++;
                    break;
            }
        }

        foreach (var enrollment in await FindAsync(e => e.Status == EnrollmentStatus.Active && e.Stream.Status == StreamStatus.Cancelled, request, cancellationToken))
        {
            var (done, _) = await payments.RefundAsync(enrollment, $"Class cancelled: {enrollment.Stream.Title}", cancellationToken);
            if (done) refunded++;
            else unresolved++;
        }

        var watchFrom = now - FailedSeatWatch;
        foreach (var enrollment in await FindAsync(
                     e => e.Status == EnrollmentStatus.Failed && e.TokensPaid > 0 && e.CreatedAt >= watchFrom && e.CreatedAt < staleBefore,
                     request, cancellationToken))
        {
            var lookup = await ledger.FindDeductionAsync(enrollment.MemberId, enrollment.PaymentKey, cancellationToken);
            if (lookup.Outcome != LedgerLookupOutcome.Found) continue;
            var result = await payments.ReturnPaymentAsync(enrollment, lookup.TransactionId, cancellationToken);
            if (result.Outcome == EnrollmentOutcome.PaymentRejected) refunded++;
            else unresolved++;
        }

        if (activated > 0) await jobs.SendQueuedEmailsSoonAsync(cancellationToken); // their receipts
        return new ReconcileReport(activated, failed, refunded, unresolved);
    }

    private async Task<List<Enrollment>> FindAsync(
        System.Linq.Expressions.Expression<Func<Enrollment, bool>> filter, ReconcileEnrollmentsCommand request, CancellationToken cancellationToken) =>
        await db.Enrollments.AsNoTracking().Include(e => e.Stream)
            .Where(filter)
            .OrderBy(e => e.CreatedAt).Take(request.BatchSize)
            .ToListAsync(cancellationToken);
}
