using System.IO.Pipelines;

namespace Streaming.Infrastructure.Storage;

/// <summary>
/// Copies a file or upstream body to a response in large chunks, read straight into the response's
/// own pipe: no buffer of ours in between (one memory copy fewer per byte than writing to
/// <c>Response.Body</c>), up to 1 MiB per read and one flush per chunk instead of Stream.CopyToAsync's
/// 4–80 KiB reads and a flush after each. The flush waits while the client is behind, so memory
/// stays flat whatever the file's size.
/// </summary>
public static class ChunkedCopy
{
    private const int ChunkBytes = 1 << 20;

    /// <summary>Waits for at least this much from a network source before flushing (fewer, fuller writes).</summary>
    private const int MinimumRead = 256 << 10;

    public static async Task CopyAsync(Stream source, PipeWriter destination, CancellationToken cancellationToken)
    {
        while (true)
        {
            var memory = destination.GetMemory(ChunkBytes);
            var minimum = Math.Min(MinimumRead, memory.Length);
            var read = await source.ReadAtLeastAsync(memory, minimum, throwOnEndOfStream: false, cancellationToken);
            if (read == 0) return;
            destination.Advance(read);
            var flushed = await destination.FlushAsync(cancellationToken);
            if (flushed.IsCompleted || flushed.IsCanceled || read < minimum) return; // the client left, or the source ended
        }
    }
}
