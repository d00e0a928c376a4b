using AutoMapper;
using AutoMapper.QueryableExtensions;
using MediatR;
using Streaming.Application.Analytics.Common;
using Microsoft.EntityFrameworkCore;
using Streaming.Application.Common.Exceptions;
using Streaming.Application.Common.Interfaces;
using Streaming.Application.Common.Models;
using static Streaming.Application.Common.Models.Paging;
using Streaming.Domain.Live;
using Streaming.Domain.Streams;
using Streaming.Domain.Users;

namespace Streaming.Application.Streams.Queries.GetInstructorStreams;

public enum InstructorStreamSort
{
    /// <summary>Live and upcoming first (soonest first), then past ones (latest first).</summary>
    Default,
    DateAscending,
    DateDescending,
    Enrollments,
    Revenue,
}

/// <summary>
/// The instructor's dashboard: totals and one row per class with enrollments and revenue,
/// aggregated in the database (a fixed number of queries whatever the number of classes).
/// A super admin sees every instructor's classes.
/// </summary>
public class GetInstructorStreamsQuery : IRequest<InstructorDashboardDto>
{
    public const int PageSize = 20;

    public StreamStatus? Status { get; set; }

    public string? Q { get; set; }

    public InstructorStreamSort Sort { get; set; }

    public int Page { get; set; } = 1;
}

public record InstructorDashboardDto(DashboardTotalsDto Totals, PaginatedList<InstructorStreamRowDto> Streams);

public record DashboardTotalsDto(int UpcomingClasses, int Enrollments, int TokensThisMonth, int TokensOverall);

public class InstructorStreamRowDto
{
    public Guid Id { get; set; }
    public string Title { get; set; } = "";
    public string? Category { get; set; }
    public string? ThumbnailPath { get; set; }
    public StreamStatus Status { get; set; }
    public bool? TookPlace { get; set; }
    public DateTimeOffset ScheduledStart { get; set; }
    public int DurationMinutes { get; set; }
    public int PriceInTokens { get; set; }
    public int? Capacity { get; set; }
    public int Enrollments { get; set; }
    public int ReplaySales { get; set; }
    public int Revenue { get; set; }
    public int PeakViewers { get; set; }
    public DateTimeOffset? RecordingExpiresAt { get; set; }
    public CatalogMark CatalogMark { get; set; }
    public DateTimeOffset? RecordingDeletedAt { get; set; }
    public Guid? WorkoutId { get; set; }
    public bool ReplayWindowOver { get; set; }
    public bool RecordingDownloadable { get; set; }
    public string InstructorDisplayName { get; set; } = "";

    private class Mapping : Profile
    {
        public Mapping()
        {
            CreateMap<StreamSales, InstructorStreamRowDto>().IncludeMembers(s => s.Stream)
                .ForMember(d => d.ReplayWindowOver, o => o.Ignore()); // depends on the clock: set by the handler
            CreateMap<LiveStream, InstructorStreamRowDto>(MemberList.None); // the rest comes from StreamSales
        }
    }
}

/// <summary>A class with what its active seats and replay sales paid, for the projection into <see cref="InstructorStreamRowDto"/>.</summary>
public class StreamSales
{
    public LiveStream Stream { get; init; } = null!;
    public int Enrollments { get; init; }
    public int ReplaySales { get; init; }
    public int Revenue { get; init; }
    public bool RecordingDownloadable { get; init; }
}

public class GetInstructorStreamsHandler(IApplicationDbContext db, ICurrentUser currentUser, IConfigurationProvider mapping, TimeProvider clock)
    : IRequestHandler<GetInstructorStreamsQuery, InstructorDashboardDto>
{
    public async Task<InstructorDashboardDto> Handle(GetInstructorStreamsQuery request, CancellationToken cancellationToken)
    {
        var userId = currentUser.Id ?? throw new ForbiddenAccessException("Log in first.");
        var seeAll = currentUser.IsInRole(Roles.SuperAdmin);
        if (!seeAll && !currentUser.IsInRole(Roles.Instructor)) throw new ForbiddenAccessException("This page is for instructors.");

        var mine = db.Streams.AsNoTracking().Where(s => seeAll || s.InstructorId == userId);
        var now = clock.GetUtcNow();
        var totals = await db.DashboardTotalsAsync(mine, seeAll ? null : userId, now, cancellationToken);

        var filtered = mine;
        if (request.Status is { } status) filtered = filtered.Where(s => s.Status == status);
        if (SearchText.ToLikePattern(request.Q) is { } pattern)
        {
            filtered = filtered.Where(s => EF.Functions.Like(s.Title.ToLower(), pattern, "\\"));
        }

        var rows = filtered
            .Select(s => new StreamSales
            {
                Stream = s,
                // Counted as the analytics count them (ClassFigures).
                Enrollments = db.Enrollments.Where(e => e.StreamId == s.Id).Count(ClassFigures.IsSeat),
                ReplaySales = db.Enrollments.Where(e => e.StreamId == s.Id).Count(ClassFigures.IsReplaySale),
                Revenue = db.Enrollments.Where(e => e.StreamId == s.Id).Where(ClassFigures.IsPaid).Sum(e => e.TokensPaid),
                // Kept until the retention job deletes it (later for a class kept for the workout catalog).
                RecordingDownloadable = s.Status == StreamStatus.Ended
                                        && db.LiveRecordings.Any(r => r.StreamId == s.Id && r.Status == LiveRecordingStatus.Available),
            })
            .ProjectTo<InstructorStreamRowDto>(mapping);

        var total = await filtered.CountAsync(cancellationToken);
        var page = ClampPage(request.Page, total, GetInstructorStreamsQuery.PageSize);
        var items = await rows.SortedBy(request.Sort).Skip((page - 1) * GetInstructorStreamsQuery.PageSize).Take(GetInstructorStreamsQuery.PageSize)
            .ToListAsync(cancellationToken);
        foreach (var item in items) item.ReplayWindowOver = item.RecordingExpiresAt <= now;
        return new InstructorDashboardDto(totals, new PaginatedList<InstructorStreamRowDto>(items, page, GetInstructorStreamsQuery.PageSize, total));
    }
}
