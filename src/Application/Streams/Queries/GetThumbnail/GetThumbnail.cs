using MediatR;
using Microsoft.EntityFrameworkCore;
using Streaming.Application.Common.Interfaces;

namespace Streaming.Application.Streams.Queries.GetThumbnail;

/// <summary>A class's thumbnail image (public, like the catalog), or null when it has none.</summary>
public record GetThumbnailQuery(Guid StreamId) : IRequest<BlobReadResult?>;

public class GetThumbnailHandler(IApplicationDbContext db, IBlobStorage blobs) : IRequestHandler<GetThumbnailQuery, BlobReadResult?>
{
    public async Task<BlobReadResult?> Handle(GetThumbnailQuery request, CancellationToken cancellationToken)
    {
        var key = await db.Streams.Where(s => s.Id == request.StreamId).Select(s => s.ThumbnailPath).SingleOrDefaultAsync(cancellationToken);
        return key is null ? null : await blobs.OpenReadAsync(key, null, cancellationToken);
    }
}
