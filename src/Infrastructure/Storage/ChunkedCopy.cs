using System.Buffers;

namespace Streaming.Infrastructure.Storage;

/// <summary>
/// Copies a file or upstream body to a response in large chunks, reading the next chunk while the
/// socket takes the last one. Stream.CopyToAsync into Kestrel's pipe reads 4 KiB at a time and
/// flushes after each read (tens of thousands of flushes for a large recording); two 1 MiB buffers
/// keep memory flat per download and the syscalls few.
/// </summary>
public static class ChunkedCopy
{
    private const int ChunkBytes = 1 << 20;

    /// <summary>Waits for at least this much from a network source before writing (fewer, fuller writes).</summary>
    private const int MinimumRead = 256 << 10;

    public static async Task CopyAsync(Stream source, Stream destination, CancellationToken cancellationToken)
    {
        var current = ArrayPool<byte>.Shared.Rent(ChunkBytes);
        var next = ArrayPool<byte>.Shared.Rent(ChunkBytes);
        var pending = Task.FromResult(0);
        try
        {
            pending = FillAsync(source, current, cancellationToken);
            while (await pending is var read and > 0)
            {
                pending = FillAsync(source, next, cancellationToken);
                await destination.WriteAsync(current.AsMemory(0, read), cancellationToken);
                (current, next) = (next, current);
            }
        }
        finally
        {
            // A read still filling a buffer must end before the buffer goes back to the pool.
            try { await pending; } catch { /* the copy's own exception is the one that matters */ }
            ArrayPool<byte>.Shared.Return(current);
            ArrayPool<byte>.Shared.Return(next);
        }
    }

    private static Task<int> FillAsync(Stream source, byte[] buffer, CancellationToken cancellationToken) =>
        source.ReadAtLeastAsync(buffer.AsMemory(0, ChunkBytes), MinimumRead, throwOnEndOfStream: false, cancellationToken).AsTask();
}
