using MediatR;
using Microsoft.Extensions.Options;
using Streaming.Application.Common.Interfaces;
using Streaming.Application.Recordings.Common;

namespace Streaming.Application.Recordings.Queries.GetSharedRecording;

/// <summary>The public page of a shared link (see <see cref="SharedLinks"/>: 404 unknown, 410 turned off or expired).</summary>
public record GetSharedRecordingQuery(string Token) : IRequest<SharedRecordingDto>;

public sealed record SharedRecordingDto(
    string Token, RecordingKind Kind, string Title, string Product, double? DurationSeconds, DateTimeOffset? RecordedAt,
    string ContentType, DateTimeOffset? ExpiresAt, bool HasPreview)
{
    public bool IsVideo => ContentType.StartsWith("video/", StringComparison.Ordinal);
}

public class GetSharedRecordingHandler(IApplicationDbContext db, TimeProvider clock, IOptions<RecordingsOptions> options)
    : IRequestHandler<GetSharedRecordingQuery, SharedRecordingDto>
{
    public async Task<SharedRecordingDto> Handle(GetSharedRecordingQuery request, CancellationToken cancellationToken)
    {
        var (share, source) = await SharedLinks.OpenAsync(db, request.Token, clock.GetUtcNow(), options.Value, cancellationToken);
        return new SharedRecordingDto(share.Token, source.Kind, source.Title, source.Product, source.DurationSeconds, source.RecordedAt,
            RecordingShares.ContentTypeOf(source.FileName), share.ExpiresAt, share.PreviewPath is not null);
    }
}
