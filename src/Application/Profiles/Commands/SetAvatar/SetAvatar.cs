using MediatR;
using Microsoft.EntityFrameworkCore;
using Streaming.Application.Common.Exceptions;
using Streaming.Application.Common.Interfaces;

namespace Streaming.Application.Profiles.Commands.SetAvatar;

/// <summary>
/// The member uploads an avatar: checked like a class thumbnail (JPEG, PNG or WebP, ≤ 5 MB, by
/// content), stored as a JPEG of at most 256×256. The previous image is deleted.
/// </summary>
public sealed record SetAvatarCommand(Stream? Content) : IRequest<Unit>;

public class SetAvatarHandler(IApplicationDbContext db, ICurrentUser currentUser, IImageProcessor images, IBlobStorage blobs, IIdentityService identity)
    : IRequestHandler<SetAvatarCommand, Unit>
{
    public const string Field = "Avatar";

    public async Task<Unit> Handle(SetAvatarCommand request, CancellationToken cancellationToken)
    {
        var userId = currentUser.Id ?? throw new ForbiddenAccessException("Sign in first.");
        if (request.Content is null) throw new ValidationException(Field, "Choose an image to upload.");
        var profile = await db.Profiles.SingleOrDefaultAsync(p => p.Id == userId, cancellationToken)
            ?? throw new NotFoundException("Profile", userId);

        var image = await images.ToWebJpegAsync(request.Content, ImageSize.Avatar, cancellationToken);
        if (image.Jpeg is null) throw new ValidationException(Field, image.Error!);

        var key = $"avatars/{Guid.NewGuid():N}.jpg";
        using (var jpeg = new MemoryStream(image.Jpeg)) await blobs.PutAsync(key, jpeg, "image/jpeg", cancellationToken);
        var previous = profile.ReplaceAvatar(key);
        await db.SaveChangesAsync(cancellationToken);

        if (previous is not null) await blobs.DeleteAsync(previous, cancellationToken);
        await identity.RefreshSignInAsync(userId);
        return Unit.Value;
    }
}
