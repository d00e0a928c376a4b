using MediatR;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Streaming.Application.Common.Exceptions;
using Streaming.Application.Common.Interfaces;
using Streaming.Application.Recordings.Common;
using Streaming.Domain.Common;
using Streaming.Domain.Recordings;
using Streaming.Application.Common.Security;

namespace Streaming.Application.Recordings.Commands.DeleteClip;

/// <summary>Deletes a clip and its file (its owner, or a super admin); not while it is being cut. Its shared link stops working.</summary>
[Authorize(Policy = Policies.RecordingOwner, Resource = nameof(DeleteClipCommand.ClipId))]
public record DeleteClipCommand(Guid ClipId) : IRequest;

public class DeleteClipHandler(IApplicationDbContext db, ICurrentUser currentUser, IBlobStorage storage, TimeProvider clock, IOptions<RecordingsOptions> options)
    : IRequestHandler<DeleteClipCommand>
{
    public async Task<Unit> Handle(DeleteClipCommand request, CancellationToken cancellationToken)
    {
        var clip = await new RecordingAccess(currentUser, options.Value).Clips(db).SingleOrDefaultAsync(c => c.Id == request.ClipId, cancellationToken)
            ?? throw new NotFoundException(nameof(RecordingClip), request.ClipId);
        if (clip.Status == ClipStatus.Processing) throw new DomainException("The clip is being cut right now; delete it when it is ready.");
        db.RecordingClips.Remove(clip);
        var preview = (await RecordingShares.OpenShareAsync(db, RecordingKind.Clip, clip.Id, cancellationToken))?.Revoke(clock.GetUtcNow());
        await db.SaveChangesAsync(cancellationToken);
        if (clip.ClipLocation is { } key && BlobKeys.IsValid(key)) await storage.DeleteAsync(key, cancellationToken);
        if (preview is not null) await storage.DeleteAsync(preview, cancellationToken);
        return Unit.Value;
    }
}
