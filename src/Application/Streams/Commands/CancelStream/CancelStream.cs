using MediatR;
using Microsoft.EntityFrameworkCore;
using Streaming.Application.Common.Exceptions;
using Streaming.Application.Common.Interfaces;
using Streaming.Application.Streams.Common;
using Streaming.Domain.Enrollments;
using Streaming.Domain.Streams;
using Streaming.Application.Common.Security;

namespace Streaming.Application.Streams.Commands.CancelStream;

/// <summary>
/// The instructor (or a super admin) cancels a scheduled class. Each enrolled member's "class
/// cancelled" email is queued with the cancellation itself; every paid seat is refunded once it
/// has committed, by <see cref="EventHandlers.StreamCancelledRefundsHandler"/> (each refund idempotent).
/// </summary>
/// <param name="Reason">Why a super admin cancelled it in moderation (kept on the class); null when the instructor cancels.</param>
[Authorize(Policy = Policies.StreamOwner)]
public record CancelStreamCommand(Guid StreamId, string? Reason = null) : IRequest<CancelStreamResult>;

/// <param name="Refunded">Paid seats whose tokens went back.</param>
/// <param name="PendingRefunds">Refunds the ledger did not confirm yet; the reconciliation job retries them.</param>
public record CancelStreamResult(int Refunded, int PendingRefunds);

public class CancelStreamHandler(IApplicationDbContext db, ICurrentUser currentUser, TimeProvider clock)
    : IRequestHandler<CancelStreamCommand, CancelStreamResult>
{
    public async Task<CancelStreamResult> Handle(CancelStreamCommand request, CancellationToken cancellationToken)
    {
        var owned = await db.FindOwnedAsync(currentUser, request.StreamId, cancellationToken);
        List<Guid> paidSeats;
        // Locked: members may be taking seats at this very moment; they wait, then find it cancelled.
        await using (var transaction = await db.BeginTransactionAsync(cancellationToken))
        {
            var stream = await db.FindStreamForUpdateAsync(owned.Id, cancellationToken) ?? throw new NotFoundException(nameof(LiveStream), owned.Id);
            paidSeats = await db.Enrollments.Where(e => e.StreamId == stream.Id && e.Status == EnrollmentStatus.Active && e.TokensPaid > 0)
                .Select(e => e.Id).ToListAsync(cancellationToken);
            // StreamCancelled: the members' emails are queued in this save, and the seats are
            // refunded as soon as it commits (StreamCancelledRefundsHandler).
            stream.Cancel(clock.GetUtcNow(), request.Reason);
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }

        // What the refunds achieved, read back for the instructor: a seat still Active waits for the job.
        var pending = await db.Enrollments.AsNoTracking()
            .CountAsync(e => paidSeats.Contains(e.Id) && e.Status == EnrollmentStatus.Active, cancellationToken);
        return new CancelStreamResult(paidSeats.Count - pending, pending);
    }
}
