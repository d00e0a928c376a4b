using MediatR;
using Microsoft.EntityFrameworkCore;
using Streaming.Application.Common.Exceptions;
using Streaming.Application.Common.Interfaces;
using Streaming.Domain.Jobs;
using Streaming.Domain.Notifications;
using Streaming.Domain.Users;
using Streaming.Application.Common.Security;

namespace Streaming.Application.Admin.Queries.GetJobs;

/// <summary>
/// The jobs page (super admins): every background job with its schedule, next run, last run and last
/// error, and the email outbox (waiting, failed, the latest failures).
/// </summary>
[Authorize(Roles = Roles.SuperAdmin)]
public sealed record GetJobsQuery : IRequest<JobsPageDto>;

public record JobsPageDto(bool Enabled, IReadOnlyList<JobDto> Jobs, OutboxDto Outbox);

/// <param name="Waiting">Pending emails (due now or waiting for their next try).</param>
/// <param name="Retrying">Pending emails that failed at least once.</param>
public record OutboxDto(int Waiting, int Retrying, int Failed, int SentLastDay, IReadOnlyList<FailedEmailDto> Failures);

/// <param name="Recipient">The member's display name (never the address).</param>
public record FailedEmailDto(Guid Id, EmailKind Kind, string Recipient, OutboxEmailStatus Status, int Attempts, string? LastError,
    DateTimeOffset CreatedAt, DateTimeOffset NextAttemptAt);

public record JobDto(string Name, string Description, string Schedule, DateTimeOffset? NextRun, JobRunDto? LastRun, JobRunDto? LastFailure);

public record JobRunDto(DateTimeOffset StartedAt, TimeSpan? Duration, JobRunOutcome Outcome, int ItemsDone, int ItemsFailed, string? Error,
    bool Manual, string Instance);

public class GetJobsHandler(IApplicationDbContext db, IJobScheduler scheduler, TimeProvider clock) : IRequestHandler<GetJobsQuery, JobsPageDto>
{
    public async Task<JobsPageDto> Handle(GetJobsQuery request, CancellationToken cancellationToken)
    {
        var jobs = await scheduler.GetJobsAsync(cancellationToken);
        var names = jobs.Select(j => j.Name).ToList();

        var runs = db.JobRuns.AsNoTracking().Where(r => names.Contains(r.JobName));
        var last = await runs.Where(r => r.StartedAt == runs.Where(o => o.JobName == r.JobName).Max(o => o.StartedAt))
            .ToListAsync(cancellationToken);
        var failures = runs.Where(r => r.Error != null);
        var lastFailures = await failures.Where(r => r.StartedAt == failures.Where(o => o.JobName == r.JobName).Max(o => o.StartedAt))
            .ToListAsync(cancellationToken);

        return new JobsPageDto(scheduler.IsEnabled, jobs.Select(j => new JobDto(j.Name, j.Description, j.Schedule, j.NextRun,
            ToDto(last.Where(r => r.JobName == j.Name).MaxBy(r => r.Id)), ToDto(lastFailures.Where(r => r.JobName == j.Name).MaxBy(r => r.Id)))).ToList(),
            await OutboxAsync(cancellationToken));
    }

    private async Task<OutboxDto> OutboxAsync(CancellationToken cancellationToken)
    {
        var emails = db.OutboxEmails.AsNoTracking();
        var dayAgo = clock.GetUtcNow().AddDays(-1);
        var counts = await emails.GroupBy(_ => 1).Select(g => new
        {
            Waiting = g.Count(e => e.Status == OutboxEmailStatus.Pending),
            Retrying = g.Count(e => e.Status == OutboxEmailStatus.Pending && e.Attempts > 0),
            Failed = g.Count(e => e.Status == OutboxEmailStatus.Failed),
            Sent = g.Count(e => e.Status == OutboxEmailStatus.Sent && e.SentAt >= dayAgo),
        }).SingleOrDefaultAsync(cancellationToken);
        var failures = await (
                from e in emails
                where e.Status == OutboxEmailStatus.Failed || (e.Status == OutboxEmailStatus.Pending && e.Attempts > 0)
                join p in db.Profiles on e.RecipientId equals p.Id into recipients
                from p in recipients.DefaultIfEmpty()
                orderby e.Status descending, e.CreatedAt descending
                select new FailedEmailDto(e.Id, e.Kind, p == null ? "(by address)" : p.DisplayName, e.Status, e.Attempts, e.LastError, e.CreatedAt, e.NextAttemptAt))
            .Take(20).ToListAsync(cancellationToken);
        return new OutboxDto(counts?.Waiting ?? 0, counts?.Retrying ?? 0, counts?.Failed ?? 0, counts?.Sent ?? 0, failures);
    }

    private static JobRunDto? ToDto(JobRun? run) => run is null ? null
        : new JobRunDto(run.StartedAt, run.Duration, run.Outcome, run.ItemsDone, run.ItemsFailed, run.Error, run.Manual, run.Instance);
}
