using Streaming.Application.Common.Interfaces;
using Streaming.Application.Common.Jobs;

namespace Streaming.Application.Notifications.Common;

public static class OutboxSending
{
    /// <summary>
    /// Starts the outbox job now, after the emails it should send were committed; its schedule picks
    /// them up anyway if the scheduler cannot be reached (or jobs are off).
    /// </summary>
    public static Task SendQueuedEmailsSoonAsync(this IJobScheduler jobs, CancellationToken cancellationToken) =>
        jobs.TriggerAsync(JobNames.EmailOutbox, cancellationToken);
}
