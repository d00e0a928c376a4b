using System.Security.Cryptography;
using MediatR;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Streaming.Application.Common.Interfaces;
using Streaming.Application.Live.Replay;
using Streaming.Application.Streams.Common;
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
        if (RecordingChunkStore.WhyInvalid(request.Index, request.Content.Length, options.Value.MaxChunkBytes) is { } invalid)
            return new ChunkUploadResult(ChunkUploadOutcome.Invalid, 0, invalid);
        var sha256 = Convert.ToHexStringLower(SHA256.HashData(request.Content));
        var chunks = new RecordingChunkStore(db, storage, clock);

        // Two uploads of one index at once (a retry racing its original, two tabs) meet on the
        // chunk's primary key and the recording's row version: the loser reads again and answers
        // from what the winner stored.
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await chunks.StoreAsync(stream, request.Index, request.Content, sha256, cancellationToken);
            }
            catch (DbUpdateException) when (attempt < 4)
            {
                db.DiscardChanges();
                stream = await db.Streams.SingleAsync(s => s.Id == request.StreamId, cancellationToken);
            }
        }
    }
}
