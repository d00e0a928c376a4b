using MediatR;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Streaming.Application.Common.Exceptions;
using Streaming.Application.Common.Interfaces;
using Streaming.Application.Common.Options;
using Streaming.Application.Enrollments.Common;
using Streaming.Domain.Common;
using Streaming.Domain.Enrollments;
using Streaming.Domain.Tokens;
using Streaming.Application.Common.Security;

namespace Streaming.Application.Enrollments.Commands.CancelEnrollment;

/// <summary>A member cancels their own enrollment before the cancellation window and gets the tokens back.</summary>
[Authorize(Policy = Policies.EnrollmentOwner, Resource = nameof(CancelEnrollmentCommand.EnrollmentId))]
public record CancelEnrollmentCommand(Guid EnrollmentId) : IRequest<string>;

public class CancelEnrollmentHandler(
    IApplicationDbContext db, ICurrentUser currentUser, EnrollmentPayments payments, TimeProvider clock, IOptions<EnrollmentOptions> options,
    WaitlistSeats waitlist, ILogger<CancelEnrollmentHandler> logger)
    : IRequestHandler<CancelEnrollmentCommand, string>
{
    public async Task<string> Handle(CancelEnrollmentCommand request, CancellationToken cancellationToken)
    {
        var memberId = currentUser.Id ?? throw new ForbiddenAccessException("Log in first.");
        var enrollment = await db.Enrollments.Include(e => e.Stream)
            .SingleOrDefaultAsync(e => e.Id == request.EnrollmentId && e.MemberId == memberId, cancellationToken)
            ?? throw new NotFoundException(nameof(Enrollment), request.EnrollmentId);

        enrollment.EnsureMemberCanCancel(clock.GetUtcNow(), options.Value.CancellationWindow);
        var (refunded, error) = await payments.RefundAsync(enrollment, $"Cancelled enrollment: {enrollment.Stream.Title}", cancellationToken,
            byMember: true);
        if (!refunded) throw new DomainException($"The refund did not go through ({error}). Your enrollment is unchanged; please try again.");
        await GiveTheSeatToTheWaitlistAsync(enrollment.StreamId);

        return enrollment.TokensPaid > 0
            ? $"Your enrollment in {enrollment.Stream.Title} is cancelled and {TokenCount.Format(enrollment.TokensPaid)} are back in your balance."
            : $"Your enrollment in {enrollment.Stream.Title} is cancelled.";
    }

    /// <summary>The freed seat goes to the first in line at once; if that fails, the waitlist job gives it a minute later.</summary>
    private async Task GiveTheSeatToTheWaitlistAsync(Guid streamId)
    {
        try
        {
            await waitlist.FillAsync(streamId, CancellationToken.None);
        }
        catch (Exception e)
        {
            logger.LogError(e, "Giving the freed seat of class {StreamId} to its waitlist failed; the waitlist job tries again", streamId);
        }
    }
}
