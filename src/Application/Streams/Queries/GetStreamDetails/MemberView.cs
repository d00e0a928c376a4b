using Microsoft.EntityFrameworkCore;
using Streaming.Application.Common.Interfaces;
using Streaming.Application.Enrollments.Common;
using Streaming.Domain.Enrollments;
using Streaming.Domain.Live;
using Streaming.Domain.Streams;

namespace Streaming.Application.Streams.Queries.GetStreamDetails;

/// <summary>What the class page shows the signed-in caller about themselves: their seat, their place in line, a replay offer.</summary>
public static class MemberView
{
    /// <summary>The member's current seat (pending or active first, then the newest), with what they may do with it now.</summary>
    public static async Task<MyEnrollmentDto?> MyEnrollmentAsync(
        this IApplicationDbContext db, LiveStream stream, string memberId, DateTimeOffset now, TimeSpan cancellationWindow, CancellationToken cancellationToken)
    {
        var enrollment = await db.Enrollments.AsNoTracking().Include(e => e.Stream)
            .Where(e => e.StreamId == stream.Id && e.MemberId == memberId)
            .OrderByDescending(e => e.Status == EnrollmentStatus.Pending || e.Status == EnrollmentStatus.Active)
            .ThenByDescending(e => e.CreatedAt).ThenByDescending(e => e.Id)
            .FirstOrDefaultAsync(cancellationToken);
        return enrollment is null
            ? null
            : new MyEnrollmentDto(enrollment.Id, enrollment.Status, enrollment.TokensPaid,
                enrollment.WhyMemberCannotCancel(now, cancellationWindow) is null,
                enrollment.CanWatchLive(now), enrollment.CanWatchReplay(now));
    }

    /// <summary>The caller's place in the class's line, while the class is scheduled.</summary>
    public static async Task<WaitlistPlaceDto?> WaitlistPlaceAsync(
        this IApplicationDbContext db, LiveStream stream, string? memberId, CancellationToken cancellationToken)
    {
        if (memberId is null || stream.Status != StreamStatus.Scheduled) return null;
        var place = await db.WaitlistEntries.AsNoTracking()
            .Where(w => w.StreamId == stream.Id && w.MemberId == memberId && w.Status != WaitlistStatus.Left)
            .OrderByDescending(w => w.JoinedAt).ThenByDescending(w => w.Id)
            .FirstOrDefaultAsync(cancellationToken);
        if (place is null) return null;
        return new WaitlistPlaceDto(place.Status, place.IsWaiting ? await db.WaitlistPositionAsync(place, cancellationToken) : null, place.Notice);
    }

    /// <summary>Replay-only access, offered to callers who have none while the replay is for sale (<see cref="LiveStream.WhyReplayNotForSale"/>).</summary>
    public static async Task<ReplayOfferDto?> ReplayOfferAsync(
        this IApplicationDbContext db, LiveStream stream, string? callerId, MyEnrollmentDto? mine, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (stream.Status != StreamStatus.Ended || stream.InstructorId == callerId || mine?.Status is EnrollmentStatus.Active) return null;
        var ready = await db.LiveRecordings.AnyAsync(r => r.StreamId == stream.Id && r.Status == LiveRecordingStatus.Available, cancellationToken);
        return stream.WhyReplayNotForSale(now, ready) is null ? new ReplayOfferDto(stream.ReplayPrice, stream.RecordingExpiresAt!.Value) : null;
    }
}
