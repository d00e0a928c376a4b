using System.Globalization;
using System.Text;
using MediatR;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Streaming.Application.Analytics.Queries.GetAnalyticsOverview;
using Streaming.Application.Analytics.Queries.GetStreamAnalytics;
using Streaming.Application.Streams.Common;
using Streaming.Domain.Users;
using Streaming.Web.Infrastructure;

namespace Streaming.Web.Controllers;

/// <summary>Charts for instructors, with the numbers as tables and CSV. Ownership is checked in the handlers.</summary>
[Authorize(Roles = $"{Roles.Instructor},{Roles.SuperAdmin}")]
public class AnalyticsController(IMediator mediator, VisitorTimeZone visitorZone) : Controller
{
    [HttpGet("instructor/streams/{id:guid}/analytics")]
    public async Task<IActionResult> Stream(Guid id, CancellationToken cancellationToken) =>
        View(await mediator.Send(new GetStreamAnalyticsQuery(id, visitorZone.KnownId), cancellationToken));

    [HttpGet("instructor/streams/{id:guid}/analytics.csv")]
    public async Task<IActionResult> StreamCsv(Guid id, CancellationToken cancellationToken)
    {
        var a = await mediator.Send(new GetStreamAnalyticsQuery(id, visitorZone.KnownId), cancellationToken);
        // Days and times in the instructor's zone, as on the page; times carry their offset.
        var zone = StreamForm.FindZone(a.TimeZone) ?? TimeZoneInfo.Utc;
        var csv = new StringBuilder("section,at,value\r\n");
        foreach (var d in a.EnrollmentsByDay) csv.Append(CultureInfo.InvariantCulture, $"enrollments,{d.Day:yyyy-MM-dd},{d.Cumulative}\r\n");
        foreach (var p in a.ViewerTimeline) csv.Append(CultureInfo.InvariantCulture, $"viewers,{Local(p.At, zone)},{p.Viewers}\r\n");
        csv.Append(CultureInfo.InvariantCulture, $"total,enrollments,{a.Enrollments}\r\ntotal,revenue,{a.Revenue}\r\ntotal,peak_viewers,{a.PeakViewers}\r\n");
        csv.Append(CultureInfo.InvariantCulture, $"total,unique_viewers,{a.UniqueViewers}\r\ntotal,average_watch_seconds,{(int)a.AverageWatchTime.TotalSeconds}\r\ntotal,replay_views,{a.ReplayViews}\r\n");
        csv.Append(CultureInfo.InvariantCulture, $"total,time_zone,{a.TimeZone}\r\n");
        return File(Encoding.UTF8.GetBytes(csv.ToString()), "text/csv; charset=utf-8", $"analytics-{id}.csv");
    }

    /// <summary>?period=7|30|90 (days back, upcoming classes included; anything else: all) and ?page=N.</summary>
    [HttpGet("instructor/analytics")]
    public async Task<IActionResult> Overview(string? period, int page = 1, CancellationToken cancellationToken = default) =>
        View(await mediator.Send(new GetAnalyticsOverviewQuery(visitorZone.KnownId, period, page), cancellationToken));

    /// <summary>Every class of the period (not only one page), counted as the page counts them.</summary>
    [HttpGet("instructor/analytics.csv")]
    public async Task<IActionResult> OverviewCsv(string? period, CancellationToken cancellationToken)
    {
        var o = await mediator.Send(new GetAnalyticsOverviewQuery(visitorZone.KnownId, period, AllPages: true), cancellationToken);
        var zone = StreamForm.FindZone(o.TimeZone) ?? TimeZoneInfo.Utc;
        var csv = new StringBuilder("stream_id,title,start_utc,start_local,enrollments,revenue,peak_viewers,replay_sales\r\n");
        foreach (var s in o.Streams)
            csv.Append(CultureInfo.InvariantCulture, $"{s.Id},{Csv(s.Title)},{s.ScheduledStart.UtcDateTime:yyyy-MM-ddTHH:mm:ssZ},{Local(s.ScheduledStart, zone)},{s.Enrollments},{s.Revenue},{s.PeakViewers},{s.ReplaySales}\r\n");
        return File(Encoding.UTF8.GetBytes(csv.ToString()), "text/csv; charset=utf-8", "analytics-overview.csv");
    }

    /// <summary>ISO 8601 in the instructor's zone, with its offset (2030-01-15T10:00:00-08:00).</summary>
    private static string Local(DateTimeOffset at, TimeZoneInfo zone) =>
        TimeZoneInfo.ConvertTime(at, zone).ToString("yyyy-MM-ddTHH:mm:sszzz", CultureInfo.InvariantCulture);

    /// <summary>Quotes a CSV field, and defuses spreadsheet formulas (=, +, -, @ at the start).</summary>
    private static string Csv(string value)
    {
        if (value.Length > 0 && "=+-@".Contains(value[0], StringComparison.Ordinal)) value = "'" + value;
        return $"\"{value.Replace("\"", "\"\"", StringComparison.Ordinal)}\"";
    }
}
