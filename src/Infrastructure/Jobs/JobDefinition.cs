using MediatR;
using Microsoft.Extensions.DependencyInjection;
using Streaming.Application.Common.Jobs;

namespace Streaming.Infrastructure.Jobs;

/// <summary>
/// A background job: its name (the Quartz job key, also on the jobs page), what it does, its default
/// cron schedule (overridden by <c>Jobs:Schedules:{name}</c>) and what one run does — usually one
/// Application command sent in a scope of its own.
/// </summary>
public sealed record JobDefinition(string Name, string Description, string DefaultSchedule, Func<IServiceProvider, CancellationToken, Task<JobOutcome>> Run)
{
    /// <summary>A job whose run is one command answering a <see cref="JobOutcome"/>.</summary>
    public static JobDefinition Command(string name, string description, string defaultSchedule, IRequest<JobOutcome> command) =>
        new(name, description, defaultSchedule, (services, ct) => services.GetRequiredService<IMediator>().Send(command, ct));

    /// <summary>A job whose command answers something else, turned into a <see cref="JobOutcome"/> by <paramref name="outcome"/>.</summary>
    public static JobDefinition Command<TResult>(string name, string description, string defaultSchedule, IRequest<TResult> command, Func<TResult, JobOutcome> outcome) =>
        new(name, description, defaultSchedule, async (services, ct) => outcome(await services.GetRequiredService<IMediator>().Send(command, ct)));
}

/// <summary>Every job the app runs, with its effective schedule.</summary>
public sealed class JobCatalog(IEnumerable<JobDefinition> definitions, JobsOptions options)
{
    public IReadOnlyList<JobDefinition> Jobs { get; } = definitions.ToList();

    public JobDefinition? Find(string name) => Jobs.FirstOrDefault(j => string.Equals(j.Name, name, StringComparison.Ordinal));

    public string ScheduleOf(JobDefinition job) =>
        options.Schedules.TryGetValue(job.Name, out var cron) && !string.IsNullOrWhiteSpace(cron) ? cron.Trim() : job.DefaultSchedule;
}
