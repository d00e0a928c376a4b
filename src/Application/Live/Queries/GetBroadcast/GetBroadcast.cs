using MediatR;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Streaming.Application.Common.Interfaces;
using Streaming.Application.Live.Common;
using Streaming.Application.Streams.Common;
using Streaming.Domain.Streams;
using Streaming.Application.Common.Security;

namespace Streaming.Application.Live.Queries.GetBroadcast;

/// <summary>The broadcast page of a class: its owner only (anyone else gets 404).</summary>
[Authorize(Policy = Policies.StreamBroadcaster)]
public sealed record GetBroadcastQuery(Guid StreamId) : IRequest<BroadcastDto>;

public sealed record BroadcastDto(
    Guid Id,
    string Title,
    StreamStatus Status,
    DateTimeOffset ScheduledStart,
    int DurationMinutes,
    DateTimeOffset? StartedAt,
    DateTimeOffset? EndedAt,
    StreamingProviderKind Provider,
    int MaxLocalViewers,
    string? WhipUrl = null,
    int RecordingNextChunk = 0,
    TimeSpan? TooEarlyBy = null);

public class GetBroadcastHandler(IApplicationDbContext db, ICurrentUser currentUser, IOptions<LiveOptions> options, TimeProvider clock)
    : IRequestHandler<GetBroadcastQuery, BroadcastDto>
{
    public async Task<BroadcastDto> Handle(GetBroadcastQuery request, CancellationToken cancellationToken)
    {
        var stream = await db.FindOwnStreamToBroadcastAsync(currentUser, request.StreamId, cancellationToken);
        var live = options.Value;
        // The WHIP URL is a secret of the owner, who is the only one to get here (FindOwnedAsync).
        var input = await db.FindLiveInputAsync(live.Provider, stream.Id, cancellationToken);
        return new BroadcastDto(stream.Id, stream.Title, stream.Status, stream.ScheduledStart, stream.DurationMinutes,
            stream.StartedAt, stream.EndedAt, live.Provider, live.Local.MaxViewers, input?.PublishUrl,
            await RecordingNextChunkAsync(stream.Id, cancellationToken), stream.TooEarlyBy(clock.GetUtcNow()));
    }

    /// <summary>A reloaded page continues the recording where the server's copy ends.</summary>
    private async Task<int> RecordingNextChunkAsync(Guid streamId, CancellationToken cancellationToken) =>
        await db.LiveRecordings.Where(r => r.StreamId == streamId).Select(r => (int?)r.ChunkCount).SingleOrDefaultAsync(cancellationToken) ?? 0;
}
