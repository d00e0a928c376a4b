using Microsoft.Extensions.Logging;
using Streaming.Application.Common.Interfaces;
using Streaming.Application.Notifications.Common;
using Streaming.Domain.Notifications;

namespace Streaming.Application.Notifications.Commands.SendQueuedEmails;

/// <summary>
/// One try at an outbox email: composed and handed to the mail server (Sent), or skipped when there
/// is nothing to send (an opt-out, a deleted account), or its failure recorded on the email for the
/// retry policy (a permanent refusal fails it at once). The caller holds the row's lock and saves.
/// </summary>
public sealed class EmailDelivery(EmailComposer composer, IEmailSender sender, TimeProvider clock, OutboxRetryPolicy retryPolicy, ILogger logger)
{
    /// <summary>Null when the email was sent or skipped; otherwise why this try failed.</summary>
    public async Task<Exception?> TryDeliverAsync(OutboxEmail email, CancellationToken cancellationToken)
    {
        try
        {
            var composition = await composer.ComposeAsync(email, cancellationToken);
            if (composition.Message is { } message)
            {
                await sender.SendAsync(message, cancellationToken);
                email.MarkSent(clock.GetUtcNow());
            }
            else
            {
                email.Skip(composition.SkipReason ?? "Not sent.", clock.GetUtcNow());
            }

            return null;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            var permanent = e is EmailDeliveryException { Permanent: true };
            email.RecordFailure(e.Message, permanent, clock.GetUtcNow(), retryPolicy);
            logger.LogWarning(e, "Email {Id} ({Kind}) not sent, try {Attempt}: {Status}", email.Id, email.Kind, email.Attempts, email.Status);
            return e;
        }
    }
}
