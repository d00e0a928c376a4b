using MediatR;
using Microsoft.Extensions.Options;
using Streaming.Application.Common.Interfaces;
using Streaming.Application.Live.Common;
using Streaming.Application.Streams.Common;
using Streaming.Domain.Streams;

namespace Streaming.Application.Live.Queries.GetBroadcast;

/// <summary>The broadcast page of a class: its owner only (anyone else gets 404).</summary>
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
    int MaxLocalViewers);

public class GetBroadcastHandler(IApplicationDbContext db, ICurrentUser currentUser, IOptions<LiveOptions> options)
    : IRequestHandler<GetBroadcastQuery, BroadcastDto>
{
    public async Task<BroadcastDto> Handle(GetBroadcastQuery request, CancellationToken cancellationToken)
    {
        var stream = await db.FindOwnedAsync(currentUser, request.StreamId, cancellationToken);
        var live = options.Value;
        return new BroadcastDto(stream.Id, stream.Title, stream.Status, stream.ScheduledStart, stream.DurationMinutes,
            stream.StartedAt, stream.EndedAt, live.Provider, live.Local.MaxViewers);
    }
}
