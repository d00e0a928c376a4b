using MediatR;
using Microsoft.EntityFrameworkCore;
using Streaming.Application.Common.Exceptions;
using Streaming.Application.Common.Interfaces;

namespace Streaming.Application.Profiles.Commands.RemoveAvatar;

/// <summary>The member removes their avatar (the image is deleted).</summary>
public sealed record RemoveAvatarCommand : IRequest<Unit>;

public class RemoveAvatarHandler(IApplicationDbContext db, ICurrentUser currentUser, IBlobStorage blobs, IIdentityService identity)
    : IRequestHandler<RemoveAvatarCommand, Unit>
{
    public async Task<Unit> Handle(RemoveAvatarCommand request, CancellationToken cancellationToken)
    {
        var userId = currentUser.Id ?? throw new ForbiddenAccessException("Sign in first.");
        var profile = await db.Profiles.SingleOrDefaultAsync(p => p.Id == userId, cancellationToken)
            ?? throw new NotFoundException("Profile", userId);

        var previous = profile.ReplaceAvatar(null);
        await db.SaveChangesAsync(cancellationToken);
        if (previous is not null) await blobs.DeleteAsync(previous, cancellationToken);
        await identity.RefreshSignInAsync(userId);
        return Unit.Value;
    }
}
