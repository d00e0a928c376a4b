using MediatR;
using Microsoft.EntityFrameworkCore;
using Streaming.Application.Common.Exceptions;
using Streaming.Application.Common.Interfaces;
using Streaming.Application.Streams.Common;
using Streaming.Domain.Enrollments;
using Streaming.Domain.Users;

namespace Streaming.Application.Analytics.Queries.GetAnalyticsOverview;

/// <summary>
/// Across the instructor's classes: revenue and enrollments per class, and popular time slots
/// (enrollments by the weekday and hour the class starts, in <see cref="TimeZone"/>).
/// </summary>
public record GetAnalyticsOverviewQuery(string? TimeZone, int Take = 30) : IRequest<AnalyticsOverviewDto>;

public record AnalyticsOverviewDto(IReadOnlyList<StreamFiguresDto> Streams, int[,] EnrollmentsByWeekdayHour, string TimeZone)
{
    public int MaxSlot => EnrollmentsByWeekdayHour.Cast<int>().DefaultIfEmpty(0).Max();
}

public record StreamFiguresDto(Guid Id, string Title, DateTimeOffset ScheduledStart, int Enrollments, int Revenue, int PeakViewers);

public class GetAnalyticsOverviewHandler(IApplicationDbContext db, ICurrentUser currentUser)
    : IRequestHandler<GetAnalyticsOverviewQuery, AnalyticsOverviewDto>
{
    public async Task<AnalyticsOverviewDto> Handle(GetAnalyticsOverviewQuery request, CancellationToken cancellationToken)
    {
        var userId = currentUser.Id ?? throw new ForbiddenAccessException("Log in first.");
        var seeAll = currentUser.IsInRole(Roles.SuperAdmin);
        if (!seeAll && !currentUser.IsInRole(Roles.Instructor)) throw new ForbiddenAccessException("This page is for instructors.");

        var figures = await db.Streams.AsNoTracking()
            .Where(s => seeAll || s.InstructorId == userId)
            .OrderByDescending(s => s.ScheduledStart)
            .Take(Math.Clamp(request.Take, 1, 200))
            .Select(s => new StreamFiguresDto(
                s.Id, s.Title, s.ScheduledStart,
                db.Enrollments.Count(e => e.StreamId == s.Id && e.Status == EnrollmentStatus.Active),
                db.Enrollments.Where(e => e.StreamId == s.Id && e.Status == EnrollmentStatus.Active).Sum(e => e.TokensPaid),
                s.PeakViewers))
            .ToListAsync(cancellationToken);

        var zone = StreamForm.FindZone(request.TimeZone) ?? TimeZoneInfo.Utc;
        var slots = await db.Enrollments.AsNoTracking()
            .Where(e => e.Status == EnrollmentStatus.Active && (seeAll || e.Stream.InstructorId == userId))
            .GroupBy(e => e.Stream.ScheduledStart)
            .Select(g => new { Start = g.Key, Count = g.Count() })
            .ToListAsync(cancellationToken);

        var heat = new int[7, 24];
        foreach (var slot in slots)
        {
            var local = TimeZoneInfo.ConvertTime(slot.Start, zone);
            heat[((int)local.DayOfWeek + 6) % 7, local.Hour] += slot.Count; // Monday first
        }

        return new AnalyticsOverviewDto(figures.OrderBy(f => f.ScheduledStart).ToList(), heat, zone.Id);
    }
}
