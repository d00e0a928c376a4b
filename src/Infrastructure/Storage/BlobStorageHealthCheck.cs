using System.Text;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Streaming.Application.Common.Interfaces;

namespace Streaming.Infrastructure.Storage;

/// <summary>
/// Readiness of blob storage (the local folder or the S3 bucket): a small probe blob is written once
/// per instance, then each check reads its size back — a HEAD on S3, a stat on the folder — so a
/// load balancer polling every few seconds costs no writes.
/// </summary>
public sealed class BlobStorageHealthCheck(IBlobStorage storage) : IHealthCheck
{
    private const string ProbeKey = "health/probe.txt";
    private static readonly byte[] ProbeContent = Encoding.ASCII.GetBytes("ok");
    private volatile bool _written;

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            if (!_written || await storage.GetSizeAsync(ProbeKey, cancellationToken) is null)
            {
                using var content = new MemoryStream(ProbeContent);
                await storage.PutAsync(ProbeKey, content, "text/plain", cancellationToken);
                _written = true;
            }

            return await storage.GetSizeAsync(ProbeKey, cancellationToken) == ProbeContent.Length
                ? HealthCheckResult.Healthy()
                : HealthCheckResult.Unhealthy("The storage probe blob could not be read back.");
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            _written = false;
            return HealthCheckResult.Unhealthy("Blob storage is not reachable: " + e.GetType().Name, e);
        }
    }
}
