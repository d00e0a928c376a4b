using MediatR;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Streaming.Application.Common.Interfaces;
using Streaming.Application.Common.Jobs;
using Streaming.Application.Notifications.Common;
using Streaming.Domain.Notifications;

namespace Streaming.Application.Notifications.Commands.SendQueuedEmails;

/// <summary>
/// The outbox job: sends the emails that are due, one at a time, each under its own row lock. A sent
/// email is recorded as Sent in the same transaction that held the lock, so no run sends it again;
/// one the server did not take waits and is tried again later (then Failed, shown on /admin/jobs).
/// </summary>
public record SendQueuedEmailsCommand : IRequest<JobOutcome>;

public class SendQueuedEmailsHandler(
    IApplicationDbContext db, EmailComposer composer, IEmailSender sender, TimeProvider clock, IOptions<EmailOutboxOptions> options,
    ILogger<SendQueuedEmailsHandler> logger)
    : IRequestHandler<SendQueuedEmailsCommand, JobOutcome>
{
    public async Task<JobOutcome> Handle(SendQueuedEmailsCommand request, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var due = await db.OutboxEmails.AsNoTracking()
            .Where(e => e.Status == OutboxEmailStatus.Pending && e.NextAttemptAt <= now)
            .OrderBy(e => e.NextAttemptAt).ThenBy(e => e.CreatedAt)
            .Select(e => e.Id).Take(options.Value.BatchSize)
            .ToListAsync(cancellationToken);

        var delivery = new EmailDelivery(composer, sender, clock, options.Value.RetryPolicy, logger);
        var tally = new JobTally();
        foreach (var id in due)
        {
            var failure = await SendOneAsync(id, delivery, cancellationToken);
            if (failure is null) tally.Succeeded();
            else tally.Failed($"Email {id}", failure);
        }

        return tally.Outcome;
    }

    /// <summary>Under the email's row lock: null when it was sent or skipped (or someone else has it); otherwise why this try failed.</summary>
    private async Task<Exception?> SendOneAsync(Guid id, EmailDelivery delivery, CancellationToken cancellationToken)
    {
        db.DiscardChanges();
        await using var transaction = await db.BeginTransactionAsync(cancellationToken);
        var email = await db.LockDueEmailAsync(id, clock.GetUtcNow(), cancellationToken);
        if (email is null) return null;

        var failure = await delivery.TryDeliverAsync(email, cancellationToken);

        // Whatever the send did is recorded even if the job is being stopped now.
        await db.SaveChangesAsync(CancellationToken.None);
        await transaction.CommitAsync(CancellationToken.None);
        return failure;
    }
}
