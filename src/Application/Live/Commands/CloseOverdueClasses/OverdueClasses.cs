using Microsoft.EntityFrameworkCore;
using Streaming.Application.Common.Interfaces;
using Streaming.Domain.Streams;

namespace Streaming.Application.Live.Commands.CloseOverdueClasses;

public static class OverdueClasses
{
    /// <summary>
    /// Live or started classes the domain finds over (<see cref="LiveStream.DueClosing"/>), oldest
    /// first: the query only narrows, the domain decides.
    /// </summary>
    public static async Task<List<Guid>> OverdueClassesAsync(
        this IApplicationDbContext db, DateTimeOffset now, ClassClosingPolicy policy, int batchSize, CancellationToken cancellationToken)
    {
        var pastGrace = now - policy.EndGrace;
        var absentSince = now - policy.BroadcasterAbsenceLimit;
        var candidates = await db.Streams.AsNoTracking()
            .Where(s => s.Status == StreamStatus.Live || (s.Status == StreamStatus.Scheduled && s.ScheduledStart < now))
            .Select(s => new { Stream = s, LastSeen = db.BroadcastPresences.Where(p => p.StreamId == s.Id).Select(p => (DateTimeOffset?)p.LastSeenAt).FirstOrDefault() })
            .Where(c => c.Stream.ScheduledStart.AddMinutes(c.Stream.DurationMinutes) <= pastGrace
                        || (c.Stream.Status == StreamStatus.Live && (c.LastSeen ?? c.Stream.StartedAt) <= absentSince))
            .OrderBy(c => c.Stream.ScheduledStart).Take(batchSize)
            .ToListAsync(cancellationToken);
        return candidates.Where(c => c.Stream.DueClosing(now, c.LastSeen, policy) != ClassClosing.None).Select(c => c.Stream.Id).ToList();
    }
}
