using MediatR;
using Microsoft.EntityFrameworkCore;
using Streaming.Application.Common.Exceptions;
using Streaming.Application.Common.Interfaces;
using Streaming.Domain.Jobs;
using Streaming.Domain.Users;

namespace Streaming.Application.Admin.Queries.GetJobs;

/// <summary>The jobs page (super admins): every background job with its schedule, next run, last run and last error.</summary>
public sealed record GetJobsQuery : IRequest<JobsPageDto>;

public record JobsPageDto(bool Enabled, IReadOnlyList<JobDto> Jobs);

public record JobDto(string Name, string Description, string Schedule, DateTimeOffset? NextRun, JobRunDto? LastRun, JobRunDto? LastFailure);

public record JobRunDto(DateTimeOffset StartedAt, TimeSpan? Duration, JobRunOutcome Outcome, int ItemsDone, int ItemsFailed, string? Error,
    bool Manual, string Instance);

public class GetJobsHandler(IApplicationDbContext db, IJobScheduler scheduler, ICurrentUser currentUser) : IRequestHandler<GetJobsQuery, JobsPageDto>
{
    public async Task<JobsPageDto> Handle(GetJobsQuery request, CancellationToken cancellationToken)
    {
        if (!currentUser.IsInRole(Roles.SuperAdmin)) throw new ForbiddenAccessException();
        var jobs = await scheduler.GetJobsAsync(cancellationToken);
        var names = jobs.Select(j => j.Name).ToList();

        var runs = db.JobRuns.AsNoTracking().Where(r => names.Contains(r.JobName));
        var last = await runs.Where(r => r.StartedAt == runs.Where(o => o.JobName == r.JobName).Max(o => o.StartedAt))
            .ToListAsync(cancellationToken);
        var failures = runs.Where(r => r.Error != null);
        var lastFailures = await failures.Where(r => r.StartedAt == failures.Where(o => o.JobName == r.JobName).Max(o => o.StartedAt))
            .ToListAsync(cancellationToken);

        return new JobsPageDto(scheduler.IsEnabled, jobs.Select(j => new JobDto(j.Name, j.Description, j.Schedule, j.NextRun,
            ToDto(last.Where(r => r.JobName == j.Name).MaxBy(r => r.Id)), ToDto(lastFailures.Where(r => r.JobName == j.Name).MaxBy(r => r.Id)))).ToList());
    }

    private static JobRunDto? ToDto(JobRun? run) => run is null ? null
        : new JobRunDto(run.StartedAt, run.Duration, run.Outcome, run.ItemsDone, run.ItemsFailed, run.Error, run.Manual, run.Instance);
}
