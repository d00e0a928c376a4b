using MediatR;
using Microsoft.EntityFrameworkCore;
using Streaming.Application.Common.Exceptions;
using Streaming.Application.Common.Interfaces;
using Streaming.Application.Enrollments.Common;
using Streaming.Application.Live.Common;
using Streaming.Domain.Common;
using Streaming.Domain.Enrollments;
using Streaming.Domain.Streams;
using Streaming.Domain.Tokens;
using Streaming.Application.Common.Security;

namespace Streaming.Application.Enrollments.Commands.EnrollInStream;

/// <summary>
/// Takes a seat (Pending) and pays for it. Double clicks, retries and parallel tabs meet at the
/// seat: the class row's lock and the one-seat-per-member index let exactly one seat exist,
/// and its payment key lets exactly one charge happen.
/// </summary>
/// <param name="ExpectedPrice">The price on the button the member clicked: a new seat is never charged more.</param>
[Authorize]
public record EnrollInStreamCommand(Guid StreamId, int? ExpectedPrice = null) : IRequest<EnrollmentResult>;

public class EnrollInStreamHandler(
    IApplicationDbContext db, ICurrentUser currentUser, EnrollmentPayments payments, TimeProvider clock, ClassClosingPolicy closing)
    : IRequestHandler<EnrollInStreamCommand, EnrollmentResult>
{
    private const int MaxAttempts = 5;

    public async Task<EnrollmentResult> Handle(EnrollInStreamCommand request, CancellationToken cancellationToken)
    {
        var memberId = currentUser.Id ?? throw new ForbiddenAccessException("Log in to enroll.");
        var seat = await TakeSeatAsync(request, memberId, cancellationToken);
        if (seat.IsActive)
        {
            return new EnrollmentResult(EnrollmentOutcome.AlreadyEnrolled, seat.StreamId, seat.TokensPaid, null,
                "You are already enrolled in this class.");
        }

        if (!seat.Stream.IsOpenForEnrollment || seat.Stream.IsOverdue(clock.GetUtcNow()))
        {
            // A seat left pending in a class that closed meanwhile: the reconciliation job settles
            // (and, if it was paid, refunds) it; charging it now would only have to be undone.
            throw new DomainException(
                $"This class is {(seat.Stream.IsOpenForEnrollment ? "over" : seat.Stream.Status.ToString().ToLowerInvariant())}; your unconfirmed payment will be settled automatically.");
        }

        return await payments.PayAsync(seat, cancellationToken);
    }

    /// <summary>
    /// The member's seat: the one they already hold (active or pending payment), or a new pending one.
    /// The class row is locked while the seat is taken, so parallel enrollments queue instead of
    /// conflicting; the one-seat-per-member index still guards against anything that slips past.
    /// </summary>
    private async Task<Enrollment> TakeSeatAsync(EnrollInStreamCommand request, string memberId, CancellationToken cancellationToken)
    {
        var streamId = request.StreamId;
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
            if (request.ExpectedPrice is { } expected && expected != stream.PriceInTokens)
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
