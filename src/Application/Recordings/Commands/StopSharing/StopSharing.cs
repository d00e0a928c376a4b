using MediatR;
using Microsoft.Extensions.Options;
using Streaming.Application.Common.Interfaces;
using Streaming.Application.Recordings.Common;
using Streaming.Application.Common.Security;

namespace Streaming.Application.Recordings.Commands.StopSharing;

/// <summary>
/// Makes a recording or clip private again: its link stops working at once (also for a video that is
/// playing: the next range request is refused) and never works again. Idempotent.
/// </summary>
[Authorize(Policy = Policies.RecordingOwner)]
public record StopSharingCommand(string? Type, Guid Id) : IRequest<bool>;

public class StopSharingHandler(IApplicationDbContext db, ICurrentUser currentUser, IBlobStorage storage, TimeProvider clock, IOptions<RecordingsOptions> options)
    : IRequestHandler<StopSharingCommand, bool>
{
    public async Task<bool> Handle(StopSharingCommand request, CancellationToken cancellationToken)
    {
        var kind = RecordingKinds.Parse(request.Type);
        var source = await RecordingSources.FindAsync(db, new RecordingAccess(currentUser, options.Value), kind, request.Id, cancellationToken);
        var share = await RecordingShares.OpenShareAsync(db, kind, source.Id, cancellationToken);
        if (share is null) return false;

        var preview = share.Revoke(clock.GetUtcNow());
        await db.SaveChangesAsync(cancellationToken);
        if (preview is not null) await storage.DeleteAsync(preview, cancellationToken);
        return true;
    }
}
