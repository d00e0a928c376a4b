using MediatR;
using Microsoft.EntityFrameworkCore;
using Streaming.Application.Common.Exceptions;
using Streaming.Application.Common.Interfaces;
using Streaming.Domain.Enrollments;
using Streaming.Application.Common.Security;

namespace Streaming.Application.Enrollments.Commands.LeaveWaitlist;

/// <summary>A member leaves the line for a class (their own place only: anyone else's is a 404).</summary>
[Authorize]
public record LeaveWaitlistCommand(Guid StreamId) : IRequest<string>;

public class LeaveWaitlistHandler(IApplicationDbContext db, ICurrentUser currentUser, TimeProvider clock) : IRequestHandler<LeaveWaitlistCommand, string>
{
    public async Task<string> Handle(LeaveWaitlistCommand request, CancellationToken cancellationToken)
    {
        var memberId = currentUser.Id ?? throw new ForbiddenAccessException("Log in first.");
        var entry = await db.WaitlistEntries.Include(w => w.Stream)
                        .SingleOrDefaultAsync(w => w.StreamId == request.StreamId && w.MemberId == memberId && w.Status == WaitlistStatus.Waiting, cancellationToken)
                    ?? throw new NotFoundException(nameof(WaitlistEntry), request.StreamId);
        entry.Leave(clock.GetUtcNow());
        await db.SaveChangesAsync(cancellationToken);
        return $"You left the waitlist of {entry.Stream.Title}.";
    }
}
