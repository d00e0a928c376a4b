using MediatR;
using Microsoft.EntityFrameworkCore;
using Streaming.Application.Common.Exceptions;
using Streaming.Application.Common.Interfaces;
using Streaming.Application.Enrollments.Common;
using Streaming.Application.Notifications.Common;
using Streaming.Application.Streams.Common;
using Streaming.Domain.Enrollments;
using Streaming.Domain.Streams;
using Streaming.Application.Common.Security;

namespace Streaming.Application.Streams.Commands.CancelStream;

/// <summary>
/// The instructor cancels a scheduled class; every paid seat is refunded (each refund idempotent).
/// Each enrolled member's "class cancelled" email is queued with the cancellation itself.
/// </summary>
/// <param name="Reason">Why a super admin cancelled it in moderation (kept on the class); null when the instructor cancels.</param>
[Authorize(Policy = Policies.StreamOwner)]
public record CancelStreamCommand(Guid StreamId, string? Reason = null) : IRequest<CancelStreamResult>;

/// <param name="Refunded">Paid seats whose tokens went back.</param>
/// <param name="PendingRefunds">Refunds the ledger did not confirm yet; the reconciliation job retries them.</param>
public record CancelStreamResult(int Refunded, int PendingRefunds);

public class CancelStreamHandler(IApplicationDbContext db, ICurrentUser currentUser, EnrollmentPayments payments, IJobScheduler jobs, TimeProvider clock)
    : IRequestHandler<CancelStreamCommand, CancelStreamResult>
{
    public async Task<CancelStreamResult> Handle(CancelStreamCommand request, CancellationToken cancellationToken)
    {
        var owned = await db.FindOwnedAsync(currentUser, request.StreamId, cancellationToken);
        LiveStream stream;
        // Locked: members may be taking seats at this very moment; they wait, then find it cancelled.
        await using (var transaction = await db.BeginTransactionAsync(cancellationToken))
        {
            stream = await db.FindStreamForUpdateAsync(owned.Id, cancellationToken) ?? throw new NotFoundException(nameof(LiveStream), owned.Id);
            stream.Cancel(clock.GetUtcNow(), request.Reason); // StreamCancelled: its handler queues the members' emails in this save
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }

        await jobs.SendQueuedEmailsSoonAsync(cancellationToken);

        var seats = await db.Enrollments.AsNoTracking().Include(e => e.Stream)
            .Where(e => e.StreamId == stream.Id && e.Status == EnrollmentStatus.Active)
            .ToListAsync(cancellationToken);
        int refunded = 0, pending = 0;
        foreach (var enrollment in seats)
        {
            var (done, _) = await payments.RefundAsync(enrollment, $"Class cancelled: {stream.Title}", cancellationToken);
            if (!done) pending++;
            else if (enrollment.TokensPaid > 0) refunded++;
        }

        return new CancelStreamResult(refunded, pending);
    }
}
