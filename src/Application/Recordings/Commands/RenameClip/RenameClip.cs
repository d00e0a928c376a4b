using MediatR;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Streaming.Application.Common.Exceptions;
using Streaming.Application.Common.Interfaces;
using Streaming.Application.Common.Security;
using Streaming.Application.Recordings.Common;
using Streaming.Domain.Recordings;

namespace Streaming.Application.Recordings.Commands.RenameClip;

/// <summary>Names a clip (its owner, or a super admin); a blank name goes back to the default one.</summary>
[Authorize(Policy = Policies.RecordingOwner, Resource = nameof(ClipId))]
public record RenameClipCommand(Guid ClipId, string? Name) : IRequest;

public class RenameClipHandler(IApplicationDbContext db, ICurrentUser currentUser, IOptions<RecordingsOptions> options)
    : IRequestHandler<RenameClipCommand>
{
    public async Task<Unit> Handle(RenameClipCommand request, CancellationToken cancellationToken)
    {
        var clip = await new RecordingAccess(currentUser, options.Value).Clips(db).SingleOrDefaultAsync(c => c.Id == request.ClipId, cancellationToken)
            ?? throw new NotFoundException(nameof(RecordingClip), request.ClipId);
        clip.Rename(request.Name);
        await db.SaveChangesAsync(cancellationToken);
        return Unit.Value;
    }
}
