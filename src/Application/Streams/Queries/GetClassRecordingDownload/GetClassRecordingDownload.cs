using MediatR;
using Microsoft.EntityFrameworkCore;
using Streaming.Application.Common.Interfaces;
using Streaming.Application.Streams.Common;
using Streaming.Domain.Common;
using Streaming.Domain.Live;
using Streaming.Application.Common.Security;

namespace Streaming.Application.Streams.Queries.GetClassRecordingDownload;

/// <summary>
/// The instructor downloads their own class's recording (the replay MP4) while it is kept — until
/// the retention job deletes it (after the replay window, unless kept for the workout catalog): a
/// short-lived signed URL that saves the file. Another instructor's class is a 404.
/// </summary>
[Authorize(Policy = Policies.StreamOwner)]
public sealed record GetClassRecordingDownloadQuery(Guid StreamId) : IRequest<Uri>;

public class GetClassRecordingDownloadHandler(IApplicationDbContext db, ICurrentUser currentUser, IBlobStorage storage)
    : IRequestHandler<GetClassRecordingDownloadQuery, Uri>
{
    public async Task<Uri> Handle(GetClassRecordingDownloadQuery request, CancellationToken cancellationToken)
    {
        var stream = await db.FindOwnedAsync(currentUser, request.StreamId, cancellationToken);
        if (stream.RecordingDeletedAt is { } deleted)
            throw new DomainException($"The recording of this class was deleted on {deleted.UtcDateTime:d MMM yyyy}, when its replay window closed.");
        var recording = await db.LiveRecordings.AsNoTracking().SingleOrDefaultAsync(r => r.StreamId == stream.Id, cancellationToken);
        if (recording is not { Status: LiveRecordingStatus.Available, ReplayKey: { } key })
            throw new DomainException("This class has no recording to download.");
        var name = $"{stream.Title} {stream.ScheduledStart.UtcDateTime:yyyy-MM-dd}.mp4";
        return await storage.GetDownloadUrlAsync(key, name, null, cancellationToken);
    }
}
