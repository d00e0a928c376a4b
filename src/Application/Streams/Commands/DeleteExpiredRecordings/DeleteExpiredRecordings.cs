using MediatR;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Streaming.Application.Common.Interfaces;
using Streaming.Application.Common.Jobs;
using Streaming.Application.Live.Common;
using Streaming.Application.Live.Replay;
using Streaming.Domain.Common;
using Streaming.Domain.Enrollments;

namespace Streaming.Application.Streams.Commands.DeleteExpiredRecordings;

/// <summary>
/// Recording retention (the nightly cleanup job): for every ended class whose replay window has
/// closed, deletes the recording's files (replay and chunks) and the provider's live input with any
/// video it kept, then records that the recording is gone — unless the class is kept for the workout
/// catalog (marked by its instructor, or popular enough), whose files stay until migration.
/// One class at a time: a class that fails (after retries with back-off) is left as it was and tried
/// again next run; deletes are idempotent, so a run that stopped half-way is finished by the next.
/// </summary>
public sealed record DeleteExpiredRecordingsCommand(int BatchSize = 500) : IRequest<JobOutcome>;

public class DeleteExpiredRecordingsHandler(
    IApplicationDbContext db, IBlobStorage storage, IStreamingProvider streaming, JobRetry retry, TimeProvider clock,
    RetentionPolicy retention, ILogger<DeleteExpiredRecordingsHandler> logger)
    : IRequestHandler<DeleteExpiredRecordingsCommand, JobOutcome>
{
    public async Task<JobOutcome> Handle(DeleteExpiredRecordingsCommand request, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var due = await db.ExpiredRecordingsAsync(now, request.BatchSize, cancellationToken);

        var tally = new JobTally();
        foreach (var streamId in due)
        {
            try
            {
                await DeleteOrKeepAsync(streamId, now, cancellationToken);
                tally.Succeeded();
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                db.DiscardChanges();
                tally.Failed($"class {streamId}", e);
                logger.LogWarning(e, "Could not delete the recording of class {StreamId}; it is tried again on the next run", streamId);
            }
        }

        return tally.Outcome;
    }

    private async Task DeleteOrKeepAsync(Guid streamId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var stream = await db.Streams.SingleAsync(s => s.Id == streamId, cancellationToken);
        var seats = await db.Enrollments.CountAsync(e => e.StreamId == streamId && e.Status == EnrollmentStatus.Active, cancellationToken);
        if (stream.ApplyAutomaticCatalogMark(seats, retention))
        {
            await db.SaveChangesAsync(cancellationToken);
            logger.LogInformation("Kept the recording of {StreamId} for the workout catalog ({Seats} members enrolled)", streamId, seats);
            return;
        }

        var recording = await db.LiveRecordings.SingleAsync(r => r.StreamId == streamId, cancellationToken);
        var chunks = await db.LiveRecordingChunks.Where(c => c.StreamId == streamId).ToListAsync(cancellationToken);
        // The replay's usual key too: a run that stopped after deleting it left the row saying nothing.
        var keys = chunks.Select(c => ReplayKeys.Chunk(streamId, c.Index))
            .Append(recording.ReplayKey ?? ReplayKeys.Replay(streamId)).Append(ReplayKeys.Replay(streamId)).Distinct();
        foreach (var key in keys)
            await retry.ExecuteAsync(async ct => await storage.DeleteAsync(key, ct), cancellationToken);
        await retry.ExecuteAsync(async ct => await db.DeleteLiveInputAsync(streaming, streamId, ct), cancellationToken);

        recording.MarkDeleted(now);
        db.LiveRecordingChunks.RemoveRange(chunks);
        stream.RecordRecordingDeleted(now);
        await db.SaveChangesAsync(cancellationToken);
        logger.LogInformation("Deleted the recording of class {StreamId} ({Files} files)", streamId, chunks.Count + 1);
    }
}
