using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Quartz;
using Streaming.Application.Common.Interfaces;
using Streaming.Application.Common.Jobs;
using Streaming.Application.Enrollments.Commands.FillFreedSeats;
using Streaming.Application.Enrollments.Commands.ReconcileEnrollments;
using Streaming.Application.Live.Commands.AssembleReplays;
using Streaming.Application.Live.Commands.CloseOverdueClasses;
using Streaming.Application.Notifications.Commands.QueueClassReminders;
using Streaming.Application.Notifications.Commands.QueueReplayExpiryNotices;
using Streaming.Application.Notifications.Commands.SendQueuedEmails;
using Streaming.Application.Purchases.Commands.ReconcilePurchases;
using Streaming.Application.Recordings.Commands.CutClips;
using Streaming.Application.Streams.Commands.DeleteExpiredRecordings;
using Streaming.Application.Workouts.Commands.MigrateToWorkoutCatalog;

namespace Streaming.Infrastructure.Jobs;

public static class JobsServiceCollectionExtensions
{
    /// <summary>
    /// Every background job: name, what it does, default schedule (Quartz cron, seconds first, UTC) and
    /// the command one run sends. To add a job, add one line here; <c>Jobs:Schedules:{name}</c> moves it.
    /// </summary>
    public static IReadOnlyList<JobDefinition> Definitions { get; } =
    [
        JobDefinition.Command(JobNames.RecordingCleanup, "Deletes the recordings of classes whose replay window has closed, except those kept for the workout catalog.",
            "0 0 2 * * ?", new DeleteExpiredRecordingsCommand()),
        JobDefinition.Command(JobNames.WorkoutCatalog, "Moves kept classes into the on-demand workout catalog once their migration date has passed.",
            "0 0 3 * * ?", new MigrateToWorkoutCatalogCommand()),
        JobDefinition.Command(JobNames.PaymentReconciliation, "Settles payments the token ledger did not confirm and retries refunds.",
            "0 * * * * ?", new ReconcileEnrollmentsCommand(), r => new JobOutcome(r.Activated + r.Failed + r.Refunded, r.Unresolved,
                r.Unresolved > 0 ? $"{r.Unresolved} payment(s) or refund(s) the ledger could not settle yet" : null)),
        JobDefinition.Command(JobNames.PurchaseReconciliation, "Reads back token purchases whose checkout nobody reported (no webhook, tab closed) and credits or expires them.",
            "45 * * * * ?", new ReconcilePurchasesCommand(), r => new JobOutcome(r.Completed + r.Expired, r.Unreachable, r.LastError)),
        JobDefinition.Command(JobNames.ReplayAssembly, "Turns the recording chunks of ended classes into replay MP4s (also started when a class ends).",
            "30 * * * * ?", new AssembleReplaysCommand()),
        JobDefinition.Command(JobNames.ClipCutting, "Cuts requested clips with FFmpeg (also started when a clip is requested).",
            "15 * * * * ?", new CutClipsCommand()),
        JobDefinition.Command(JobNames.ClassClosing, "Ends live classes whose broadcaster is gone or whose time is over, closes classes that never went live, and refunds the paid seats of classes that did not take place.",
            "45 * * * * ?", new CloseOverdueClassesCommand(), r => new JobOutcome(r.Ended + r.NotHeld + r.Refunded, r.RefundsPending + r.Failed,
                r.Failed > 0 ? $"{r.Failed} class(es) could not be closed" : r.RefundsPending > 0 ? $"{r.RefundsPending} refund(s) the ledger did not confirm yet" : null)),
        JobDefinition.Command(JobNames.Waitlist, "Gives seats still free (a failed payment, or a seat a cancellation or a larger capacity could not give at once) to the members in line, and closes the lines of classes that started.",
            "50 * * * * ?", new FillFreedSeatsCommand(), r => new JobOutcome(r.Given + r.Skipped + r.Closed, r.Failed, r.LastError)),
        JobDefinition.Command(JobNames.EmailOutbox, "Sends queued emails; one the mail server does not take is tried again later (also started when mail is queued).",
            "0/30 * * * * ?", new SendQueuedEmailsCommand()),
        JobDefinition.Command(JobNames.ClassReminders, "Queues \"your class starts in 15 minutes\" for members enrolled in classes about to start.",
            "5 * * * * ?", new QueueClassRemindersCommand()),
        JobDefinition.Command(JobNames.ReplayExpiryNotices, "Queues \"the replay expires in 24 hours\" for enrolled members who have not watched it whole.",
            "0 10 * * * ?", new QueueReplayExpiryNoticesCommand()),
    ];

