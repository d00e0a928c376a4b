using Microsoft.EntityFrameworkCore;
using Streaming.Application.Common.Interfaces;
using Streaming.Application.Common.Jobs;
using Streaming.Application.Live.Replay;

namespace Streaming.Application.Workouts.Commands.MigrateToWorkoutCatalog;

/// <summary>
/// The browser recording's chunks of classes that became workouts: the workout plays the assembled
/// replay, so the chunks only take space. Files first (deletes are idempotent), then the rows, one
/// class at a time; a class whose files could not be deleted keeps its rows and is tried again on
/// the next run (as are classes moved before this clean-up existed).
/// </summary>
public sealed class MovedClassChunks(IApplicationDbContext db, IBlobStorage storage, JobRetry retry)
{
    public async Task DeleteAsync(int batchSize, JobTally tally, CancellationToken cancellationToken)
    {
        var moved = await db.LiveRecordingChunks.AsNoTracking()
            .Where(c => db.Streams.Any(s => s.Id == c.StreamId && s.WorkoutId != null))
            .Select(c => c.StreamId).Distinct().Take(batchSize).ToListAsync(cancellationToken);
        foreach (var streamId in moved)
        {
            try
            {
                var chunks = await db.LiveRecordingChunks.Where(c => c.StreamId == streamId).ToListAsync(cancellationToken);
                foreach (var chunk in chunks)
                    await retry.ExecuteAsync(async ct => await storage.DeleteAsync(ReplayKeys.Chunk(streamId, chunk.Index), ct), cancellationToken);
                db.LiveRecordingChunks.RemoveRange(chunks);
                await db.SaveChangesAsync(cancellationToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                db.DiscardChanges();
                tally.Failed($"the recording chunks of class {streamId}", e);
            }
        }
    }
}
