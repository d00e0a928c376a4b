using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Streaming.Infrastructure.Jobs;

/// <summary>
/// A background job that runs one pass every <see cref="Interval"/> until the app stops. A failed
/// pass is logged and tried again at the next tick; the passes themselves must be idempotent and
/// safe when several app instances run them at once.
/// </summary>
public abstract class PollingJobRunner(TimeProvider clock, ILogger logger) : BackgroundService
{
    protected abstract TimeSpan Interval { get; }

    protected abstract Task RunPassAsync(CancellationToken cancellationToken);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await RunPassAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                logger.LogError(e, "{Job} failed; trying again in {Interval}", GetType().Name, Interval);
            }

            try
            {
                await Task.Delay(Interval, clock, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
