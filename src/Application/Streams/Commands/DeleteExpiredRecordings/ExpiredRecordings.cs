using Microsoft.EntityFrameworkCore;
using Streaming.Application.Common.Interfaces;
using Streaming.Domain.Live;
using Streaming.Domain.Streams;

namespace Streaming.Application.Streams.Commands.DeleteExpiredRecordings;

public static class ExpiredRecordings
{
    /// <summary>
    /// Ended classes whose replay window has closed and whose recording is still there, oldest expiry
    /// first — except those moved to the workout catalog or kept for it (by hand or automatically).
    /// </summary>
    public static async Task<List<Guid>> ExpiredRecordingsAsync(this IApplicationDbContext db, DateTimeOffset now, int batchSize, CancellationToken cancellationToken) =>
        await db.Streams.AsNoTracking()
            .Where(s => s.Status == StreamStatus.Ended && s.RecordingExpiresAt <= now && s.RecordingDeletedAt == null && s.WorkoutId == null
                        && s.CatalogMark != CatalogMark.Kept && s.CatalogMark != CatalogMark.KeptAutomatically
                        && db.LiveRecordings.Any(r => r.StreamId == s.Id && r.Status != LiveRecordingStatus.Deleted))
            .OrderBy(s => s.RecordingExpiresAt).ThenBy(s => s.Id)
            .Select(s => s.Id).Take(batchSize).ToListAsync(cancellationToken);
}
