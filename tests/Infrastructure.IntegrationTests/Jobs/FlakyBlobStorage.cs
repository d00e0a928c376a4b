using Streaming.Application.Common.Interfaces;

namespace Streaming.Infrastructure.IntegrationTests.Jobs;

/// <summary>
/// Real blob storage whose deletes fail on demand: <see cref="FailDeletes"/> says, per key, how many
/// next deletes of it throw (an outage), and <see cref="CrashOnDelete"/> stops the whole run there
/// (the process dying mid-item). Everything else goes to the real store.
/// </summary>
internal sealed class FlakyBlobStorage(IBlobStorage inner) : IBlobStorage
{
    public Dictionary<string, int> FailDeletes { get; } = new();

    public string? CrashOnDelete { get; set; }

    public List<string> DeleteAttempts { get; } = [];

    public Task DeleteAsync(string key, CancellationToken cancellationToken)
    {
        lock (DeleteAttempts) DeleteAttempts.Add(key);
        if (key == CrashOnDelete)
        {
            CrashOnDelete = null;
            throw new OperationCanceledException("The app stopped mid-item.");
        }

        lock (FailDeletes)
        {
            if (FailDeletes.TryGetValue(key, out var left) && left > 0)
            {
                FailDeletes[key] = left - 1;
                throw new IOException($"The store did not answer for {key}.");
            }
        }

        return inner.DeleteAsync(key, cancellationToken);
    }

    public Task<long> PutAsync(string key, Stream content, string contentType, CancellationToken cancellationToken) =>
        inner.PutAsync(key, content, contentType, cancellationToken);

    public Task<BlobReadResult?> OpenReadAsync(string key, BlobRange? range, CancellationToken cancellationToken) => inner.OpenReadAsync(key, range, cancellationToken);

    public Task<long?> GetSizeAsync(string key, CancellationToken cancellationToken) => inner.GetSizeAsync(key, cancellationToken);

    public Task<Uri> GetDownloadUrlAsync(string key, string downloadFileName, TimeSpan? lifetime, CancellationToken cancellationToken) =>
        inner.GetDownloadUrlAsync(key, downloadFileName, lifetime, cancellationToken);

    public Task<string> GetProcessingInputAsync(string key, CancellationToken cancellationToken) => inner.GetProcessingInputAsync(key, cancellationToken);

    public bool TryGetKey(string location, out string key) => inner.TryGetKey(location, out key);
}
