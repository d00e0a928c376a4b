using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Quartz;
using Streaming.Application.Common.Telemetry;
using Streaming.Domain.Jobs;
using Streaming.Infrastructure.Data;

namespace Streaming.Infrastructure.Jobs;

/// <summary>
/// The one Quartz job class: finds the <see cref="JobDefinition"/> named by the job key, runs it in a
/// scope of its own and records the run (start, duration, outcome, items) for the jobs page. Never two
/// runs of one job at once across the cluster; a run that throws is recorded as Failed and the next
/// trigger simply runs again (the work itself is idempotent). Each run is a span ("job {name}") and
/// counts in the job metrics: outcome, duration, and lag behind its scheduled time.
/// </summary>
[DisallowConcurrentExecution]
public sealed class RecordedJob(
    JobCatalog catalog, IServiceScopeFactory scopes, IDbContextFactory<ApplicationDbContext> contexts, JobsOptions options,
    ILogger<RecordedJob> logger, StreamingMetrics metrics) : IJob
{
    /// <summary>A run's start and duration are measured on the real clock, like the schedule beside them on the jobs page.</summary>
    private static readonly TimeProvider Clock = TimeProvider.System;

    /// <summary>Job data of a trigger fired by "Run now" or by queued work rather than by the schedule.</summary>
    public const string ManualKey = "manual";

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default)
    {
        var name = context.JobDetail.Key.Name;
        var definition = catalog.Find(name);
        if (definition is null)
        {
            logger.LogError("No job is defined under {Job}; its schedule is left over from another version", name);
            return;
        }

        var started = Clock.GetUtcNow();
        using var activity = StreamingMetrics.Jobs.StartActivity($"job {name}");
        activity?.SetTag("job.name", name);
        activity?.SetTag("job.instance", context.Scheduler.SchedulerInstanceId);
        var run = JobRun.Start(name, context.Scheduler.SchedulerInstanceId, context.MergedJobDataMap.ContainsKey(ManualKey), started);
        await SaveAsync(db => db.JobRuns.Add(run));
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var outcome = await definition.Run(scope.ServiceProvider, cancellationToken);
            run.Finish(outcome.Done, outcome.Failed, outcome.LastError, Clock.GetUtcNow());
            if (outcome.Failed > 0)
                logger.LogWarning("Job {Job}: {Done} done, {Failed} failed (tried again next run); last error: {Error}", name, outcome.Done, outcome.Failed, outcome.LastError);
            else if (outcome.Done > 0)
                logger.LogInformation("Job {Job}: {Done} done", name, outcome.Done);
        }
        catch (Exception e)
        {
            run.Crash(e is OperationCanceledException ? "Stopped: the app was shutting down." : e.Message, Clock.GetUtcNow());
            logger.LogError(e, "Job {Job} stopped with an error; the next run starts over", name);
        }
        finally
        {
            await SaveAsync(db => db.JobRuns.Update(run));
            await PruneAsync(name);
            var outcome = run.Outcome.ToString();
            activity?.SetTag("job.outcome", outcome);
            if (run.Outcome != JobRunOutcome.Succeeded) activity?.SetStatus(ActivityStatusCode.Error, run.Error);
            metrics.JobRan(name, outcome, Clock.GetUtcNow() - started, started - context.ScheduledFireTimeUtc);
        }
    }

    private async Task SaveAsync(Action<ApplicationDbContext> change)
    {
        await using var db = await contexts.CreateDbContextAsync(CancellationToken.None);
        change(db);
        await db.SaveChangesAsync(CancellationToken.None);
    }

    private async Task PruneAsync(string name)
    {
        await using var db = await contexts.CreateDbContextAsync(CancellationToken.None);
        var keep = db.JobRuns.Where(r => r.JobName == name).OrderByDescending(r => r.StartedAt).Take(options.HistoryPerJob).Select(r => r.Id);
        await db.JobRuns.Where(r => r.JobName == name && !keep.Contains(r.Id)).ExecuteDeleteAsync(CancellationToken.None);
    }
}
