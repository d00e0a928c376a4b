using Microsoft.EntityFrameworkCore;
using Streaming.Application.Common.Exceptions;
using Streaming.Application.Common.Interfaces;
using Streaming.Application.Live.Common;
using Streaming.Domain.Common;
using Streaming.Domain.Enrollments;
using Streaming.Domain.Streams;
using Streaming.Domain.Tokens;

namespace Streaming.Application.Enrollments.Commands.EnrollInStream;

/// <summary>Takes a member's seat in a class under the class row's lock (the first half of enrolling; paying is the second).</summary>
public sealed class SeatTaking(IApplicationDbContext db, TimeProvider clock, ClassClosingPolicy closing)
{
    private const int MaxAttempts = 5;

    /// <summary>
    /// The member's seat: the one they already hold (active or pending payment), or a new pending one.
    /// The class row is locked while the seat is taken, so parallel enrollments queue instead of
    /// conflicting; the one-seat-per-member index still guards against anything that slips past.
    /// </summary>
    public async Task<Enrollment> TakeAsync(Guid streamId, string memberId, int? expectedPrice, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            await using var transaction = await db.BeginTransactionAsync(cancellationToken);
            var stream = await db.FindStreamForUpdateAsync(streamId, cancellationToken)
                ?? throw new NotFoundException(nameof(LiveStream), streamId);
            var held = await db.Enrollments.SingleOrDefaultAsync(
                e => e.StreamId == streamId && e.MemberId == memberId
                     && (e.Status == EnrollmentStatus.Pending || e.Status == EnrollmentStatus.Active),
                cancellationToken);
            if (held is not null) return held;
            if (expectedPrice is { } expected && expected != stream.PriceInTokens)
                throw new DomainException($"The price of this class changed to {TokenCount.Format(stream.PriceInTokens)}. Check it and enroll again.");

            stream.EnsureTakesEnrollments(clock.GetUtcNow(), await db.BroadcasterLastSeenAsync(streamId, cancellationToken), closing);
            var enrollment = Enrollment.Open(stream, memberId, memberHoldsSeat: false, clock.GetUtcNow());
            db.Enrollments.Add(enrollment);
            try
            {
                await db.SaveChangesAsync(cancellationToken);
                await transaction.CommitAsync(cancellationToken);
                return enrollment;
            }
            catch (DbUpdateException) when (attempt < MaxAttempts)
            {
                // Rare with the lock: a change that does not lock the row (e.g. an edit by the
                // instructor) moved its version meanwhile. Look again.
                await transaction.RollbackAsync(cancellationToken);
                db.DiscardChanges();
                await Task.Delay(Random.Shared.Next(5, 20) * attempt, cancellationToken);
            }
        }
    }
}
