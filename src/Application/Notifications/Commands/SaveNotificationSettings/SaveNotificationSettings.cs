using MediatR;
using Microsoft.EntityFrameworkCore;
using Streaming.Application.Common.Exceptions;
using Streaming.Application.Common.Interfaces;
using Streaming.Application.Notifications.Common;
using Streaming.Domain.Notifications;

namespace Streaming.Application.Notifications.Commands.SaveNotificationSettings;

/// <summary>The member's choice on /me/notifications: the categories they want; every other one the page offers them is turned off.</summary>
public record SaveNotificationSettingsCommand(IReadOnlyCollection<EmailCategory> Wanted) : IRequest<Unit>;

public class SaveNotificationSettingsHandler(IApplicationDbContext db, ICurrentUser currentUser, TimeProvider clock)
    : IRequestHandler<SaveNotificationSettingsCommand, Unit>
{
    public async Task<Unit> Handle(SaveNotificationSettingsCommand request, CancellationToken cancellationToken)
    {
        var userId = currentUser.Id ?? throw new ForbiddenAccessException("Log in first.");
        var current = await db.EmailOptOuts.Where(o => o.UserId == userId).ToListAsync(cancellationToken);
        var offered = await NotificationCategoriesOf.UserAsync(db, userId, current.Select(o => o.Category).ToList(), cancellationToken);
        var off = offered.Where(c => !request.Wanted.Contains(c)).ToHashSet();

        db.EmailOptOuts.RemoveRange(current.Where(o => offered.Contains(o.Category) && !off.Contains(o.Category)));
        db.EmailOptOuts.AddRange(off.Where(c => current.All(o => o.Category != c)).Select(c => new EmailOptOut(userId, c, clock.GetUtcNow())));
        await db.SaveChangesAsync(cancellationToken);
        return Unit.Value;
    }
}
