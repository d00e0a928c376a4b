using MediatR;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Streaming.Application.Enrollments.Commands.ReconcileEnrollments;

namespace Streaming.Infrastructure.Jobs;

/// <summary>
/// Every minute (Jobs:ReconcileEvery), settles unconfirmed payments and retries refunds the ledger
/// did not confirm. Each step is idempotent and guarded by row versions, so several app instances
/// may run it at once.
/// </summary>
public sealed class ReconciliationService(IServiceScopeFactory scopes, IConfiguration configuration, TimeProvider clock, ILogger<ReconciliationService> logger)
    : PollingJobRunner(clock, logger)
{
    protected override TimeSpan Interval => configuration.GetValue("Jobs:ReconcileEvery", TimeSpan.FromMinutes(1));

    protected override async Task RunPassAsync(CancellationToken cancellationToken)
    {
        using var scope = scopes.CreateScope();
        var report = await scope.ServiceProvider.GetRequiredService<IMediator>().Send(new ReconcileEnrollmentsCommand(), cancellationToken);
        if (report.Activated + report.Failed + report.Refunded + report.Unresolved > 0)
            logger.LogInformation("Reconciliation: {Report}", report);
    }
}
