using MediatR;
using Microsoft.EntityFrameworkCore;
using Streaming.Application.Common.Interfaces;
using Streaming.Application.Common.Models;
using Streaming.Domain.Enrollments;
using Streaming.Domain.Streams;
using Streaming.Domain.Users;
using Streaming.Application.Common.Security;

namespace Streaming.Application.Admin.Queries.GetClasses;

/// <summary>Every class of every instructor, for moderation: newest start first, filtered by status, instructor and title.</summary>
[Authorize(Roles = Roles.SuperAdmin)]
public class GetClassesQuery : IRequest<PaginatedList<ModeratedClassDto>>
{
    public const int PageSize = 50;

    public StreamStatus? Status { get; set; }

    /// <summary>Part of the instructor's name or email.</summary>
    public string? Instructor { get; set; }

    /// <summary>Part of the title.</summary>
    public string? Search { get; set; }

    public int Page { get; set; } = 1;
}

public record ModeratedClassDto(
    Guid Id, string Title, string InstructorId, string InstructorName, DateTimeOffset ScheduledStart, int DurationMinutes,
    StreamStatus Status, int PriceInTokens, int Seats, string? CancellationReason)
{
    public bool CanCancel => Status == StreamStatus.Scheduled;
}

public class GetClassesHandler(IApplicationDbContext db) : IRequestHandler<GetClassesQuery, PaginatedList<ModeratedClassDto>>
{
    public async Task<PaginatedList<ModeratedClassDto>> Handle(GetClassesQuery request, CancellationToken cancellationToken)
    {

        var query = from s in db.Streams.AsNoTracking()
                    join p in db.Profiles on s.InstructorId equals p.Id
                    select new { Stream = s, Instructor = p };
        if (request.Status is { } status) query = query.Where(x => x.Stream.Status == status);
        if (SearchText.ToLikePattern(request.Instructor) is { } who)
            query = query.Where(x => EF.Functions.Like(x.Instructor.DisplayName.ToLower(), who, "\\") || EF.Functions.Like(x.Instructor.Email.ToLower(), who, "\\"));
        if (SearchText.ToLikePattern(request.Search) is { } title)
            query = query.Where(x => EF.Functions.Like(x.Stream.Title.ToLower(), title, "\\"));

        var total = await query.CountAsync(cancellationToken);
        var page = Paging.ClampPage(request.Page, total, GetClassesQuery.PageSize);
        var rows = await query.OrderByDescending(x => x.Stream.ScheduledStart).ThenBy(x => x.Stream.Id)
            .Skip((page - 1) * GetClassesQuery.PageSize).Take(GetClassesQuery.PageSize)
            .Select(x => new ModeratedClassDto(x.Stream.Id, x.Stream.Title, x.Instructor.Id, x.Instructor.DisplayName, x.Stream.ScheduledStart,
                x.Stream.DurationMinutes, x.Stream.Status, x.Stream.PriceInTokens,
                db.Enrollments.Count(e => e.StreamId == x.Stream.Id && e.Status == EnrollmentStatus.Active),
                x.Stream.CancellationReason))
            .ToListAsync(cancellationToken);
        return new PaginatedList<ModeratedClassDto>(rows, page, GetClassesQuery.PageSize, total);
    }
}
