using Microsoft.Extensions.Logging;
using Quartz;
using Streaming.Application.Common.Interfaces;

namespace Streaming.Infrastructure.Jobs;

/// <summary><see cref="IJobScheduler"/> on the app's Quartz scheduler (clustered on PostgreSQL).</summary>
public sealed class QuartzJobScheduler(ISchedulerFactory schedulers, JobCatalog catalog, ILogger<QuartzJobScheduler> logger) : IJobScheduler
{
    public bool IsEnabled => true;

    public async Task<IReadOnlyList<ScheduledJob>> GetJobsAsync(CancellationToken cancellationToken)
    {
        var scheduler = await schedulers.GetScheduler(cancellationToken);
        var jobs = new List<ScheduledJob>();
        foreach (var job in catalog.Jobs)
        {
            var trigger = await scheduler.GetTrigger(JobsRegistration.ScheduleKey(job.Name), cancellationToken);
            jobs.Add(new ScheduledJob(job.Name, job.Description, (trigger as ICronTrigger)?.CronExpressionString ?? catalog.ScheduleOf(job),
                trigger?.NextFireTimeUtc));
        }

        return jobs;
    }

    public async Task<bool> TriggerAsync(string jobName, CancellationToken cancellationToken)
    {
        if (catalog.Find(jobName) is null) return false;
        try
        {
            var scheduler = await schedulers.GetScheduler(cancellationToken);
            await scheduler.TriggerJob(new JobKey(jobName), new JobDataMap { [RecordedJob.ManualKey] = true }, cancellationToken);
            return true;
        }
        catch (Exception e) when (e is SchedulerException or InvalidOperationException)
        {
            logger.LogWarning(e, "Could not start job {Job} now; its schedule will run it", jobName);
            return false;
        }
    }
}

/// <summary>Jobs turned off (<c>Jobs:Enabled=false</c>): the jobs are listed, nothing is scheduled or started.</summary>
public sealed class DisabledJobScheduler(JobCatalog catalog) : IJobScheduler
{
    public bool IsEnabled => false;

    public Task<IReadOnlyList<ScheduledJob>> GetJobsAsync(CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<ScheduledJob>>(catalog.Jobs.Select(j => new ScheduledJob(j.Name, j.Description, catalog.ScheduleOf(j), null)).ToList());

    public Task<bool> TriggerAsync(string jobName, CancellationToken cancellationToken) => Task.FromResult(false);
}
