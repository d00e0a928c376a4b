using MediatR;
using Microsoft.EntityFrameworkCore;
using Streaming.Application.Common.Exceptions;
using Streaming.Application.Common.Interfaces;

namespace Streaming.Application.Calendars.Commands.RotateCalendarToken;

/// <summary>Creates the member's calendar feed link, or replaces it (the old link stops working).</summary>
public record RotateCalendarTokenCommand : IRequest<string>;

public class RotateCalendarTokenHandler(IApplicationDbContext db, ICurrentUser currentUser, IAppLinks links)
    : IRequestHandler<RotateCalendarTokenCommand, string>
{
    public async Task<string> Handle(RotateCalendarTokenCommand request, CancellationToken cancellationToken)
    {
        var memberId = currentUser.Id ?? throw new ForbiddenAccessException("Log in first.");
        var profile = await db.Profiles.SingleAsync(p => p.Id == memberId, cancellationToken);
        var token = profile.RotateCalendarToken();
        await db.SaveChangesAsync(cancellationToken);
        return links.CalendarFeed(token);
    }
}
