using Microsoft.EntityFrameworkCore;
using Streaming.Application.Analytics.Common;
using Streaming.Application.Common.Interfaces;
using Streaming.Domain.Streams;

namespace Streaming.Application.Streams.Queries.GetInstructorStreams;

public static class DashboardFigures
{
    /// <summary>
    /// The dashboard's totals over <paramref name="classes"/>, counted as the analytics count them
    /// (<see cref="ClassFigures"/>); <paramref name="instructorId"/> null for every instructor's.
    /// </summary>
    public static async Task<DashboardTotalsDto> DashboardTotalsAsync(
        this IApplicationDbContext db, IQueryable<LiveStream> classes, string? instructorId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var paidSeats = db.Enrollments.AsNoTracking()
            .Where(e => instructorId == null || e.Stream.InstructorId == instructorId).Where(ClassFigures.IsPaid);
        var monthStart = new DateTimeOffset(now.Year, now.Month, 1, 0, 0, 0, TimeSpan.Zero);
        return new DashboardTotalsDto(
            await classes.CountAsync(s => s.Status == StreamStatus.Scheduled || s.Status == StreamStatus.Live, cancellationToken),
            await paidSeats.CountAsync(ClassFigures.IsSeat, cancellationToken),
            await paidSeats.Where(e => e.ActivatedAt >= monthStart).SumAsync(e => e.TokensPaid, cancellationToken),
            await paidSeats.SumAsync(e => e.TokensPaid, cancellationToken));
    }

    /// <summary>The dashboard's row order for <paramref name="sort"/>.</summary>
    public static IQueryable<InstructorStreamRowDto> SortedBy(this IQueryable<InstructorStreamRowDto> rows, InstructorStreamSort sort) =>
        sort switch
        {
            InstructorStreamSort.DateAscending => rows.OrderBy(r => r.ScheduledStart).ThenBy(r => r.Id),
            InstructorStreamSort.DateDescending => rows.OrderByDescending(r => r.ScheduledStart).ThenBy(r => r.Id),
            InstructorStreamSort.Enrollments => rows.OrderByDescending(r => r.Enrollments).ThenByDescending(r => r.ScheduledStart),
            InstructorStreamSort.Revenue => rows.OrderByDescending(r => r.Revenue).ThenByDescending(r => r.ScheduledStart),
            _ => rows
                .OrderBy(r => r.Status == StreamStatus.Live ? 0 : r.Status == StreamStatus.Scheduled ? 1 : 2)
                .ThenBy(r => r.Status == StreamStatus.Live || r.Status == StreamStatus.Scheduled ? r.ScheduledStart : DateTimeOffset.MinValue)
                .ThenByDescending(r => r.ScheduledStart),
        };
}
