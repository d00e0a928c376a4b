using Microsoft.EntityFrameworkCore;
using Streaming.Application.Common.Interfaces;
using Streaming.Application.Live.Replay;
using Streaming.Domain.Live;
using Streaming.Domain.Streams;

namespace Streaming.Application.Live.Commands.UploadRecordingChunk;

/// <summary>
/// Stores one chunk of a class's browser recording, in order: the next expected index is stored
/// (row and file together), an index already stored is compared with what was stored, a later one is a gap.
/// </summary>
public sealed class RecordingChunkStore(IApplicationDbContext db, IBlobStorage storage, TimeProvider clock)
{
    /// <summary>Null when a chunk of this index and size may be stored; otherwise why not, for the broadcast page.</summary>
    public static string? WhyInvalid(int index, int length, long maxBytes) =>
        index < 0 ? "A chunk index cannot be negative."
        : length == 0 ? "The chunk is empty."
        : length > maxBytes ? $"A chunk may be at most {maxBytes} bytes."
        : null;

    public async Task<ChunkUploadResult> StoreAsync(LiveStream stream, int index, byte[] content, string sha256, CancellationToken cancellationToken)
    {
        var recording = await db.LiveRecordings.SingleOrDefaultAsync(r => r.StreamId == stream.Id, cancellationToken);
        var next = recording?.ChunkCount ?? 0;

        if (index < next)
        {
            var stored = await db.LiveRecordingChunks.AsNoTracking()
                .SingleAsync(c => c.StreamId == stream.Id && c.Index == index, cancellationToken);
            return stored.Sha256 == sha256 && stored.SizeBytes == content.Length
                ? new ChunkUploadResult(ChunkUploadOutcome.Duplicate, next)
                : new ChunkUploadResult(ChunkUploadOutcome.DifferentContent, next,
                    $"Chunk {index} was already stored with different content; it is kept as it was. Is this class recorded in another tab?");
        }

        if (stream.Status != StreamStatus.Live || recording is { Status: not LiveRecordingStatus.Recording })
            return new ChunkUploadResult(ChunkUploadOutcome.NotLive, next,
                $"The class is {stream.Status.ToString().ToLowerInvariant()}, not live: the recording takes no more chunks.");
        if (index > next)
            return new ChunkUploadResult(ChunkUploadOutcome.Gap, next, $"Chunk {next} comes next; chunk {index} would leave a gap.");

        var now = clock.GetUtcNow();
        await using var transaction = await db.BeginTransactionAsync(cancellationToken);
        if (recording is null)
        {
            recording = LiveRecording.Start(stream.Id, now);
            db.LiveRecordings.Add(recording);
        }

        recording.AcceptChunk(content.Length, now);
        db.LiveRecordingChunks.Add(new LiveRecordingChunk(stream.Id, index, content.Length, sha256, now));
        // The rows hold the index (locks) until the file is stored: nobody else writes this key meanwhile,
        // and a failed upload leaves no row pointing at a missing file.
        await db.SaveChangesAsync(cancellationToken);
        using (var file = new MemoryStream(content, writable: false))
            await storage.PutAsync(ReplayKeys.Chunk(stream.Id, index), file, "video/webm", cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new ChunkUploadResult(ChunkUploadOutcome.Stored, recording.ChunkCount);
    }
}
