using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Streaming.Infrastructure.Jobs;
using Streaming.Application.Recordings.Common;
using Streaming.Application.Recordings.Jobs;

namespace Streaming.Infrastructure.Recordings;

/// <summary>
/// Runs <see cref="IClipJob"/> in the app: every <c>Recordings:ClipPollInterval</c> it takes back
/// clips whose job died (restart, crash) and cuts pending clips one at a time. Safe on several
/// instances (a clip is taken under its row version).
/// </summary>
public sealed class ClipJobRunner(IServiceScopeFactory scopes, IOptions<RecordingsOptions> options, TimeProvider clock, ILogger<ClipJobRunner> logger)
    : PollingJobRunner(clock, logger)
{
    protected override TimeSpan Interval => options.Value.ClipPollInterval;

    protected override Task RunPassAsync(CancellationToken cancellationToken) => RunOnceAsync(scopes, cancellationToken);

    /// <summary>One pass: requeue stale clips, then cut every pending clip.</summary>
    public static async Task RunOnceAsync(IServiceScopeFactory scopes, CancellationToken cancellationToken)
    {
        await using (var scope = scopes.CreateAsyncScope())
            await scope.ServiceProvider.GetRequiredService<IClipJob>().RequeueStaleAsync(cancellationToken);
        while (true)
        {
            await using var scope = scopes.CreateAsyncScope();
            if (!await scope.ServiceProvider.GetRequiredService<IClipJob>().RunNextAsync(cancellationToken)) return;
        }
    }
}
