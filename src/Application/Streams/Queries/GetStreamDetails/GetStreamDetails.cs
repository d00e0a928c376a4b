using MediatR;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Streaming.Application.Calendars;
using Streaming.Application.Common.Exceptions;
using Streaming.Application.Common.Interfaces;
using Streaming.Application.Common.Options;
using Streaming.Application.Live.Common;
using Streaming.Application.Profiles.Common;
using Streaming.Domain.Enrollments;
using Streaming.Domain.Streams;
using Streaming.Application.Common.Security;

namespace Streaming.Application.Streams.Queries.GetStreamDetails;

[AllowAnonymous("The class page is public (the catalog).")]
public record GetStreamDetailsQuery(Guid Id) : IRequest<StreamDetailsDto>;

public record MyEnrollmentDto(Guid Id, EnrollmentStatus Status, int TokensPaid, bool CanCancel, bool CanWatchLive, bool CanWatchReplay);

public record StreamDetailsDto(
    Guid Id,
    string Title,
    string Description,
    string? Category,
    string InstructorId,
    string InstructorDisplayName,
    DateTimeOffset ScheduledStart,
    DateTimeOffset ScheduledEnd,
    int DurationMinutes,
    int PriceInTokens,
    int? Capacity,
    int? SeatsLeft,
    StreamStatus Status,
    string? ThumbnailPath,
    DateTimeOffset? RecordingExpiresAt,
    bool IsOwner,
    MyEnrollmentDto? MyEnrollment,
    string GoogleCalendarUrl,
    string OutlookCalendarUrl,
    bool IsOverdue,
    CancellationRuleDto CancellationRule,
    DateTimeOffset? RecordingDeletedAt = null,
    Guid? WorkoutId = null,
    string? InstructorAvatarVersion = null,
    bool? TookPlace = null,
    string? EnrollmentClosedReason = null,
    ReplayOfferDto? ReplayOffer = null,
    WaitlistPlaceDto? Waitlist = null,
    bool? FollowingInstructor = null);

/// <summary>The caller's place in the class's line (Position when waiting), and its last notice.</summary>
public record WaitlistPlaceDto(WaitlistStatus Status, int? Position, string? Notice);

/// <summary>Replay-only access for sale: its price and until when the replay can be watched.</summary>
public record ReplayOfferDto(int Price, DateTimeOffset AvailableUntil);

/// <summary>The cancellation rule shown before enrolling: free cancellation until <see cref="Deadline"/> (<see cref="Window"/> before the start).</summary>
public record CancellationRuleDto(TimeSpan Window, DateTimeOffset Deadline, bool StillOpen);

public class GetStreamDetailsHandler(
    IApplicationDbContext db, ICurrentUser currentUser, TimeProvider clock, IAppLinks links, IOptions<EnrollmentOptions> options,
    ClassClosingPolicy closing)
    : IRequestHandler<GetStreamDetailsQuery, StreamDetailsDto>
{
    public async Task<StreamDetailsDto> Handle(GetStreamDetailsQuery request, CancellationToken cancellationToken)
    {
        var stream = await db.Streams.AsNoTracking().Include(s => s.Instructor)
            .SingleOrDefaultAsync(s => s.Id == request.Id, cancellationToken)
            ?? throw new NotFoundException(nameof(LiveStream), request.Id);

        var now = clock.GetUtcNow();
        var window = options.Value.CancellationWindow;
        var memberId = currentUser.Id;
        var mine = memberId is null ? null : await db.MyEnrollmentAsync(stream, memberId, now, window, cancellationToken);
        var following = memberId is null || memberId == stream.InstructorId
            ? (bool?)null
            : await db.Follows.AnyAsync(f => f.MemberId == memberId && f.InstructorId == stream.InstructorId, cancellationToken);
        var closedReason = stream.IsOpenForEnrollment
            ? stream.WhyNoEnrollments(now, await db.BroadcasterLastSeenAsync(stream.Id, cancellationToken), closing)
            : null;
        var replayOffer = await db.ReplayOfferAsync(stream, memberId, mine, now, cancellationToken);
        var waitlist = await db.WaitlistPlaceAsync(stream, memberId, cancellationToken);
        // The link is appended once, after the details (it used to be in both).
        var watch = links.Watch(stream.Id);
        var details = $"{stream.Description}\n\nWith {stream.Instructor.DisplayName}.".Trim();
        return new StreamDetailsDto(stream.Id, stream.Title, stream.Description, stream.Category, stream.InstructorId,
            stream.Instructor.DisplayName, stream.ScheduledStart, stream.ScheduledEnd, stream.DurationMinutes, stream.PriceInTokens,
            stream.Capacity, stream.SeatsLeft, stream.Status, stream.ThumbnailPath, stream.RecordingExpiresAt,
            stream.InstructorId == currentUser.Id, mine,
            CalendarLinks.Google(stream.Title, stream.ScheduledStart, stream.ScheduledEnd, details, watch),
            CalendarLinks.Outlook(stream.Title, stream.ScheduledStart, stream.ScheduledEnd, details, watch),
            stream.IsOverdue(now),
            new CancellationRuleDto(window, stream.CancellationDeadline(window),
                stream.Status == StreamStatus.Scheduled && now <= stream.CancellationDeadline(window)),
            stream.RecordingDeletedAt, stream.WorkoutId,
            ProfileClaimTypes.VersionOf(stream.Instructor.AvatarPath), stream.TookPlace, closedReason, replayOffer, waitlist,
            following);
    }
}
