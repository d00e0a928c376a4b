using MediatR;
using Streaming.Application.Common.Exceptions;
using Streaming.Application.Common.Interfaces;
using Streaming.Application.Live.Common;
using Streaming.Application.Streams.Common;
using Streaming.Domain.Streams;
using Streaming.Application.Common.Security;

namespace Streaming.Application.Live.Commands.GoLive;

/// <summary>The owning instructor starts the class (again: a reload mid-class resumes it).</summary>
[Authorize(Policy = Policies.StreamBroadcaster)]
public sealed record GoLiveCommand(Guid StreamId) : IRequest<LiveStatusDto>;

public class GoLiveHandler(IApplicationDbContext db, ICurrentUser currentUser, TimeProvider clock, ClassClosingPolicy policy)
    : IRequestHandler<GoLiveCommand, LiveStatusDto>
{
    public async Task<LiveStatusDto> Handle(GoLiveCommand request, CancellationToken cancellationToken)
    {
        var owned = await db.FindOwnStreamToBroadcastAsync(currentUser, request.StreamId, cancellationToken);
        // Locked: Cloudflare's "connected" notification may move the class to Live at the same moment.
        await using var transaction = await db.BeginTransactionAsync(cancellationToken);
        var stream = await db.FindStreamForUpdateAsync(owned.Id, cancellationToken) ?? throw new NotFoundException(nameof(LiveStream), owned.Id);
        stream.GoLive(clock.GetUtcNow());
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        // Going live is the broadcaster's first sign of life (outside the transaction: it retries on a clash).
        await db.RecordSeenAsync(stream.Id, clock.GetUtcNow(), policy, cancellationToken);
        return LiveStatusDto.Of(stream);
    }
}
