using MediatR;
using Microsoft.EntityFrameworkCore;
using Streaming.Application.Common.Interfaces;
using Streaming.Application.Common.Security;

namespace Streaming.Application.Streams.Queries.GetThumbnail;

/// <summary>
/// A class's thumbnail (public, like the catalog). Each stored image has its own version (its
/// file name), which the page puts in the URL: the image is returned only for the current version,
/// so that URL can be cached for good; any other version learns the current one.
/// </summary>
[AllowAnonymous("Class thumbnails are public (the catalog).")]
public record GetThumbnailQuery(Guid StreamId, string? Version) : IRequest<ThumbnailResult>;

/// <param name="CurrentVersion">Null when the class has no thumbnail (or does not exist).</param>
/// <param name="Image">The image, only when the requested version is the current one.</param>
public sealed record ThumbnailResult(string? CurrentVersion, BlobReadResult? Image);

public class GetThumbnailHandler(IApplicationDbContext db, IBlobStorage blobs) : IRequestHandler<GetThumbnailQuery, ThumbnailResult>
{
    public async Task<ThumbnailResult> Handle(GetThumbnailQuery request, CancellationToken cancellationToken)
    {
        var key = await db.Streams.Where(s => s.Id == request.StreamId).Select(s => s.ThumbnailPath).SingleOrDefaultAsync(cancellationToken);
        if (key is null) return new ThumbnailResult(null, null);
        var version = VersionOf(key);
        return version == request.Version
            ? new ThumbnailResult(version, await blobs.OpenReadAsync(key, null, cancellationToken))
            : new ThumbnailResult(version, null);
    }

    /// <summary>The version of a stored thumbnail: its file name, new for every upload.</summary>
    public static string VersionOf(string key) => Path.GetFileNameWithoutExtension(key);
}
