using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Streaming.Infrastructure.Storage;

/// <summary>
/// Several instances (Redis configured) on the local blob folder: they work only if every instance
/// mounts the same folder (a shared volume), since a clip cut on one is served by another. The app
/// cannot see the other instances' disks, so it says so at start instead of guessing.
/// </summary>
public sealed class SharedFolderNotice(LocalStorageOptions options, ILogger<SharedFolderNotice> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        logger.LogWarning(
            "Redis is configured (several instances) and blobs are kept in the local folder {Root}: every instance must mount this same folder (a shared volume), or use Storage:Provider=S3",
            options.ResolvedRoot);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
