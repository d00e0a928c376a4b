using MediatR;
using Microsoft.EntityFrameworkCore;
using Streaming.Application.Common.Exceptions;
using Streaming.Application.Common.Interfaces;
using Streaming.Application.Enrollments.Common;
using Streaming.Domain.Common;
using Streaming.Domain.Enrollments;
using Streaming.Domain.Streams;
using Streaming.Application.Common.Security;

namespace Streaming.Application.Enrollments.Commands.JoinWaitlist;

/// <summary>
/// A member joins the line for a full class; nothing is charged now. Double clicks meet at the
/// one-place-per-member index. Returns the message for the page (with the place in line).
/// </summary>
[Authorize]
public record JoinWaitlistCommand(Guid StreamId) : IRequest<string>;

public class JoinWaitlistHandler(IApplicationDbContext db, ICurrentUser currentUser, TimeProvider clock) : IRequestHandler<JoinWaitlistCommand, string>
{
    public async Task<string> Handle(JoinWaitlistCommand request, CancellationToken cancellationToken)
    {
        var memberId = currentUser.Id ?? throw new ForbiddenAccessException("Log in to join the waitlist.");
        WaitlistEntry entry;
        // Locked like taking a seat: a seat freeing up at this moment is either seen (enroll instead) or given to the line after.
        await using (var transaction = await db.BeginTransactionAsync(cancellationToken))
        {
            var stream = await db.FindStreamForUpdateAsync(request.StreamId, cancellationToken)
                         ?? throw new NotFoundException(nameof(LiveStream), request.StreamId);
            var holdsSeat = await db.Enrollments.AnyAsync(
                e => e.StreamId == stream.Id && e.MemberId == memberId && (e.Status == EnrollmentStatus.Pending || e.Status == EnrollmentStatus.Active),
                cancellationToken);
            var waiting = await db.WaitlistEntries.AnyAsync(w => w.StreamId == stream.Id && w.MemberId == memberId && w.Status == WaitlistStatus.Waiting, cancellationToken);
            entry = WaitlistEntry.Join(stream, memberId, holdsSeat, waiting, clock.GetUtcNow());
            db.WaitlistEntries.Add(entry);
            try
            {
                await db.SaveChangesAsync(cancellationToken);
                await transaction.CommitAsync(cancellationToken);
            }
            catch (DbUpdateException)
            {
                throw new DomainException("You are already on the waitlist of this class.");
            }
        }

        var place = await db.WaitlistPositionAsync(entry, cancellationToken);
        return $"You joined the waitlist as number {place}."; // the page says what that means (the price, when a seat comes)
    }
}
