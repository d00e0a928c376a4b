using MediatR;
using Microsoft.EntityFrameworkCore;
using Streaming.Application.Analytics.Common;
using Streaming.Application.Common.Interfaces;
using Streaming.Application.Streams.Common;
using Streaming.Domain.Enrollments;
using Streaming.Domain.Viewing;
using Streaming.Application.Common.Security;

namespace Streaming.Application.Analytics.Queries.GetStreamAnalytics;

/// <summary>One class's numbers for its instructor (or a super admin): enrollments, revenue, viewers; days in <see cref="TimeZone"/> (UTC when unknown).</summary>
[Authorize(Policy = Policies.StreamOwner)]
public record GetStreamAnalyticsQuery(Guid StreamId, string? TimeZone = null) : IRequest<StreamAnalyticsDto>;

public record StreamAnalyticsDto(
    Guid StreamId,
    string Title,
    DateTimeOffset ScheduledStart,
    DateTimeOffset? StartedAt,
    DateTimeOffset? EndedAt,
    int Enrollments,
    int Revenue,
    int Refunded,
    int PeakViewers,
    int UniqueViewers,
    TimeSpan AverageWatchTime,
    int ReplayViews,
    IReadOnlyList<DailyCount> EnrollmentsByDay,
    IReadOnlyList<TimelinePoint> ViewerTimeline,
    string TimeZone = "UTC");

/// <summary>Cumulative seats at the end of each day (in the query's time zone).</summary>
public record DailyCount(DateOnly Day, int Count, int Cumulative);

/// <summary>Concurrent live viewers at a minute of the class.</summary>
public record TimelinePoint(DateTimeOffset At, int Viewers);

public class GetStreamAnalyticsHandler(IApplicationDbContext db, ICurrentUser currentUser)
    : IRequestHandler<GetStreamAnalyticsQuery, StreamAnalyticsDto>
{
    private const int MaxTimelinePoints = 600;

    public async Task<StreamAnalyticsDto> Handle(GetStreamAnalyticsQuery request, CancellationToken cancellationToken)
    {
        var stream = await db.FindOwnedAsync(currentUser, request.StreamId, cancellationToken);

        var ofClass = db.Enrollments.AsNoTracking().Where(e => e.StreamId == stream.Id);
        var seats = await ofClass.Where(ClassFigures.IsSeat).Select(e => e.ActivatedAt ?? e.CreatedAt).ToListAsync(cancellationToken);
        var revenue = await ofClass.Where(ClassFigures.IsPaid).SumAsync(e => e.TokensPaid, cancellationToken);
        var refunded = await ofClass.Where(e => e.Status == EnrollmentStatus.Refunded).SumAsync(e => e.TokensPaid, cancellationToken);
        var zone = StreamForm.FindZone(request.TimeZone) ?? TimeZoneInfo.Utc;
        var sessions = await db.ViewerSessions.AsNoTracking()
            .Where(v => v.StreamId == stream.Id)
            .Select(v => new { v.MemberId, v.Mode, v.JoinedAt, v.LastSeenAt, v.LeftAt })
            .ToListAsync(cancellationToken);

        var cumulative = 0;
        var byDay = seats
            .GroupBy(at => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(at, zone).DateTime))
            .OrderBy(g => g.Key)
            .Select(g => new DailyCount(g.Key, g.Count(), cumulative += g.Count()))
            .ToList();

        var live = sessions.Where(s => s.Mode == ViewingMode.Live).ToList();
        var watch = live.Select(s => (s.LeftAt ?? s.LastSeenAt) - s.JoinedAt).ToList();

        var timeline = new List<TimelinePoint>();
        if (stream.StartedAt is { } from)
        {
            var to = stream.EndedAt ?? live.Select(s => s.LeftAt ?? s.LastSeenAt).DefaultIfEmpty(from).Max();
            var step = TimeSpan.FromMinutes(Math.Max(1, Math.Ceiling((to - from).TotalMinutes / MaxTimelinePoints)));
            for (var at = from; at <= to; at += step)
                timeline.Add(new TimelinePoint(at, live.Where(s => s.JoinedAt <= at && at < (s.LeftAt ?? s.LastSeenAt))
                    .Select(s => s.MemberId).Distinct().Count())); // a member on two devices is one viewer
        }

        return new StreamAnalyticsDto(
            stream.Id, stream.Title, stream.ScheduledStart, stream.StartedAt, stream.EndedAt,
            seats.Count,
            revenue,
            refunded,
            ClassFigures.PeakViewers(stream.PeakViewers, live.Select(v => new ViewingSpan(v.MemberId, v.JoinedAt, v.LeftAt ?? v.LastSeenAt))),
            live.Select(s => s.MemberId).Distinct().Count(),
            watch.Count == 0 ? TimeSpan.Zero : TimeSpan.FromSeconds(Math.Round(watch.Average(w => w.TotalSeconds))),
            sessions.Count(s => s.Mode == ViewingMode.Replay),
            byDay,
            timeline,
            zone.Id);
    }
}
