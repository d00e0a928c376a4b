using MediatR;
using Microsoft.EntityFrameworkCore;
using Streaming.Application.Common.Interfaces;
using Streaming.Application.Following.Common;
using Streaming.Application.Profiles.Common;
using Streaming.Domain.Streams;
using Streaming.Application.Common.Security;

namespace Streaming.Application.Following.Queries.GetInstructorPage;

/// <summary>
/// An instructor's public page: name, photo, bio, followers, their live and upcoming classes, their
/// on-demand workouts, and whether the visitor follows them.
/// </summary>
[AllowAnonymous("Instructor pages are public.")]
public record GetInstructorPageQuery(string InstructorId) : IRequest<InstructorPageDto>;

/// <param name="AvatarVersion">The avatar's cache-busting version, or null when they have no photo (the page shows initials).</param>
/// <param name="IsFollowing">Null for a visitor who is not signed in (or the instructor themselves).</param>
public record InstructorPageDto(
    string Id,
    string DisplayName,
    string? AvatarVersion,
    string Bio,
    int Followers,
    bool? IsFollowing,
    IReadOnlyList<InstructorClassDto> Upcoming,
    IReadOnlyList<InstructorWorkoutDto> Workouts);

public record InstructorClassDto(Guid Id, string Title, string? Category, string? ThumbnailPath, DateTimeOffset ScheduledStart, int DurationMinutes, int PriceInTokens, StreamStatus Status);

public record InstructorWorkoutDto(Guid Id, Guid SourceStreamId, string Title, string? Category, string? ThumbnailPath, double DurationSeconds);

public class GetInstructorPageHandler(IApplicationDbContext db, ICurrentUser currentUser, IIdentityService identity, TimeProvider clock)
    : IRequestHandler<GetInstructorPageQuery, InstructorPageDto>
{
    public const int MaxUpcoming = 24;
    public const int MaxWorkouts = 12;

    public async Task<InstructorPageDto> Handle(GetInstructorPageQuery request, CancellationToken cancellationToken)
    {
        var instructor = await db.FindInstructorAsync(identity, request.InstructorId, cancellationToken);
        var now = clock.GetUtcNow();
        // The catalog's rule: live, or scheduled and not yet over (a cancelled or abandoned class is not offered).
        var upcoming = await db.Streams.AsNoTracking()
            .Where(s => s.InstructorId == instructor.Id
                        && (s.Status == StreamStatus.Live || (s.Status == StreamStatus.Scheduled && s.ScheduledStart.AddMinutes(s.DurationMinutes) > now)))
            .OrderBy(s => s.Status == StreamStatus.Live ? 0 : 1).ThenBy(s => s.ScheduledStart).Take(MaxUpcoming)
            .Select(s => new InstructorClassDto(s.Id, s.Title, s.Category, s.ThumbnailPath, s.ScheduledStart, s.DurationMinutes, s.PriceInTokens, s.Status))
            .ToListAsync(cancellationToken);
        var workouts = await db.Workouts.AsNoTracking()
            .Where(w => w.InstructorId == instructor.Id && w.IsPublished)
            .OrderByDescending(w => w.CreatedAt).Take(MaxWorkouts)
            .Select(w => new InstructorWorkoutDto(w.Id, w.SourceStreamId, w.Title, w.Category, w.ThumbnailPath, w.DurationSeconds))
            .ToListAsync(cancellationToken);
        var followers = await db.Follows.CountAsync(f => f.InstructorId == instructor.Id, cancellationToken);
        bool? following = currentUser.Id is { } me && me != instructor.Id
            ? await db.Follows.AnyAsync(f => f.MemberId == me && f.InstructorId == instructor.Id, cancellationToken)
            : null;
        // The avatar is public once they have scheduled a class (GetAvatar); before that the page shows initials.
        var avatarShown = instructor.AvatarPath is not null && (upcoming.Count > 0 || await db.Streams.AnyAsync(s => s.InstructorId == instructor.Id, cancellationToken));
        return new InstructorPageDto(instructor.Id, instructor.DisplayName, avatarShown ? ProfileClaimTypes.VersionOf(instructor.AvatarPath) : null, instructor.Bio,
            followers, following, upcoming, workouts);
    }
}
