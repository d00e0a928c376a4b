using MediatR;
using Microsoft.EntityFrameworkCore;
using Streaming.Application.Common.Exceptions;
using Streaming.Application.Common.Interfaces;
using Streaming.Application.Notifications.Common;
using Streaming.Domain.Notifications;

namespace Streaming.Application.Notifications.Queries.GetNotificationSettings;

/// <summary>/me/notifications: the email categories that apply to the user, with whether they receive each.</summary>
public record GetNotificationSettingsQuery : IRequest<NotificationSettingsDto>;

public record NotificationSettingsDto(IReadOnlyList<NotificationCategoryDto> Categories);

/// <param name="CanTurnOff">False for account mail, which is always sent.</param>
public record NotificationCategoryDto(EmailCategory Category, string Title, string Description, bool On, bool CanTurnOff);

public class GetNotificationSettingsHandler(IApplicationDbContext db, ICurrentUser currentUser) : IRequestHandler<GetNotificationSettingsQuery, NotificationSettingsDto>
{
    public async Task<NotificationSettingsDto> Handle(GetNotificationSettingsQuery request, CancellationToken cancellationToken)
    {
        var userId = currentUser.Id ?? throw new ForbiddenAccessException("Log in first.");
        var off = await db.EmailOptOuts.Where(o => o.UserId == userId).Select(o => o.Category).ToListAsync(cancellationToken);
        IEnumerable<EmailCategory> all = [EmailCategory.Account, .. await NotificationCategoriesOf.UserAsync(db, userId, off, cancellationToken)];
        return new NotificationSettingsDto(all
            .Select(c => new NotificationCategoryDto(c, c.Title(), c.Description(), !off.Contains(c), c.CanUnsubscribe()))
            .ToList());
    }
}
