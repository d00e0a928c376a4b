using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
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
using Streaming.Application.Recordings.Commands.CopyRemoteRecordings;
using Streaming.Application.Recordings.Commands.CutClips;
using Streaming.Application.Streams.Commands.DeleteExpiredRecordings;
using Streaming.Application.Workouts.Commands.MigrateToWorkoutCatalog;

namespace Streaming.Infrastructure.Jobs;

public static class JobsRegistration
{
    /// <summary>
    /// Every background job: name, what it does, default schedule (Quartz cron, seconds first, UTC) and
    /// the command one run sends. To add a job, add one line here; <c>Jobs:Schedules:{name}</c> moves it.
    /// </summary>
    public static IReadOnlyList<JobDefinition> Definitions { get; } =
    [
        JobDefinition.Command(JobNames.RecordingCleanup, "Deletes the recordings of classes whose replay window has closed, except those kept for the workout catalog.",
            "0 0 2 * * ?", new DeleteExpiredRecordingsCommand()),
        JobDefinition.Command(JobNames.WorkoutCatalog, "Moves kept classes into the on-demand workout catalog once their migration date has passed, then deletes their recording chunks (the workout plays the assembled replay).",
            "0 0 3 * * ?", new MigrateToWorkoutCatalogCommand()),
        JobDefinition.Command(JobNames.PaymentReconciliation, "Settles payments the token ledger did not confirm and retries refunds.",
            "0 * * * * ?", new ReconcileEnrollmentsCommand(), r => new JobOutcome(r.Activated + r.Failed + r.Refunded, r.Unresolved,
                r.Unresolved > 0 ? $"{r.Unresolved} payment(s) or refund(s) the ledger could not settle yet" : null)),
        JobDefinition.Command(JobNames.PurchaseReconciliation, "Reads back token purchases whose checkout nobody reported (no webhook, tab closed) and credits or expires them.",
            "40 * * * * ?", new ReconcilePurchasesCommand(), r => new JobOutcome(r.Completed + r.Expired, r.Unreachable, r.LastError)),
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
        JobDefinition.Command(JobNames.RecordingCopy, "Copies meeting and call recordings kept at plain URLs of other hosts into the app's store, so they download from there and outlive the other host's copy (also started when such a file is attached).",
            "20 */5 * * * ?", new CopyRemoteRecordingsCommand()),
        JobDefinition.Command(JobNames.ReplayExpiryNotices, "Queues \"the replay expires in 24 hours\" for enrolled members who have not watched it whole.",
            "0 10 * * * ?", new QueueReplayExpiryNoticesCommand()),
    ];

    public static TriggerKey ScheduleKey(string jobName) => new($"{jobName}.schedule");

    /// <summary>
    /// The jobs (<see cref="Definitions"/>), the retry policy their items use, and — with
    /// <c>Jobs:Enabled</c> — Quartz with its PostgreSQL job store in clustered mode (its tables come
    /// with the app's migrations), started and stopped with the app.
    /// </summary>
    public static IServiceCollection AddJobs(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<JobsOptions>().Bind(configuration.GetSection(JobsOptions.Section))
            .Validate(o => o.MaxConcurrency >= 1 && o.HistoryPerJob >= 1, "Jobs:MaxConcurrency and Jobs:HistoryPerJob must be at least 1.")
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<JobsOptions>, ScheduleValidation>();
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<JobsOptions>>().Value);
        services.AddOptions<JobRetryOptions>().Bind(configuration.GetSection(JobRetryOptions.Section))
            .Validate(o => o.Attempts >= 1 && o.Delay >= TimeSpan.Zero, "Jobs:Retry:Attempts must be at least 1 and Jobs:Retry:Delay not negative.")
            .ValidateOnStart();
        services.AddSingleton(sp => new JobRetry(sp.GetRequiredService<IOptions<JobRetryOptions>>().Value));
        services.AddSingleton(sp => new JobCatalog(Definitions, sp.GetRequiredService<JobsOptions>()));

        // Whether Quartz runs, and the triggers it stores, are decided now; the values are validated above.
        var options = configuration.GetSection(JobsOptions.Section).Get<JobsOptions>() ?? new JobsOptions();
        if (!options.Enabled)
        {
            services.AddSingleton<IJobScheduler, DisabledJobScheduler>();
            return services;
        }

        var catalog = new JobCatalog(Definitions, options);
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
            q.UseDefaultThreadPool(Math.Max(1, options.MaxConcurrency));
            q.UsePersistentStore(store =>
            {
                store.UsePostgres(configuration.GetConnectionString("Default")!);
                store.UseClustering();
            });
            // A job whose schedule is not a cron expression gets no trigger: start-up stops at the options validation, naming the key.
            foreach (var job in catalog.Jobs.Where(j => IsCron(catalog.ScheduleOf(j))))
            {
                q.AddJob<RecordedJob>(j => j.WithIdentity(job.Name).WithDescription(job.Description).StoreDurably());
                q.AddTrigger(t => t.ForJob(job.Name).WithIdentity(ScheduleKey(job.Name))
                    .WithCronSchedule(catalog.ScheduleOf(job), c => c.InTimeZone(TimeZoneInfo.Utc).WithMisfireInstruction(CronTriggerMisfireInstruction.FireAndProceed)));
            }
        });
        services.AddQuartzHostedService(o => o.WaitForJobsToComplete = true);
        return services;
    }

    private static bool IsCron(string? cron) => string.IsNullOrWhiteSpace(cron) || CronExpression.TryParse(cron.Trim(), out _);

    /// <summary>Each overridden schedule names a job that exists and holds a Quartz cron expression; the failure names its key.</summary>
    private sealed class ScheduleValidation : IValidateOptions<JobsOptions>
    {
        public ValidateOptionsResult Validate(string? name, JobsOptions options)
        {
            var failures = new List<string>();
            foreach (var (job, cron) in options.Schedules)
            {
                if (Definitions.All(d => d.Name != job))
                    failures.Add($"Jobs:Schedules:{job}: there is no job of that name ({string.Join(", ", Definitions.Select(d => d.Name))}).");
                else if (!IsCron(cron))
                    failures.Add($"Jobs:Schedules:{job}: \"{cron}\" is not a cron expression (Quartz syntax, seconds first, e.g. \"0 0 2 * * ?\").");
            }

            return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
        }
    }
}
