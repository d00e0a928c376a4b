using MediatR;
using Microsoft.Extensions.Options;
using Streaming.Application.Common.Interfaces;
using Streaming.Application.Recordings.Common;
using Streaming.Application.Recordings.Queries.GetRecordingFile;

namespace Streaming.Application.Recordings.Queries.GetSharedFile;

/// <summary>
/// A shared link's file, streamed through the app with range requests. The link is checked on
/// every request, so a link turned off stops a video that is playing at its next range request.
/// </summary>
public record GetSharedFileQuery(string Token) : IRequest<RecordingFileDelivery>;

public class GetSharedFileHandler(IApplicationDbContext db, IBlobStorage storage, TimeProvider clock, IOptions<RecordingsOptions> options)
    : IRequestHandler<GetSharedFileQuery, RecordingFileDelivery>
{
    public async Task<RecordingFileDelivery> Handle(GetSharedFileQuery request, CancellationToken cancellationToken)
    {
        var (_, source) = await SharedLinks.OpenAsync(db, request.Token, clock.GetUtcNow(), options.Value, cancellationToken);
        return RecordingLocations.Inline(source, storage);
    }
}
