using MediatR;
using Streaming.Application.Common.Exceptions;
using Streaming.Application.Common.Interfaces;
using Streaming.Application.Enrollments.Common;
using Streaming.Domain.Common;
using Streaming.Domain.Enrollments;
using Streaming.Domain.Streams;
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
    public async Task<EnrollmentResult> Handle(EnrollInStreamCommand request, CancellationToken cancellationToken)
    {
        var memberId = currentUser.Id ?? throw new ForbiddenAccessException("Log in to enroll.");
        var seat = await new SeatTaking(db, clock, closing).TakeAsync(request.StreamId, memberId, request.ExpectedPrice, cancellationToken);
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
}
