using MediatR;
using Streaming.Application.Common.Interfaces;
using Streaming.Application.Live.Common;
using Streaming.Application.Streams.Common;

namespace Streaming.Application.Live.Commands.GoLive;

/// <summary>The owning instructor starts the class (again: a reload mid-class resumes it).</summary>
public sealed record GoLiveCommand(Guid StreamId) : IRequest<LiveStatusDto>;

public class GoLiveHandler(IApplicationDbContext db, ICurrentUser currentUser, TimeProvider clock)
    : IRequestHandler<GoLiveCommand, LiveStatusDto>
{
    public async Task<LiveStatusDto> Handle(GoLiveCommand request, CancellationToken cancellationToken)
    {
        var stream = await db.FindOwnStreamToBroadcastAsync(currentUser, request.StreamId, cancellationToken);
        stream.GoLive(clock.GetUtcNow());
        await db.SaveChangesAsync(cancellationToken);
        return LiveStatusDto.Of(stream);
    }
}
