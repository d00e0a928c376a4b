using MediatR;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Streaming.Application.Enrollments.Commands.ReconcileEnrollments;

namespace Streaming.Infrastructure.Jobs;

/// <summary>
/// Every minute, settles unconfirmed payments and retries refunds the ledger did not confirm.
/// Each step is idempotent and guarded by row versions, so several app instances may run it at once.
/// </summary>
public sealed class ReconciliationService(IServiceScopeFactory scopes, IConfiguration configuration, TimeProvider clock, ILogger<ReconciliationService> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var every = configuration.GetValue("Jobs:ReconcileEvery", TimeSpan.FromMinutes(1));
        using var timer = new PeriodicTimer(every, clock);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                using var scope = scopes.CreateScope();
                var report = await scope.ServiceProvider.GetRequiredService<IMediator>().Send(new ReconcileEnrollmentsCommand(), stoppingToken);
                if (report.Activated + report.Failed + report.Refunded + report.Unresolved > 0)
                    logger.LogInformation("Reconciliation: {Report}", report);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogError(ex, "Reconciliation failed; it runs again at the next tick");
            }
        }
    }
}
