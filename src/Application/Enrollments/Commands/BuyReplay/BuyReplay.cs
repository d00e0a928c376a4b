using MediatR;
using Microsoft.EntityFrameworkCore;
using Streaming.Application.Common.Exceptions;
using Streaming.Application.Common.Interfaces;
using Streaming.Application.Enrollments.Common;
using Streaming.Domain.Common;
using Streaming.Domain.Enrollments;
using Streaming.Domain.Live;
using Streaming.Domain.Streams;
using Streaming.Application.Common.Security;

namespace Streaming.Application.Enrollments.Commands.BuyReplay;

/// <summary>
/// A member buys replay-only access to an ended class, within its replay window. The same money
/// rules as enrolling: a Pending access first, paid under its own idempotency key, so double
/// clicks, retries and parallel tabs meet at the one-access-per-member index and pay once; a
/// ledger that does not answer leaves it pending for a retry or the reconciliation job.
/// </summary>
/// <param name="ExpectedPrice">The price on the button the member clicked: never charged more.</param>
[Authorize]
public record BuyReplayCommand(Guid StreamId, int? ExpectedPrice = null) : IRequest<EnrollmentResult>;

public class BuyReplayHandler(IApplicationDbContext db, ICurrentUser currentUser, EnrollmentPayments payments, TimeProvider clock)
    : IRequestHandler<BuyReplayCommand, EnrollmentResult>
{
    private const int MaxAttempts = 5;

    public async Task<EnrollmentResult> Handle(BuyReplayCommand request, CancellationToken cancellationToken)
    {
        var memberId = currentUser.Id ?? throw new ForbiddenAccessException("Log in to buy the replay.");
        var access = await TakeAccessAsync(request, memberId, cancellationToken);
        if (access.IsActive)
            return new EnrollmentResult(EnrollmentOutcome.AlreadyEnrolled, access.StreamId, access.TokensPaid, null, "You already have access to this replay.");
        if (access.Kind == EnrollmentKind.Class)
            throw new DomainException("Your unconfirmed payment for this class will be settled automatically; the replay comes with it.");
        return await payments.PayAsync(access, cancellationToken);
    }

    /// <summary>The member's access (a seat or a replay purchase, active or pending) or a new pending replay purchase.</summary>
    private async Task<Enrollment> TakeAccessAsync(BuyReplayCommand request, string memberId, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var stream = await db.Streams.SingleOrDefaultAsync(s => s.Id == request.StreamId, cancellationToken)
                         ?? throw new NotFoundException(nameof(LiveStream), request.StreamId);
            var held = await db.Enrollments.Include(e => e.Stream).SingleOrDefaultAsync(
                e => e.StreamId == stream.Id && e.MemberId == memberId && (e.Status == EnrollmentStatus.Pending || e.Status == EnrollmentStatus.Active),
                cancellationToken);
            if (held is not null) return held;
            if (request.ExpectedPrice is { } expected && expected != stream.ReplayPrice)
                throw new DomainException($"The price of this replay changed to {stream.ReplayPrice} tokens. Check it and buy again.");

            var ready = await db.LiveRecordings.AnyAsync(r => r.StreamId == stream.Id && r.Status == LiveRecordingStatus.Available, cancellationToken);
            var access = Enrollment.OpenReplayOnly(stream, memberId, memberHoldsSeat: false, ready, clock.GetUtcNow());
            db.Enrollments.Add(access);
            try
            {
                await db.SaveChangesAsync(cancellationToken);
                return access;
            }
            catch (DbUpdateException) when (attempt < MaxAttempts)
            {
                // A second click or tab saved its pending access first (the one-access index): take that one.
                db.DiscardChanges();
            }
        }
    }
}
