using Polly;
using Polly.Retry;

namespace Streaming.Application.Common.Jobs;

/// <summary>How often a job retries one failing step of one item, and the first back-off (doubled each time).</summary>
public sealed class JobRetryOptions
{
    public const string Section = "Jobs:Retry";

    public int Attempts { get; set; } = 3;

    public TimeSpan Delay { get; set; } = TimeSpan.FromSeconds(2);
}

/// <summary>
/// Retries a step that talks to the outside (a blob delete, the streaming provider) with exponential
/// back-off before the item counts as failed; the item is then tried again on the job's next run.
/// </summary>
public sealed class JobRetry
{
    private readonly ResiliencePipeline _pipeline;

    public JobRetry(JobRetryOptions options)
    {
        var builder = new ResiliencePipelineBuilder
        {
            // Back-off is real waiting: the system clock, never the business clock tests move by hand.
            TimeProvider = TimeProvider.System,
        };
        if (options.Attempts > 1)
        {
            builder.AddRetry(new RetryStrategyOptions
            {
                MaxRetryAttempts = options.Attempts - 1,
                Delay = options.Delay,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = false,
                ShouldHandle = new PredicateBuilder().Handle<Exception>(e => e is not OperationCanceledException),
            });
        }

        _pipeline = builder.Build();
    }

    public ValueTask ExecuteAsync(Func<CancellationToken, ValueTask> step, CancellationToken cancellationToken) =>
        _pipeline.ExecuteAsync(step, cancellationToken);

    public ValueTask<T> ExecuteAsync<T>(Func<CancellationToken, ValueTask<T>> step, CancellationToken cancellationToken) =>
        _pipeline.ExecuteAsync(step, cancellationToken);
}
