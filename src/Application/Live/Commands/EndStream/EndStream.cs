using MediatR;
using Microsoft.EntityFrameworkCore;
using Streaming.Application.Common.Exceptions;
using Streaming.Application.Common.Interfaces;
using Streaming.Application.Live.Common;
using Streaming.Application.Streams.Common;
using Streaming.Domain.Streams;
using Streaming.Domain.Common;
using Streaming.Application.Common.Security;

namespace Streaming.Application.Live.Commands.EndStream;

/// <summary>
/// The owning instructor ends the live class: the domain sets the replay expiry and the catalog
/// migration date and judges whether it took place (broadcast long enough), every viewing session
/// still open is closed, and — once the end is committed — the replay job is started (by the
/// <see cref="StreamEnded"/> event, as for every way a class ends).
/// </summary>
[Authorize(Policy = Policies.StreamBroadcaster)]
public sealed record EndStreamCommand(Guid StreamId) : IRequest<LiveStatusDto>;

public class EndStreamHandler(
    IApplicationDbContext db, ICurrentUser currentUser, TimeProvider clock, RetentionPolicy retention, ClassClosingPolicy policy)
    : IRequestHandler<EndStreamCommand, LiveStatusDto>
{
    public async Task<LiveStatusDto> Handle(EndStreamCommand request, CancellationToken cancellationToken)
    {
        var owned = await db.FindOwnStreamToBroadcastAsync(currentUser, request.StreamId, cancellationToken);
        // Locked: viewers joining at the last moment (raising the peak) wait, then find the class ended.
        await using var transaction = await db.BeginTransactionAsync(cancellationToken);
        var stream = await db.FindStreamForUpdateAsync(owned.Id, cancellationToken) ?? throw new NotFoundException(nameof(LiveStream), owned.Id);
        await db.EndClassAsync(stream, clock.GetUtcNow(), retention, policy, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return LiveStatusDto.Of(stream);
    }
}
