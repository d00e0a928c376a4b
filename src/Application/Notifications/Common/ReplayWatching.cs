using Microsoft.EntityFrameworkCore;
using Streaming.Application.Common.Interfaces;
using Streaming.Domain.Live;
using Streaming.Domain.Viewing;

namespace Streaming.Application.Notifications.Common;

/// <summary>Whether members have watched a class's replay all the way through (their replay sessions' time against its length).</summary>
public static class ReplayWatching
{
    /// <summary>The members among <paramref name="memberIds"/> whose replay sessions add up to at least <paramref name="share"/> of the replay.</summary>
    public static async Task<HashSet<string>> WatchedWholeAsync(
        this IApplicationDbContext db, Guid streamId, IReadOnlyCollection<string> memberIds, double share, CancellationToken cancellationToken)
    {
        var length = await db.LiveRecordings.AsNoTracking()
            .Where(r => r.StreamId == streamId && r.Status == LiveRecordingStatus.Available)
            .Select(r => r.DurationSeconds).SingleOrDefaultAsync(cancellationToken);
        if (length is not > 0) return [];

        var sessions = await db.ViewerSessions.AsNoTracking()
            .Where(s => s.StreamId == streamId && s.Mode == ViewingMode.Replay && memberIds.Contains(s.MemberId))
            .ToListAsync(cancellationToken);
        return sessions.GroupBy(s => s.MemberId)
            .Where(g => g.Sum(s => s.WatchTime.TotalSeconds) >= share * length.Value)
            .Select(g => g.Key)
            .ToHashSet();
    }
}