    public static TriggerKey ScheduleKey(string jobName) => new($"{jobName}.schedule");

    /// <summary>
    /// The jobs (<see cref="Definitions"/>), the retry policy their items use, and — with
    /// <c>Jobs:Enabled</c> — Quartz with its PostgreSQL job store in clustered mode (its tables come
    /// with the app's migrations), started and stopped with the app.
    /// </summary>
    public static IServiceCollection AddBackgroundJobs(this IServiceCollection services, IConfiguration configuration, string connectionString)
    {
        var options = configuration.GetSection(JobsOptions.Section).Get<JobsOptions>() ?? new JobsOptions();
        foreach (var (job, cron) in options.Schedules)
        {
            if (Definitions.All(d => d.Name != job))
                throw new InvalidOperationException($"Jobs:Schedules:{job}: there is no job of that name ({string.Join(", ", Definitions.Select(d => d.Name))}).");
            if (!CronExpression.TryParse(cron, out _))
                throw new InvalidOperationException($"Jobs:Schedules:{job}: \"{cron}\" is not a cron expression (Quartz syntax, seconds first, e.g. \"0 0 2 * * ?\").");
        }

        var retry = configuration.GetSection(JobRetryOptions.Section).Get<JobRetryOptions>() ?? new JobRetryOptions();
        if (retry.Attempts < 1 || retry.Delay < TimeSpan.Zero) throw new InvalidOperationException("Jobs:Retry:Attempts must be at least 1 and Jobs:Retry:Delay not negative.");
        services.AddSingleton(new JobRetry(retry));

        services.AddSingleton(options);
        var catalog = new JobCatalog(Definitions, options);
        services.AddSingleton(catalog);
        if (!options.Enabled)
        {
            services.AddSingleton<IJobScheduler, DisabledJobScheduler>();
            return services;
        }

        services.AddSingleton<IJobScheduler, QuartzJobScheduler>();
        services.AddQuartz(q =>
        {
            q.ConfigureScheduler(scheduler =>
            {
                scheduler.InstanceName = "Streaming"; // the cluster: every instance with this name shares the schedule
                if (!string.IsNullOrWhiteSpace(options.InstanceId)) scheduler.InstanceId = options.InstanceId;
            });
            // Quartz would take the app's TimeProvider from the container; schedules follow the real clock.
            q.UseTimeProvider(TimeProvider.System);
            q.UseDefaultThreadPool(options.MaxConcurrency);
            q.UsePersistentStore(store =>
            {
                store.UsePostgres(connectionString);
                store.UseClustering();
            });
            foreach (var job in catalog.Jobs)
            {
                q.AddJob<RecordedJob>(j => j.WithIdentity(job.Name).WithDescription(job.Description).StoreDurably());
                q.AddTrigger(t => t.ForJob(job.Name).WithIdentity(ScheduleKey(job.Name))
                    .WithCronSchedule(catalog.ScheduleOf(job), c => c.InTimeZone(TimeZoneInfo.Utc).WithMisfireInstruction(CronTriggerMisfireInstruction.FireAndProceed)));
            }
        });
        services.AddQuartzHostedService(o => o.WaitForJobsToComplete = true);
        return services;
    }
}
