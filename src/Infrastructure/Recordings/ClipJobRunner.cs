using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Streaming.Application.Recordings.Common;
using Streaming.Application.Recordings.Jobs;

namespace Streaming.Infrastructure.Recordings;

/// <summary>
/// Runs <see cref="IClipJob"/> in the app: every <c>Recordings:ClipPollInterval</c> it takes back
/// clips whose job died (restart, crash) and cuts pending clips one at a time. Safe on several
/// instances (a clip is taken under its row version).
/// </summary>
public sealed class ClipJobRunner(IServiceScopeFactory scopes, IOptions<RecordingsOptions> options, TimeProvider clock, ILogger<ClipJobRunner> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await RunOnceAsync(scopes, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                logger.LogError(e, "Clip job runner failed; trying again in {Interval}", options.Value.ClipPollInterval);
            }

            try
            {
                await Task.Delay(options.Value.ClipPollInterval, clock, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

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
