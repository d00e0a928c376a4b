using MediatR;
using Streaming.Application.Common.Exceptions;
using Streaming.Application.Common.Interfaces;
using Streaming.Application.Streams.Common;
using Streaming.Domain.Streams;
using Streaming.Application.Common.Security;

namespace Streaming.Application.Streams.Commands.SetThumbnail;

/// <summary>
/// The owner uploads a thumbnail (JPEG, PNG or WebP, ≤ 5 MB, checked by content), stored as a
/// web-sized JPEG. With <see cref="OnlyIfMissing"/> (the frame the broadcast page grabs when going
/// live) an existing thumbnail is kept.
/// </summary>
[Authorize(Policy = Policies.StreamOwner)]
public sealed record SetThumbnailCommand(Guid StreamId, Stream Content, bool OnlyIfMissing = false) : IRequest<bool>;

public class SetThumbnailHandler(IApplicationDbContext db, ICurrentUser currentUser, IImageProcessor images, IBlobStorage blobs, TimeProvider clock)
    : IRequestHandler<SetThumbnailCommand, bool>
{
    public async Task<bool> Handle(SetThumbnailCommand request, CancellationToken cancellationToken)
    {
        var stream = await db.FindOwnedAsync(currentUser, request.StreamId, cancellationToken);
        if (request.OnlyIfMissing && stream.ThumbnailPath is not null) return false;

        var image = await images.ToWebJpegAsync(request.Content, ImageSize.Thumbnail, cancellationToken);
        if (image.Jpeg is null) throw new ValidationException("Thumbnail", image.Error!);

        var key = $"thumbnails/{stream.Id:N}/{Guid.NewGuid():N}.jpg";
        using (var jpeg = new MemoryStream(image.Jpeg)) await blobs.PutAsync(key, jpeg, "image/jpeg", cancellationToken);

        // The class may have changed while the image was processed (viewers joining a live class
        // update it): lock its row and apply the thumbnail to what it is now.
        string? previous;
        var kept = true;
        await using (var transaction = await db.BeginTransactionAsync(cancellationToken))
        {
            stream = await db.FindStreamForUpdateAsync(stream.Id, cancellationToken) ?? throw new NotFoundException(nameof(LiveStream), request.StreamId);
            previous = stream.ThumbnailPath;
            if (request.OnlyIfMissing && previous is not null)
            {
                kept = false; // a thumbnail was uploaded meanwhile: it stays
            }
            else
            {
                stream.SetThumbnail(key, clock.GetUtcNow());
                await db.SaveChangesAsync(cancellationToken);
                await transaction.CommitAsync(cancellationToken);
            }
        }

        // Storage calls after the lock is released.
        var unused = kept ? previous : key;
        if (unused is not null) await blobs.DeleteAsync(unused, cancellationToken);
        return kept;
    }
}
