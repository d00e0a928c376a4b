using MediatR;
using Microsoft.EntityFrameworkCore;
using Streaming.Application.Common.Interfaces;
using Streaming.Application.Common.Security;

namespace Streaming.Application.Profiles.Queries.GetAvatar;

/// <summary>
/// Someone's avatar image, or null (404). Instructors' avatars are public, like their classes in
/// the catalog; a member's avatar is shown to that member only.
/// </summary>
[AllowAnonymous("Instructors' avatars are public; the handler shows a member's only to that member.")]
public record GetAvatarQuery(string UserId) : IRequest<BlobReadResult?>;

public class GetAvatarHandler(IApplicationDbContext db, ICurrentUser currentUser, IBlobStorage blobs) : IRequestHandler<GetAvatarQuery, BlobReadResult?>
{
    public async Task<BlobReadResult?> Handle(GetAvatarQuery request, CancellationToken cancellationToken)
    {
        var id = request.UserId;
        var mine = currentUser.Id is { } me && me == id;
        var key = await db.Profiles
            .Where(p => p.Id == id && p.AvatarPath != null && (mine || db.Streams.Any(s => s.InstructorId == id)))
            .Select(p => p.AvatarPath)
            .SingleOrDefaultAsync(cancellationToken);
        return key is null ? null : await blobs.OpenReadAsync(key, null, cancellationToken);
    }
}
