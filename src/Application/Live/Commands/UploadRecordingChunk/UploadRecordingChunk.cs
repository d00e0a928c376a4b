using System.Security.Cryptography;
using MediatR;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Streaming.Application.Common.Interfaces;
using Streaming.Application.Live.Replay;
using Streaming.Application.Streams.Common;
using Streaming.Domain.Live;
using Streaming.Domain.Streams;
using Streaming.Application.Common.Security;

namespace Streaming.Application.Live.Commands.UploadRecordingChunk;

/// <summary>
/// The broadcast page uploads the next piece of its recording. Owner only (anyone else: 404), while
/// the class is live. Chunks arrive in order: the next expected index is stored; an index already
/// stored answers "duplicate" when the bytes are the same and "conflict" when they differ (the stored
/// chunk is never replaced); a later index is a gap.
/// </summary>
[Authorize(Policy = Policies.StreamBroadcaster)]
public sealed record UploadRecordingChunkCommand(Guid StreamId, int Index, byte[] Content) : IRequest<ChunkUploadResult>;

public enum ChunkUploadOutcome
{
    Stored,
    Duplicate,
    DifferentContent,
    Gap,
    NotLive,
    Invalid,
}

/// <summary>What happened; <see cref="NextIndex"/> is the index the server expects next.</summary>
public sealed record ChunkUploadResult(ChunkUploadOutcome Outcome, int NextIndex, string? Message = null);

public class UploadRecordingChunkHandler(IApplicationDbContext db, ICurrentUser currentUser, IBlobStorage storage, TimeProvider clock, IOptions<ReplayOptions> options)
    : IRequestHandler<UploadRecordingChunkCommand, ChunkUploadResult>
{
    public async Task<ChunkUploadResult> Handle(UploadRecordingChunkCommand request, CancellationToken cancellationToken)
    {
        var stream = await db.FindOwnStreamToBroadcastAsync(currentUser, request.StreamId, cancellationToken);
        if (request.Index < 0) return new ChunkUploadResult(ChunkUploadOutcome.Invalid, 0, "A chunk index cannot be negative.");
        if (request.Content.Length == 0) return new ChunkUploadResult(ChunkUploadOutcome.Invalid, 0, "The chunk is empty.");
        if (request.Content.Length > options.Value.MaxChunkBytes)
            return new ChunkUploadResult(ChunkUploadOutcome.Invalid, 0, $"A chunk may be at most {options.Value.MaxChunkBytes} bytes.");
        var sha256 = Convert.ToHexStringLower(SHA256.HashData(request.Content));

        // Two uploads of one index at once (a retry racing its original, two tabs) meet on the
        // chunk's primary key and the recording's row version: the loser reads again and answers
        // from what the winner stored.
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await TryStoreAsync(stream, request, sha256, cancellationToken);
            }
            catch (DbUpdateException) when (attempt < 4)
            {
                db.DiscardChanges();
                stream = await db.Streams.SingleAsync(s => s.Id == request.StreamId, cancellationToken);
            }
        }
    }

    private async Task<ChunkUploadResult> TryStoreAsync(LiveStream stream, UploadRecordingChunkCommand request, string sha256, CancellationToken cancellationToken)
    {
        var recording = await db.LiveRecordings.SingleOrDefaultAsync(r => r.StreamId == stream.Id, cancellationToken);
        var next = recording?.ChunkCount ?? 0;

        if (request.Index < next)
        {
            var stored = await db.LiveRecordingChunks.AsNoTracking()
                .SingleAsync(c => c.StreamId == stream.Id && c.Index == request.Index, cancellationToken);
            return stored.Sha256 == sha256 && stored.SizeBytes == request.Content.Length
                ? new ChunkUploadResult(ChunkUploadOutcome.Duplicate, next)
                : new ChunkUploadResult(ChunkUploadOutcome.DifferentContent, next,
                    $"Chunk {request.Index} was already stored with different content; it is kept as it was. Is this class recorded in another tab?");
        }

        if (stream.Status != StreamStatus.Live || recording is { Status: not LiveRecordingStatus.Recording })
            return new ChunkUploadResult(ChunkUploadOutcome.NotLive, next,
                $"The class is {stream.Status.ToString().ToLowerInvariant()}, not live: the recording takes no more chunks.");
        if (request.Index > next)
            return new ChunkUploadResult(ChunkUploadOutcome.Gap, next, $"Chunk {next} comes next; chunk {request.Index} would leave a gap.");

        var now = clock.GetUtcNow();
        await using var transaction = await db.BeginTransactionAsync(cancellationToken);
        if (recording is null)
        {
            recording = LiveRecording.Start(stream.Id, now);
            db.LiveRecordings.Add(recording);
        }

        recording.AcceptChunk(request.Content.Length, now);
        db.LiveRecordingChunks.Add(new LiveRecordingChunk(stream.Id, request.Index, request.Content.Length, sha256, now));
        // The rows hold the index (locks) until the file is stored: nobody else writes this key meanwhile,
        // and a failed upload leaves no row pointing at a missing file.
        await db.SaveChangesAsync(cancellationToken);
        using (var content = new MemoryStream(request.Content, writable: false))
            await storage.PutAsync(ReplayKeys.Chunk(stream.Id, request.Index), content, "video/webm", cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new ChunkUploadResult(ChunkUploadOutcome.Stored, recording.ChunkCount);
    }
}
