using MediatR;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Streaming.Application.Common.Interfaces;
using Streaming.Application.Common.Jobs;
using Streaming.Application.Recordings.Common;

namespace Streaming.Application.Recordings.Commands.CopyRemoteRecordings;

/// <summary>
/// The recording-copy job: recordings whose file is at a plain http(s) URL of a store the app
/// cannot sign for (LiveKit Egress writing elsewhere, an imported link) are copied into the app's
/// own store, oldest first, so they download at the store's pace (a signed link, or nginx behind
/// <c>Downloads:AccelRedirect</c>) and stay downloadable when the other host drops the file. Until
/// then they are proxied as before. One recording at a time: one that fails (the URL answers 404, the
/// copy breaks off) is left as it was and tried again next run. A run copies up to
/// <see cref="BatchSize"/> files and tries at most <see cref="AttemptsPerCopy"/> times as many, so
/// a few URLs that stay broken do not keep newer recordings from being copied.
/// </summary>
public sealed record CopyRemoteRecordingsCommand(int BatchSize = 10) : IRequest<JobOutcome>
{
    public const int AttemptsPerCopy = 5;
}

public class CopyRemoteRecordingsHandler(
    IApplicationDbContext db, IBlobStorage storage, IRemoteMedia remote, JobRetry retry, TimeProvider clock,
    ILogger<CopyRemoteRecordingsHandler> logger)
    : IRequestHandler<CopyRemoteRecordingsCommand, JobOutcome>
{
    public async Task<JobOutcome> Handle(CopyRemoteRecordingsCommand request, CancellationToken cancellationToken)
    {
        var atUrls = await db.Recordings.AsNoTracking()
            .Where(r => r.File != null && (r.File.Location.StartsWith("http://") || r.File.Location.StartsWith("https://")))
            .OrderBy(r => r.CreatedAt).Select(r => new { r.Id, r.File!.Location }).ToListAsync(cancellationToken);

        var copier = new RemoteRecordingCopier(db, storage, remote, retry, clock, logger);
        var (tally, copied) = (new JobTally(), 0);
        // A URL into the app's own store (e.g. its S3 bucket) is signed already: nothing to copy.
        foreach (var recording in atUrls.Where(r => RecordingLocations.IsElsewhere(r.Location, storage))
                     .Take(request.BatchSize * CopyRemoteRecordingsCommand.AttemptsPerCopy).TakeWhile(_ => copied < request.BatchSize))
        {
            try
            {
                if (await copier.CopyAsync(recording.Id, recording.Location, cancellationToken))
                {
                    tally.Succeeded();
                    copied++;
                }
                else tally.Failed($"recording {recording.Id}", "its URL answers that the file is not there (404, 403 or 410)");
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                db.DiscardChanges();
                tally.Failed($"recording {recording.Id}", e);
                logger.LogWarning(e, "Could not copy recording {RecordingId} from its URL; it is tried again on the next run", recording.Id);
            }
        }

        return tally.Outcome;
    }
}
