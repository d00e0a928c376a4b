using Microsoft.EntityFrameworkCore;
using Streaming.Application.Analytics.Common;
using Streaming.Application.Common.Interfaces;
using Streaming.Domain.Enrollments;
using Streaming.Domain.Viewing;

namespace Streaming.Application.Analytics.Queries.GetAnalyticsOverview;

public static class OverviewFigures
{
    /// <summary>Seats taken by the weekday (Monday first) and hour the class starts, in <paramref name="zone"/>.</summary>
    public static async Task<int[,]> WeekdayHourHeatAsync(this IQueryable<Enrollment> enrollments, TimeZoneInfo zone, CancellationToken cancellationToken)
    {
        var slots = await enrollments.Where(ClassFigures.IsSeat)
            .GroupBy(e => e.Stream.ScheduledStart)
            .Select(g => new { Start = g.Key, Count = g.Count() })
            .ToListAsync(cancellationToken);

        var heat = new int[7, 24];
        foreach (var slot in slots)
        {
            var local = TimeZoneInfo.ConvertTime(slot.Start, zone);
            heat[((int)local.DayOfWeek + 6) % 7, local.Hour] += slot.Count; // Monday first
        }

        return heat;
    }

    /// <summary>Peak viewers as a class's own page counts them (<see cref="ClassFigures.PeakViewers"/>), from one query for the classes shown.</summary>
    public static async Task<List<StreamFiguresDto>> WithPeakViewersAsync(this IApplicationDbContext db, List<StreamFiguresDto> figures, CancellationToken cancellationToken)
    {
        var ids = figures.Select(f => f.Id).ToList();
        var spans = (await db.ViewerSessions.AsNoTracking()
                .Where(v => ids.Contains(v.StreamId) && v.Mode == ViewingMode.Live)
                .Select(v => new { v.StreamId, v.MemberId, v.JoinedAt, End = v.LeftAt ?? v.LastSeenAt })
                .ToListAsync(cancellationToken))
            .ToLookup(v => v.StreamId, v => new ViewingSpan(v.MemberId, v.JoinedAt, v.End));
        return figures.Select(f => f with { PeakViewers = ClassFigures.PeakViewers(f.PeakViewers, spans[f.Id]) }).ToList();
    }
}
