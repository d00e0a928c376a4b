using MediatR;
using Streaming.Application.Common.Interfaces;
using Streaming.Application.Live.Common;
using Streaming.Application.Streams.Common;
using Streaming.Domain.Common;
using Streaming.Domain.Streams;
using Streaming.Application.Common.Security;

namespace Streaming.Application.Live.Commands.RecordBroadcastHeartbeat;

/// <summary>
/// The broadcast page's sign of life while it sends video (every ~15 s): keeps the class from
/// being taken as abandoned, and measures how long it was really broadcast. Owner only (404
/// otherwise); a class that is no longer live is refused with the reason, so the page can stop.
/// </summary>
[Authorize(Policy = Policies.StreamBroadcaster)]
public sealed record RecordBroadcastHeartbeatCommand(Guid StreamId) : IRequest<LiveStatusDto>;

public class RecordBroadcastHeartbeatHandler(IApplicationDbContext db, ICurrentUser currentUser, TimeProvider clock, ClassClosingPolicy policy)
    : IRequestHandler<RecordBroadcastHeartbeatCommand, LiveStatusDto>
{
    public async Task<LiveStatusDto> Handle(RecordBroadcastHeartbeatCommand request, CancellationToken cancellationToken)
    {
        var stream = await db.FindOwnStreamToBroadcastAsync(currentUser, request.StreamId, cancellationToken);
        if (stream.Status != StreamStatus.Live)
        {
            throw new DomainException(stream.Status == StreamStatus.Ended && stream.TookPlace == false
                ? "This class was ended automatically: the broadcast was interrupted for too long, and members were refunded."
                : $"The class is {stream.Status.ToString().ToLowerInvariant()}, not live.");
        }

        await db.RecordSeenAsync(stream.Id, clock.GetUtcNow(), policy, cancellationToken);
        return LiveStatusDto.Of(stream);
    }
}
