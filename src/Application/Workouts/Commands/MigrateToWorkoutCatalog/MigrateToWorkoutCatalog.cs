using MediatR;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Streaming.Application.Common.Interfaces;
using Streaming.Application.Common.Jobs;
using Streaming.Domain.Common;
using Streaming.Domain.Enrollments;
using Streaming.Domain.Live;
using Streaming.Domain.Streams;
using Streaming.Domain.Workouts;

namespace Streaming.Application.Workouts.Commands.MigrateToWorkoutCatalog;

/// <summary>
/// The daily catalog migration: every ended class whose migration date has passed, that is kept for
/// the catalog and has its replay, becomes a published <see cref="Workout"/> playing that replay.
/// The workout and the class's link to it are saved together, and a class holds one workout at most
/// (its row version and a unique index on the workout's source class), so a class is never migrated
/// twice — not by a second run, nor by a second app instance. Then the recording's chunks of moved
/// classes are deleted (<see cref="MovedClassChunks"/>): the workout plays the assembled replay.
/// </summary>
public sealed record MigrateToWorkoutCatalogCommand(int BatchSize = 200) : IRequest<JobOutcome>;

public class MigrateToWorkoutCatalogHandler(
    IApplicationDbContext db, TimeProvider clock, RetentionPolicy retention, IBlobStorage storage, JobRetry retry, ILogger<MigrateToWorkoutCatalogHandler> logger)
    : IRequestHandler<MigrateToWorkoutCatalogCommand, JobOutcome>
{
    public async Task<JobOutcome> Handle(MigrateToWorkoutCatalogCommand request, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var threshold = retention.CatalogAutoKeepEnrollments;
        var due = await db.Streams.AsNoTracking()
            .Where(s => s.Status == StreamStatus.Ended && s.MigrationScheduledAt <= now && s.WorkoutId == null && s.RecordingDeletedAt == null
                        && (s.CatalogMark == CatalogMark.Kept || s.CatalogMark == CatalogMark.KeptAutomatically
                            || (s.CatalogMark == CatalogMark.None
                                && db.Enrollments.Count(e => e.StreamId == s.Id && e.Status == EnrollmentStatus.Active) >= threshold))
                        && db.LiveRecordings.Any(r => r.StreamId == s.Id && r.Status == LiveRecordingStatus.Available))
            .OrderBy(s => s.MigrationScheduledAt).ThenBy(s => s.Id)
            .Select(s => s.Id).Take(request.BatchSize).ToListAsync(cancellationToken);

        var tally = new JobTally();
        foreach (var streamId in due)
        {
            try
            {
                await MigrateAsync(streamId, now, cancellationToken);
                tally.Succeeded();
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                db.DiscardChanges();
                tally.Failed($"class {streamId}", e);
                logger.LogWarning(e, "Could not move class {StreamId} to the workout catalog; it is tried again on the next run", streamId);
            }
        }

        await new MovedClassChunks(db, storage, retry).DeleteAsync(request.BatchSize, tally, cancellationToken);
        return tally.Outcome;
    }

    private async Task MigrateAsync(Guid streamId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var stream = await db.Streams.SingleAsync(s => s.Id == streamId, cancellationToken);
        var seats = await db.Enrollments.CountAsync(e => e.StreamId == streamId && e.Status == EnrollmentStatus.Active, cancellationToken);
        stream.ApplyAutomaticCatalogMark(seats, retention);
        var recording = await db.LiveRecordings.AsNoTracking().SingleAsync(r => r.StreamId == streamId, cancellationToken);

        var workout = Workout.FromClass(stream, recording, now);
        db.Workouts.Add(workout);
        stream.RecordMovedToCatalog(workout.Id, now);
        await db.SaveChangesAsync(cancellationToken); // one transaction: the workout exists exactly when the class points to it
        logger.LogInformation("Class {StreamId} is now workout {WorkoutId} in the catalog", streamId, workout.Id);
    }
}
