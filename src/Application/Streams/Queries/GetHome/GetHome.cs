using AutoMapper;
using AutoMapper.QueryableExtensions;
using MediatR;
using Microsoft.EntityFrameworkCore;
using Streaming.Application.Common.Interfaces;
using Streaming.Application.Profiles.Common;
using Streaming.Application.Streams.Queries.GetCatalog;
using Streaming.Domain.Enrollments;
using Streaming.Domain.Streams;

namespace Streaming.Application.Streams.Queries.GetHome;

/// <summary>
/// The home page: the next live and upcoming classes (the catalog's rule and order) and the
/// instructors who teach them, soonest first. Two SQL queries, a third for a signed-in member's
/// "Enrolled" badges.
/// </summary>
public record GetHomeQuery : IRequest<HomeDto>;

public record HomeDto(IReadOnlyList<CatalogItemDto> Upcoming, IReadOnlyList<FeaturedInstructorDto> Instructors);

/// <param name="AvatarVersion">The avatar's cache-busting version, or null (initials instead).</param>
public record FeaturedInstructorDto(string Id, string DisplayName, string? AvatarVersion, string Bio, int UpcomingClasses);

public class GetHomeHandler(IApplicationDbContext db, ICurrentUser currentUser, IConfigurationProvider mapping, TimeProvider clock)
    : IRequestHandler<GetHomeQuery, HomeDto>
{
    public const int MaxClasses = 6;
    public const int MaxInstructors = 4;

    public async Task<HomeDto> Handle(GetHomeQuery request, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var open = db.Streams.AsNoTracking()
            .Where(s => s.Status == StreamStatus.Live || (s.Status == StreamStatus.Scheduled && s.ScheduledStart.AddMinutes(s.DurationMinutes) > now));
        var classes = await open
            .OrderBy(s => s.Status == StreamStatus.Live ? 0 : 1).ThenBy(s => s.ScheduledStart).ThenBy(s => s.Id)
            .Take(MaxClasses)
            .ProjectTo<CatalogItemDto>(mapping)
            .ToListAsync(cancellationToken);

        var instructors = await db.Profiles.AsNoTracking()
            .Where(p => open.Any(s => s.InstructorId == p.Id))
            .Select(p => new
            {
                p.Id, p.DisplayName, p.AvatarPath, p.Bio,
                Classes = open.Count(s => s.InstructorId == p.Id),
                Next = open.Where(s => s.InstructorId == p.Id).Min(s => s.ScheduledStart),
            })
            .OrderBy(p => p.Next).ThenBy(p => p.Id)
            .Take(MaxInstructors)
            .ToListAsync(cancellationToken);

        if (currentUser.Id is { } memberId && classes.Count > 0)
        {
            var ids = classes.Select(c => c.Id).ToList();
            var enrolled = await db.Enrollments.AsNoTracking()
                .Where(e => e.MemberId == memberId && ids.Contains(e.StreamId) && e.Status == EnrollmentStatus.Active)
                .Select(e => e.StreamId)
                .ToListAsync(cancellationToken);
            foreach (var item in classes) item.IsEnrolled = enrolled.Contains(item.Id);
        }

        return new HomeDto(classes, instructors
            .Select(p => new FeaturedInstructorDto(p.Id, p.DisplayName, ProfileClaimTypes.VersionOf(p.AvatarPath), p.Bio, p.Classes))
            .ToList());
    }
}
