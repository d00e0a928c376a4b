using MediatR;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Streaming.Application.Common.Interfaces;
using Streaming.Application.Common.Options;
using Streaming.Application.Enrollments.Common;
using Streaming.Domain.Enrollments;
using Streaming.Domain.Streams;

namespace Streaming.Application.Enrollments.Commands.ReconcileEnrollments;

/// <summary>
/// Settles what a crash or an unreachable ledger left open: payments that stayed Pending (the
/// ledger is asked whether the charge happened; found → Active, not found → Failed), and paid
/// seats in cancelled classes whose refund did not go through. Safe to run anywhere, any time.
/// </summary>
public record ReconcileEnrollmentsCommand(int BatchSize = 100) : IRequest<ReconcileReport>;

public record ReconcileReport(int Activated, int Failed, int Refunded, int Unresolved);

public class ReconcileEnrollmentsHandler(
    IApplicationDbContext db, ITokenLedger ledger, EnrollmentPayments payments, TimeProvider clock, IOptions<EnrollmentOptions> options)
    : IRequestHandler<ReconcileEnrollmentsCommand, ReconcileReport>
{
    public async Task<ReconcileReport> Handle(ReconcileEnrollmentsCommand request, CancellationToken cancellationToken)
    {
        int activated = 0, failed = 0, refunded = 0, unresolved = 0;
        var staleBefore = clock.GetUtcNow() - options.Value.ReconcileAfter;

        var stale = await db.Enrollments.Include(e => e.Stream)
            .Where(e => e.Status == EnrollmentStatus.Pending && e.CreatedAt < staleBefore)
            .OrderBy(e => e.CreatedAt).Take(request.BatchSize)
            .ToListAsync(cancellationToken);
        foreach (var enrollment in stale)
        {
            var lookup = enrollment.TokensPaid == 0
                ? new LedgerLookup(LedgerLookupOutcome.Found)
                : await ledger.FindDeductionAsync(enrollment.MemberId, enrollment.PaymentKey, cancellationToken);
            switch (lookup.Outcome)
            {
                case LedgerLookupOutcome.Found:
                    enrollment.Activate(lookup.TransactionId, clock.GetUtcNow());
                    activated++;
                    break;
                case LedgerLookupOutcome.NotFound:
                    enrollment.Fail("The payment was never confirmed.");
                    failed++;
                    break;
                default:
                    unresolved++;
                    break;
            }
        }

        await db.SaveChangesAsync(cancellationToken);

        var owed = await db.Enrollments.Include(e => e.Stream)
            .Where(e => e.Status == EnrollmentStatus.Active && e.Stream.Status == StreamStatus.Cancelled)
            .OrderBy(e => e.CreatedAt).Take(request.BatchSize)
            .ToListAsync(cancellationToken);
        foreach (var enrollment in owed)
        {
            var (done, _) = await payments.RefundAsync(enrollment, $"Class cancelled: {enrollment.Stream.Title}", cancellationToken);
            if (done) refunded++;
            else unresolved++;
        }

        return new ReconcileReport(activated, failed, refunded, unresolved);
    }
}
