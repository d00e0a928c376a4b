using MediatR;
using Microsoft.EntityFrameworkCore;
using Streaming.Application.Common.Exceptions;
using Streaming.Application.Common.Interfaces;
using Streaming.Application.Notifications.Common;
using Streaming.Domain.Common;
using Streaming.Domain.Notifications;

namespace Streaming.Application.Account.Commands.ResendConfirmation;

/// <summary>
/// "Send the confirmation email again" from the banner. A confirmation still waiting to go out is
/// not doubled: pressing the button five times queues one email.
/// </summary>
public record ResendConfirmationCommand : IRequest<Unit>;

public class ResendConfirmationHandler(IApplicationDbContext db, ICurrentUser currentUser, IAccountEmailService accounts, IJobScheduler jobs, TimeProvider clock)
    : IRequestHandler<ResendConfirmationCommand, Unit>
{
    public async Task<Unit> Handle(ResendConfirmationCommand request, CancellationToken cancellationToken)
    {
        var userId = currentUser.Id ?? throw new ForbiddenAccessException("Log in first.");
        if (await accounts.IsEmailConfirmedAsync(userId, cancellationToken)) throw new DomainException("Your email address is already confirmed.");
        var waiting = await db.OutboxEmails.AnyAsync(
            e => e.RecipientId == userId && e.Kind == EmailKind.ConfirmEmail && e.Status == OutboxEmailStatus.Pending, cancellationToken);
        if (!waiting)
        {
            db.OutboxEmails.Add(OutboxEmail.ConfirmEmail(userId, clock.GetUtcNow()));
            await db.SaveChangesAsync(cancellationToken);
        }

        await jobs.SendQueuedEmailsSoonAsync(cancellationToken);
        return Unit.Value;
    }
}
