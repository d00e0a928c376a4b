using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Streaming.Infrastructure.Jobs;
using Streaming.Application.Live.Replay;

namespace Streaming.Infrastructure.Live.Replay;

/// <summary>
/// Runs <see cref="IReplayJob"/> in the app: every <c>Streaming:Replay:PollInterval</c> it takes back
/// replays a stopped job left behind (so a restart resumes them) and makes the waiting ones, one at a
/// time. Safe on several instances (a recording is taken under its row version).
/// </summary>
public sealed class ReplayJobRunner(IServiceScopeFactory scopes, IOptions<ReplayOptions> options, TimeProvider clock, ILogger<ReplayJobRunner> logger)
    : PollingJobRunner(clock, logger)
{
    protected override TimeSpan Interval => options.Value.PollInterval;

    protected override Task RunPassAsync(CancellationToken cancellationToken) => RunOnceAsync(scopes, cancellationToken);

    /// <summary>One pass: take back stale replays, then make every waiting one.</summary>
    public static async Task RunOnceAsync(IServiceScopeFactory scopes, CancellationToken cancellationToken)
    {
        await using (var scope = scopes.CreateAsyncScope())
            await scope.ServiceProvider.GetRequiredService<IReplayJob>().RequeueStaleAsync(cancellationToken);
        while (true)
        {
            await using var scope = scopes.CreateAsyncScope();
            if (!await scope.ServiceProvider.GetRequiredService<IReplayJob>().RunNextAsync(cancellationToken)) return;
        }
    }
}
