using Streaming.Domain.Common;

namespace Streaming.Domain.Jobs;

public enum JobRunOutcome
{
    Running = 0,

    /// <summary>Every item was done (or there was nothing to do).</summary>
    Succeeded = 1,

    /// <summary>The job ran to its end but some items failed; they are tried again on the next run.</summary>
    PartlyFailed = 2,

    /// <summary>The job itself stopped with an error.</summary>
    Failed = 3,
}

/// <summary>One run of a background job, for the jobs page (the scheduler keeps no history of its own).</summary>
public class JobRun : BaseEntity
{
    public const int JobNameMaxLength = 100;
    public const int ErrorMaxLength = 2000;
    public const int InstanceMaxLength = 200;

    private JobRun()
    {
    }

    public string JobName { get; private set; } = default!;

    /// <summary>The scheduler instance (app instance) that ran it.</summary>
    public string Instance { get; private set; } = default!;

    /// <summary>Started by "Run now" or by work being queued, rather than by the job's schedule.</summary>
    public bool Manual { get; private set; }

    public DateTimeOffset StartedAt { get; private set; }

    public DateTimeOffset? FinishedAt { get; private set; }

    public JobRunOutcome Outcome { get; private set; }

    public int ItemsDone { get; private set; }

    public int ItemsFailed { get; private set; }

    public string? Error { get; private set; }

    public TimeSpan? Duration => FinishedAt - StartedAt;

    public static JobRun Start(string jobName, string instance, bool manual, DateTimeOffset now)
    {
        if (string.IsNullOrWhiteSpace(jobName)) throw new DomainException("A job run needs the job's name.");
        return new JobRun
        {
            JobName = jobName,
            Instance = string.IsNullOrWhiteSpace(instance) ? "unknown" : Truncate(instance, InstanceMaxLength)!,
            Manual = manual,
            StartedAt = now.ToUniversalTime(),
            Outcome = JobRunOutcome.Running,
        };
    }

    /// <summary>The job finished its batch: items that failed make it PartlyFailed, with the last item's error.</summary>
    public void Finish(int done, int failed, string? lastError, DateTimeOffset now)
    {
        FinishedAt = now.ToUniversalTime();
        ItemsDone = done;
        ItemsFailed = failed;
        Outcome = failed > 0 ? JobRunOutcome.PartlyFailed : JobRunOutcome.Succeeded;
        Error = Truncate(lastError, ErrorMaxLength);
    }

    /// <summary>The job stopped with an error before the end of its batch.</summary>
    public void Crash(string error, DateTimeOffset now)
    {
        FinishedAt = now.ToUniversalTime();
        Outcome = JobRunOutcome.Failed;
        Error = Truncate(string.IsNullOrWhiteSpace(error) ? "The job stopped with an error." : error, ErrorMaxLength);
    }

    private static string? Truncate(string? value, int max) => value is null || value.Length <= max ? value : value[..max];
}
