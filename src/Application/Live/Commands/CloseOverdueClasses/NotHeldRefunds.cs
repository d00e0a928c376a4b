using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Streaming.Application.Common.Interfaces;
using Streaming.Application.Enrollments.Common;
using Streaming.Domain.Enrollments;
using Streaming.Domain.Notifications;

namespace Streaming.Application.Live.Commands.CloseOverdueClasses;

/// <summary>
/// Gives back the tokens of every paid seat in a class that did not take place, through the ledger,
/// each refund idempotent by the enrollment's key; one the ledger did not confirm stays for the next pass.
/// </summary>
public sealed class NotHeldRefunds(IApplicationDbContext db, EnrollmentPayments payments, TimeProvider clock, ILogger logger)
{
    public async Task<(int Refunded, int Pending)> RefundAsync(int batchSize, CancellationToken cancellationToken)
    {
        var seats = await db.Enrollments.AsNoTracking().Include(e => e.Stream)
            .Where(e => e.Status == EnrollmentStatus.Active && e.TokensPaid > 0 && e.Stream.TookPlace == false)
            .OrderBy(e => e.CreatedAt).Take(batchSize)
            .ToListAsync(cancellationToken);
        int refunded = 0, pending = 0;
        foreach (var seat in seats)
        {
            try
            {
                var (done, _) = await payments.RefundAsync(seat, $"Class did not take place: {seat.Stream.Title}", cancellationToken,
                    refunded => OutboxEmail.ClassNotHeld(refunded, clock.GetUtcNow()));
                if (done) refunded++;
                else pending++;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                pending++;
                logger.LogError(e, "Refunding enrollment {EnrollmentId} failed; the next pass tries again", seat.Id);
            }
        }

        return (refunded, pending);
    }
}
