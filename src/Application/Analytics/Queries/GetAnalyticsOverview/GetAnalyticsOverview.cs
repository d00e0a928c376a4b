using MediatR;
using Microsoft.EntityFrameworkCore;
using Streaming.Application.Analytics.Common;
using Streaming.Application.Common.Exceptions;
using Streaming.Application.Common.Interfaces;
using Streaming.Application.Streams.Common;
using Streaming.Domain.Users;

namespace Streaming.Application.Analytics.Queries.GetAnalyticsOverview;

/// <summary>
/// Across the instructor's classes of a period (those starting in the last 7, 30 or 90 days and the
/// upcoming ones, or all): totals, revenue and enrollments per class a page at a time (newest first;
/// <see cref="AllPages"/> for the CSV), and popular time slots (enrollments by the weekday and hour
/// the class starts, in <see cref="TimeZone"/>).
/// </summary>
public record GetAnalyticsOverviewQuery(string? TimeZone, string? Period = null, int Page = 1, bool AllPages = false) : IRequest<AnalyticsOverviewDto>
{
    public const int PageSize = 20;

    /// <summary>The periods offered, as they appear in the query string; anything else means "all".</summary>
    public static readonly IReadOnlyList<(string Key, int Days)> Periods = [("7", 7), ("30", 30), ("90", 90)];

    public int? Days => Periods.FirstOrDefault(p => p.Key == Period) is { Key: not null } period ? period.Days : null;
}

public record AnalyticsOverviewDto(
    IReadOnlyList<StreamFiguresDto> Streams,
    int[,] EnrollmentsByWeekdayHour,
    string TimeZone,
    int? Days,
    int Page,
    int TotalCount,
    OverviewTotalsDto Totals)
{
    public int MaxSlot => EnrollmentsByWeekdayHour.Cast<int>().DefaultIfEmpty(0).Max();

    public int PageCount => Math.Max(1, (TotalCount + GetAnalyticsOverviewQuery.PageSize - 1) / GetAnalyticsOverviewQuery.PageSize);
}

public record OverviewTotalsDto(int Classes, int Enrollments, int ReplaySales, int Revenue);

public record StreamFiguresDto(Guid Id, string Title, DateTimeOffset ScheduledStart, int Enrollments, int ReplaySales, int Revenue, int PeakViewers);

public class GetAnalyticsOverviewHandler(IApplicationDbContext db, ICurrentUser currentUser, TimeProvider clock)
    : IRequestHandler<GetAnalyticsOverviewQuery, AnalyticsOverviewDto>
{
    public async Task<AnalyticsOverviewDto> Handle(GetAnalyticsOverviewQuery request, CancellationToken cancellationToken)
    {
        var userId = currentUser.Id ?? throw new ForbiddenAccessException("Log in first.");
        var seeAll = currentUser.IsInRole(Roles.SuperAdmin);
        if (!seeAll && !currentUser.IsInRole(Roles.Instructor)) throw new ForbiddenAccessException("This page is for instructors.");

        var classes = db.Streams.AsNoTracking().Where(s => seeAll || s.InstructorId == userId);
        var enrollments = db.Enrollments.AsNoTracking().Where(e => seeAll || e.Stream.InstructorId == userId);
        if (request.Days is { } days)
        {
            var from = clock.GetUtcNow().AddDays(-days);
            classes = classes.Where(s => s.ScheduledStart >= from);
            enrollments = enrollments.Where(e => e.Stream.ScheduledStart >= from);
        }

        var total = await classes.CountAsync(cancellationToken);
        var totals = new OverviewTotalsDto(
            total,
            await enrollments.CountAsync(ClassFigures.IsSeat, cancellationToken),
            await enrollments.CountAsync(ClassFigures.IsReplaySale, cancellationToken),
            await enrollments.Where(ClassFigures.IsPaid).SumAsync(e => e.TokensPaid, cancellationToken));

        var pageCount = Math.Max(1, (total + GetAnalyticsOverviewQuery.PageSize - 1) / GetAnalyticsOverviewQuery.PageSize);
        var page = Math.Clamp(request.Page, 1, pageCount);
        var newestFirst = classes.OrderByDescending(s => s.ScheduledStart).ThenBy(s => s.Id);
        var shown = request.AllPages ? newestFirst : newestFirst.Skip((page - 1) * GetAnalyticsOverviewQuery.PageSize).Take(GetAnalyticsOverviewQuery.PageSize);
        var figures = await shown
            .Select(s => new StreamFiguresDto(
                s.Id, s.Title, s.ScheduledStart,
                db.Enrollments.Where(e => e.StreamId == s.Id).Count(ClassFigures.IsSeat),
                db.Enrollments.Where(e => e.StreamId == s.Id).Count(ClassFigures.IsReplaySale),
                db.Enrollments.Where(e => e.StreamId == s.Id).Where(ClassFigures.IsPaid).Sum(e => e.TokensPaid),
                s.PeakViewers))
            .ToListAsync(cancellationToken);
        figures = await db.WithPeakViewersAsync(figures, cancellationToken);

        var zone = StreamForm.FindZone(request.TimeZone) ?? TimeZoneInfo.Utc;
        var heat = await enrollments.WeekdayHourHeatAsync(zone, cancellationToken);

        return new AnalyticsOverviewDto(figures.OrderBy(f => f.ScheduledStart).ToList(), heat, zone.Id, request.Days, page, total, totals);
    }
}
