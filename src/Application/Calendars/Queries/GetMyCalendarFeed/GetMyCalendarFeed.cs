using MediatR;
using Microsoft.EntityFrameworkCore;
using Streaming.Application.Common.Exceptions;
using Streaming.Application.Common.Interfaces;

namespace Streaming.Application.Calendars.Queries.GetMyCalendarFeed;

/// <summary>The signed-in member's feed link, or null before they create one.</summary>
public record GetMyCalendarFeedQuery : IRequest<string?>;

public class GetMyCalendarFeedHandler(IApplicationDbContext db, ICurrentUser currentUser, IAppLinks links)
    : IRequestHandler<GetMyCalendarFeedQuery, string?>
{
    public async Task<string?> Handle(GetMyCalendarFeedQuery request, CancellationToken cancellationToken)
    {
        var memberId = currentUser.Id ?? throw new ForbiddenAccessException("Log in first.");
        var token = await db.Profiles.Where(p => p.Id == memberId).Select(p => p.CalendarToken).SingleOrDefaultAsync(cancellationToken);
        return token is null ? null : links.CalendarFeed(token);
    }
}
