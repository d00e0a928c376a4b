using MediatR;
using Microsoft.EntityFrameworkCore;
using Streaming.Application.Common.Exceptions;
using Streaming.Application.Common.Interfaces;
using Streaming.Application.Notifications.Common;
using Streaming.Domain.Notifications;
using Streaming.Domain.Users;
using Streaming.Application.Common.Security;

namespace Streaming.Application.Admin.Commands.RetryEmail;

/// <summary>A super admin sends a failed email again (from /admin/jobs), e.g. once the mail server is fixed.</summary>
[Authorize(Roles = Roles.SuperAdmin)]
public record RetryEmailCommand(Guid EmailId) : IRequest<Unit>;

public class RetryEmailHandler(IApplicationDbContext db, IJobScheduler jobs, TimeProvider clock) : IRequestHandler<RetryEmailCommand, Unit>
{
    public async Task<Unit> Handle(RetryEmailCommand request, CancellationToken cancellationToken)
    {
        var email = await db.OutboxEmails.SingleOrDefaultAsync(e => e.Id == request.EmailId, cancellationToken)
            ?? throw new NotFoundException(nameof(OutboxEmail), request.EmailId);
        email.Retry(clock.GetUtcNow());
        await db.SaveChangesAsync(cancellationToken);
        await jobs.SendQueuedEmailsSoonAsync(cancellationToken);
        return Unit.Value;
    }
}
