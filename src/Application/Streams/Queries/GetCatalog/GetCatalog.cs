using AutoMapper;
using AutoMapper.QueryableExtensions;
using MediatR;
using Microsoft.EntityFrameworkCore;
using Streaming.Application.Common.Interfaces;
using Streaming.Application.Common.Models;
using Streaming.Application.Profiles.Common;
using static Streaming.Application.Common.Models.Paging;
using Streaming.Domain.Enrollments;
using Streaming.Domain.Streams;

namespace Streaming.Application.Streams.Queries.GetCatalog;

public enum PriceFilter
{
    All,
    Free,
    Paid,
}

/// <summary>
/// The public catalog: live classes first, then upcoming ones by start time (or, with
/// <see cref="Past"/>, ended ones, latest first). At most four SQL queries whatever the page holds.
/// </summary>
public class GetCatalogQuery : IRequest<CatalogPage>
{
    public const int PageSize = 12;

    /// <summary>
    /// Matches are counted up to this many: past it the page says "more than", and counting
    /// every match of a common word ("yoga" in 15 % of 100,000 classes) would cost a full scan.
    /// </summary>
    public const int CountLimit = 1000;

    public string? Instructor { get; set; }

    /// <summary>Classes starting on or after this day (in <see cref="TimeZone"/>).</summary>
    public DateOnly? From { get; set; }

    /// <summary>Classes starting on or before this day (in <see cref="TimeZone"/>).</summary>
    public DateOnly? To { get; set; }

    /// <summary>The visitor's IANA zone, in which <see cref="From"/> and <see cref="To"/> are days; UTC when unknown. Set by the web layer, not the query string.</summary>
    public string? TimeZone { get; set; }

    public PriceFilter Price { get; set; }

    public string? Q { get; set; }

    public bool Past { get; set; }

    public int Page { get; set; } = 1;
}

/// <param name="MoreThanCounted">More classes match than <see cref="GetCatalogQuery.CountLimit"/>; the total says that many.</param>
public record CatalogPage(PaginatedList<CatalogItemDto> Streams, IReadOnlyList<InstructorOptionDto> Instructors, bool MoreThanCounted = false);

public record InstructorOptionDto(string Id, string DisplayName);

public class CatalogItemDto
{
    public Guid Id { get; set; }
    public string Title { get; set; } = "";
    public string? Category { get; set; }
    public string InstructorId { get; set; } = "";
    public string InstructorDisplayName { get; set; } = "";
    public DateTimeOffset ScheduledStart { get; set; }
    public int DurationMinutes { get; set; }
    public int PriceInTokens { get; set; }
    public int? ReplayPriceInTokens { get; set; }
    public DateTimeOffset? RecordingExpiresAt { get; set; }
    public int? Capacity { get; set; }
    public int SeatsTaken { get; set; }
    public StreamStatus Status { get; set; }
    public string? ThumbnailPath { get; set; }
    public bool IsEnrolled { get; set; }

    public int? SeatsLeft => Capacity is { } capacity ? Math.Max(0, capacity - SeatsTaken) : null;

    public int ReplayPrice => ReplayPriceInTokens ?? PriceInTokens;

    /// <summary>An ended class whose replay is still kept (and so for sale, when it was made).</summary>
    public bool ReplayKept { get; set; }

    private class Mapping : Profile
    {
        public Mapping() => CreateMap<LiveStream, CatalogItemDto>()
            .ForMember(d => d.IsEnrolled, o => o.Ignore())
            .ForMember(d => d.ReplayKept, o => o.Ignore());
    }
}

