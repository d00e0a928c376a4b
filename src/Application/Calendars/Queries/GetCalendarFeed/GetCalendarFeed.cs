using MediatR;
using Microsoft.EntityFrameworkCore;
using Streaming.Application.Common.Exceptions;
using Streaming.Application.Common.Interfaces;
using Streaming.Domain.Enrollments;

namespace Streaming.Application.Calendars.Queries.GetCalendarFeed;

/// <summary>
/// A member's subscribable calendar: every class they hold a seat in, and the ones they held when
/// the class was cancelled (STATUS:CANCELLED, so calendar apps remove them). The token in the URL
/// is the only credential: an unknown or rotated token is a 404.
/// </summary>
public record GetCalendarFeedQuery(string Token) : IRequest<string>;

public class GetCalendarFeedHandler(IApplicationDbContext db, ICalendarWriter writer, IAppLinks links)
    : IRequestHandler<GetCalendarFeedQuery, string>
{
    private const int Limit = 500;

    public async Task<string> Handle(GetCalendarFeedQuery request, CancellationToken cancellationToken)
    {
        var token = request.Token;
        var member = string.IsNullOrEmpty(token) || token.Length > 64
            ? null
            : await db.Profiles.AsNoTracking().SingleOrDefaultAsync(p => p.CalendarToken == token, cancellationToken);
        if (member is null) throw new NotFoundException("Calendar feed", "(token)");

        var enrollments = await db.Enrollments.AsNoTracking()
            .Include(e => e.Stream).ThenInclude(s => s.Instructor)
            .Where(e => e.MemberId == member.Id
                        && (e.Status == EnrollmentStatus.Active
                            || (e.Status == EnrollmentStatus.Refunded && e.Stream.Status == Domain.Streams.StreamStatus.Cancelled)))
            .OrderByDescending(e => e.Stream.ScheduledStart)
            .Take(Limit)
            .ToListAsync(cancellationToken);

        var events = enrollments
            .DistinctBy(e => e.StreamId)
            .OrderBy(e => e.Stream.ScheduledStart)
            .Select(e => CalendarEvents.For(e.Stream, e.Stream.Instructor.DisplayName, links))
            .ToList();
        return writer.Write(new CalendarDocument(events, $"Streaming classes — {member.DisplayName}", TimeSpan.FromHours(1)));
    }
}
