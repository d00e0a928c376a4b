using MediatR;
using Microsoft.EntityFrameworkCore;
using Streaming.Application.Common.Exceptions;
using Streaming.Application.Common.Interfaces;
using Streaming.Application.Common.Models;
using Streaming.Application.Workouts.Common;
using static Streaming.Application.Common.Models.Paging;

namespace Streaming.Application.Workouts.Queries.GetWorkouts;

/// <summary>The on-demand library for signed-in members: published workouts, newest first, filtered and paged.</summary>
public class GetWorkoutsQuery : IRequest<WorkoutCatalogDto>
{
    public const int PageSize = 12;

    public string? Instructor { get; set; }

    public string? Category { get; set; }

    public WorkoutLength Length { get; set; }

    public string? Q { get; set; }

    public int Page { get; set; } = 1;
}

public record WorkoutCardDto(Guid Id, Guid SourceStreamId, string Title, string? Category, string? ThumbnailPath, double DurationSeconds, string InstructorId,
    string InstructorDisplayName, DateTimeOffset CreatedAt);

public record FilterOption(string Value, string Label);

public record WorkoutCatalogDto(PaginatedList<WorkoutCardDto> Workouts, IReadOnlyList<FilterOption> Instructors, IReadOnlyList<string> Categories);

public class GetWorkoutsHandler(IApplicationDbContext db, ICurrentUser currentUser) : IRequestHandler<GetWorkoutsQuery, WorkoutCatalogDto>
{
    public async Task<WorkoutCatalogDto> Handle(GetWorkoutsQuery request, CancellationToken cancellationToken)
    {
        if (currentUser.Id is null) throw new ForbiddenAccessException("Log in to see the workouts.");
        var published = db.Workouts.AsNoTracking().Where(w => w.IsPublished);

        var filtered = published;
        if (!string.IsNullOrWhiteSpace(request.Instructor)) filtered = filtered.Where(w => w.InstructorId == request.Instructor);
        if (!string.IsNullOrWhiteSpace(request.Category)) filtered = filtered.Where(w => w.Category == request.Category);
        filtered = request.Length switch
        {
            WorkoutLength.Short => filtered.Where(w => w.DurationSeconds < 20 * 60),
            WorkoutLength.Medium => filtered.Where(w => w.DurationSeconds >= 20 * 60 && w.DurationSeconds <= 45 * 60),
            WorkoutLength.Long => filtered.Where(w => w.DurationSeconds > 45 * 60),
            _ => filtered,
        };
        if (SearchText.ToLikePattern(request.Q) is { } pattern)
            filtered = filtered.Where(w => EF.Functions.Like(w.Title.ToLower(), pattern, "\\") || EF.Functions.Like(w.Description.ToLower(), pattern, "\\"));

        var total = await filtered.CountAsync(cancellationToken);
        var page = ClampPage(request.Page, total, GetWorkoutsQuery.PageSize);
        var items = await filtered.OrderByDescending(w => w.CreatedAt).ThenBy(w => w.Id)
            .Skip((page - 1) * GetWorkoutsQuery.PageSize).Take(GetWorkoutsQuery.PageSize)
            .Select(w => new WorkoutCardDto(w.Id, w.SourceStreamId, w.Title, w.Category, w.ThumbnailPath, w.DurationSeconds, w.InstructorId,
                w.Instructor.DisplayName, w.CreatedAt))
            .ToListAsync(cancellationToken);

        var instructors = await published.Select(w => new { w.InstructorId, w.Instructor.DisplayName }).Distinct()
            .OrderBy(i => i.DisplayName).ToListAsync(cancellationToken);
        var categories = await published.Where(w => w.Category != null).Select(w => w.Category!).Distinct().OrderBy(c => c)
            .ToListAsync(cancellationToken);
        return new WorkoutCatalogDto(new PaginatedList<WorkoutCardDto>(items, page, GetWorkoutsQuery.PageSize, total),
            instructors.Select(i => new FilterOption(i.InstructorId, i.DisplayName)).ToList(), categories);
    }
}
