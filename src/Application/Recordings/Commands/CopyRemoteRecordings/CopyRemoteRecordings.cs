using MediatR;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Streaming.Application.Common.Interfaces;
using Streaming.Application.Common.Jobs;
using Streaming.Application.Recordings.Common;
using Streaming.Domain.Recordings;

namespace Streaming.Application.Recordings.Commands.CopyRemoteRecordings;

/// <summary>
/// The recording-copy job: recordings whose file is at a plain http(s) URL of a store the app
/// cannot sign for (LiveKit Egress writing elsewhere, an imported link) are copied into the app's
/// own store, so they download at the store's pace (a signed link, or nginx behind
/// <c>Downloads:AccelRedirect</c>) and stay downloadable when the other host drops the file. Until
/// then they are proxied as before. One recording at a time: one that fails (the URL answers 404, the
/// copy breaks off) is left as it was, marked (<see cref="Recording.CopyFailedAt"/>) and tried again
/// on a later run. Files that never failed go first (oldest first), then those that failed longest
/// ago, so URLs that stay broken take turns at the back instead of holding up newer recordings. A run
/// copies up to <see cref="BatchSize"/> files and tries at most <see cref="AttemptsPerCopy"/> times as many.
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
            .Select(r => new { r.Id, r.File!.Location, r.CreatedAt, r.CopyFailedAt }).ToListAsync(cancellationToken);

        var copier = new RemoteRecordingCopier(db, storage, remote, retry, clock, logger);
        var (tally, copied) = (new JobTally(), 0);
        // A URL into the app's own store (e.g. its S3 bucket) is signed already: nothing to copy.
        foreach (var recording in atUrls.Where(r => RecordingLocations.IsElsewhere(r.Location, storage))
                     .OrderBy(r => r.CopyFailedAt is not null).ThenBy(r => r.CopyFailedAt).ThenBy(r => r.CreatedAt)
                     .Take(request.BatchSize * CopyRemoteRecordingsCommand.AttemptsPerCopy).TakeWhile(_ => copied < request.BatchSize))
        {
            try
            {
                if (await copier.CopyAsync(recording.Id, recording.Location, cancellationToken))
                {
                    tally.Succeeded();
                    copied++;
                }
                else
                {
                    tally.Failed($"recording {recording.Id}", "its URL answers that the file is not there (404, 403 or 410)");
                    await copier.NoteFailureAsync(recording.Id, recording.Location, cancellationToken);
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                db.DiscardChanges();
                tally.Failed($"recording {recording.Id}", e);
                logger.LogWarning(e, "Could not copy recording {RecordingId} from its URL; it is tried again on a later run", recording.Id);
                await copier.NoteFailureAsync(recording.Id, recording.Location, cancellationToken);
            }
        }

        return tally.Outcome;
    }
}
