namespace Streaming.Application.Common.Interfaces;

/// <summary>
/// The background job scheduler (Quartz, clustered on PostgreSQL): what is scheduled, and "run this
/// job now" — for the jobs page, and for handlers that queue work (a clip requested, a class ended)
/// so it starts at once instead of at the next periodic sweep.
/// </summary>
public interface IJobScheduler
{
    /// <summary>False when background jobs are turned off (<c>Jobs:Enabled=false</c>): nothing runs by itself.</summary>
    bool IsEnabled { get; }

    /// <summary>Every registered job with its schedule and next run, in registration order.</summary>
    Task<IReadOnlyList<ScheduledJob>> GetJobsAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Runs the job as soon as the cluster can (never twice at once: a run in progress finishes first).
    /// False when there is no such job, jobs are turned off, or the scheduler could not be reached
    /// (logged; the job's periodic sweep still picks the work up).
    /// </summary>
    Task<bool> TriggerAsync(string jobName, CancellationToken cancellationToken);
}

/// <param name="Schedule">The cron expression (Quartz syntax: seconds first).</param>
/// <param name="NextRun">The next scheduled run; null when jobs are off.</param>
public sealed record ScheduledJob(string Name, string Description, string Schedule, DateTimeOffset? NextRun);
