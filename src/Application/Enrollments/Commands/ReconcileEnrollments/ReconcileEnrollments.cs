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
        var now = clock.GetUtcNow();
        var staleBefore = now - options.Value.ReconcileAfter;
        var watchFrom = now - FailedSeatWatch;
        var seats = new SeatReconciliation(ledger, payments);
        var tally = new ReconcileTally();

        foreach (var enrollment in await FindAsync(e => e.Status == EnrollmentStatus.Pending && e.CreatedAt < staleBefore, request, cancellationToken))
            tally.Add(await seats.SettlePendingAsync(enrollment, cancellationToken));
        foreach (var enrollment in await FindAsync(e => e.Status == EnrollmentStatus.Active && e.Stream.Status == StreamStatus.Cancelled, request, cancellationToken))
            tally.Add(await seats.RefundInCancelledClassAsync(enrollment, cancellationToken));
        foreach (var enrollment in await FindAsync(
                     e => e.Status == EnrollmentStatus.Failed && e.TokensPaid > 0 && e.CreatedAt >= watchFrom && e.CreatedAt < staleBefore,
                     request, cancellationToken))
            tally.Add(await seats.ReturnLateChargeAsync(enrollment, cancellationToken));

        if (tally.Report.Activated > 0) await jobs.SendQueuedEmailsSoonAsync(cancellationToken); // their receipts
        return tally.Report;
    }

    private async Task<List<Enrollment>> FindAsync(
        System.Linq.Expressions.Expression<Func<Enrollment, bool>> filter, ReconcileEnrollmentsCommand request, CancellationToken cancellationToken) =>
        await db.Enrollments.AsNoTracking().Include(e => e.Stream)
            .Where(filter)
            .OrderBy(e => e.CreatedAt).Take(request.BatchSize)
            .ToListAsync(cancellationToken);
}