public class GetCatalogHandler(IApplicationDbContext db, ICurrentUser currentUser, IConfigurationProvider mapping, TimeProvider clock)
    : IRequestHandler<GetCatalogQuery, CatalogPage>
{
    public async Task<CatalogPage> Handle(GetCatalogQuery request, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var query = db.Streams.AsNoTracking().Listed(request, now);
        var ordered = request.Past
            ? query.OrderByDescending(s => s.EndedAt).ThenBy(s => s.Id)
            : query.OrderBy(s => s.Status == StreamStatus.Live ? 0 : 1).ThenBy(s => s.ScheduledStart).ThenBy(s => s.Id);

        // The page query walks ix_live_streams_catalog_order (migration CatalogOrderIndex), whose
        // expression is this ORDER BY's, and stops at the page; the count stops past the limit.
        var counted = await query.Take(GetCatalogQuery.CountLimit + 1).CountAsync(cancellationToken);
        var total = Math.Min(counted, GetCatalogQuery.CountLimit);
        var page = ClampPage(request.Page, total, GetCatalogQuery.PageSize);
        // Nothing to show (no match, or a page past the matches): the count has already read every
        // match, and the page query would read them all again to find none (the slowest searches).
        var items = counted <= (page - 1) * GetCatalogQuery.PageSize
            ? []
            : await ordered
                .Skip((page - 1) * GetCatalogQuery.PageSize).Take(GetCatalogQuery.PageSize)
                .ProjectTo<CatalogItemDto>(mapping)
                .ToListAsync(cancellationToken);

        foreach (var item in items) item.ReplayKept = item.Status == StreamStatus.Ended && item.RecordingExpiresAt > now;
        if (currentUser.Id is { } memberId && items.Count > 0)
        {
            var ids = items.Select(i => i.Id).ToList();
            var enrolled = await db.Enrollments.AsNoTracking()
                .Where(e => e.MemberId == memberId && ids.Contains(e.StreamId) && e.Status == EnrollmentStatus.Active)
                .Select(e => e.StreamId)
                .ToListAsync(cancellationToken);
            foreach (var item in items) item.IsEnrolled = enrolled.Contains(item.Id);
        }

        // From the profiles, each probed on the instructor index: a DISTINCT over every class read
        // the whole table (80 ms of 100,000 classes on each page view).
        var instructors = await db.Profiles.AsNoTracking()
            .Where(p => db.Streams.Any(s => s.InstructorId == p.Id))
            .OrderBy(p => p.DisplayName)
            .Select(p => new InstructorOptionDto(p.Id, p.DisplayName))
            .ToListAsync(cancellationToken);

        return new CatalogPage(new PaginatedList<CatalogItemDto>(items, page, GetCatalogQuery.PageSize, total), instructors,
            MoreThanCounted: counted > GetCatalogQuery.CountLimit);
    }
}

/// <summary>The catalog's filters, as SQL: which classes a <see cref="GetCatalogQuery"/> lists.</summary>
internal static class CatalogFilter
{
    public static IQueryable<LiveStream> Listed(this IQueryable<LiveStream> streams, GetCatalogQuery request, DateTimeOffset now)
    {
        // A scheduled class whose time is over without going live takes no enrollments any more:
        // it is not listed (its instructor still sees it on the dashboard, to cancel or start late).
        var query = streams.Where(s => request.Past
            ? s.Status == StreamStatus.Ended && s.TookPlace != false
            : s.Status == StreamStatus.Live || (s.Status == StreamStatus.Scheduled && s.ScheduledStart.AddMinutes(s.DurationMinutes) > now));

        if (!string.IsNullOrWhiteSpace(request.Instructor)) query = query.Where(s => s.InstructorId == request.Instructor);
        var zone = TimeZones.Find(request.TimeZone) ?? TimeZoneInfo.Utc;
        if (request.From is { } from && from.Year > 1) // the first and last years are open-ended (no offset overflow)
        {
            var start = LocalDays.Start(from, zone);
            query = query.Where(s => s.ScheduledStart >= start);
        }

        if (request.To is { } to && to.Year < 9999)
        {
            var end = LocalDays.End(to, zone);
            query = query.Where(s => s.ScheduledStart < end);
        }

        query = request.Price switch
        {
            PriceFilter.Free => query.Where(s => s.PriceInTokens == 0),
            PriceFilter.Paid => query.Where(s => s.PriceInTokens > 0),
            _ => query,
        };
        return SearchText.ToLikePattern(request.Q) is { } pattern
            ? query.Where(s => EF.Functions.Like(s.Title.ToLower(), pattern, "\\") || EF.Functions.Like(s.Description.ToLower(), pattern, "\\"))
            : query;
    }
}
