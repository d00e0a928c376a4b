using MediatR;
using Streaming.Application.Common.Interfaces;
using Streaming.Application.Live.Common;
using Streaming.Application.Streams.Common;
using Streaming.Application.Common.Security;

namespace Streaming.Application.Live.Queries.GetWatchingCount;

/// <summary>
/// How many members watch the class live now, from their viewing sessions (join, heartbeat,
/// leave): the broadcast page's count when the provider (Cloudflare) reports none. Owner only.
/// </summary>
[Authorize(Policy = Policies.StreamBroadcaster)]
public sealed record GetWatchingCountQuery(Guid StreamId) : IRequest<int>;

public class GetWatchingCountHandler(IApplicationDbContext db, ICurrentUser currentUser, TimeProvider clock)
    : IRequestHandler<GetWatchingCountQuery, int>
{
    public async Task<int> Handle(GetWatchingCountQuery request, CancellationToken cancellationToken)
    {
        var stream = await db.FindOwnStreamToBroadcastAsync(currentUser, request.StreamId, cancellationToken);
        return await db.CountWatchingAsync(stream.Id, clock.GetUtcNow(), cancellationToken);
    }
}
