using MediatR;
using Microsoft.Extensions.Options;
using Streaming.Application.Common.Interfaces;
using Streaming.Application.Recordings.Common;

namespace Streaming.Application.Recordings.Queries.GetSharedPreview;

/// <summary>A shared link's preview image (a frame of the video), or null when it has none.</summary>
public record GetSharedPreviewQuery(string Token) : IRequest<BlobReadResult?>;

public class GetSharedPreviewHandler(IApplicationDbContext db, IBlobStorage storage, TimeProvider clock, IOptions<RecordingsOptions> options)
    : IRequestHandler<GetSharedPreviewQuery, BlobReadResult?>
{
    public async Task<BlobReadResult?> Handle(GetSharedPreviewQuery request, CancellationToken cancellationToken)
    {
        var (share, _) = await SharedLinks.OpenAsync(db, request.Token, clock.GetUtcNow(), options.Value, cancellationToken);
        return share.PreviewPath is { } key ? await storage.OpenReadAsync(key, null, cancellationToken) : null;
    }
}
