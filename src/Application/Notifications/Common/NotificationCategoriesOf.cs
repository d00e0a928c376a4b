using Microsoft.EntityFrameworkCore;
using Streaming.Application.Common.Interfaces;
using Streaming.Domain.Notifications;
using Streaming.Domain.Recordings;

namespace Streaming.Application.Notifications.Common;

/// <summary>
/// The optional categories a user's email settings offer: every one, except "Meeting recordings
/// ready" for someone who owns no meeting (a member of the fitness classes only) — unless they
/// turned it off earlier, so that they can turn it on again. The settings page shows these and
/// saving changes only these: a category the page did not show is never switched by its absence.
/// </summary>
public static class NotificationCategoriesOf
{
    public static async Task<IReadOnlyList<EmailCategory>> UserAsync(IApplicationDbContext db, string userId, IReadOnlyCollection<EmailCategory> optedOut, CancellationToken cancellationToken)
    {
        var ownsMeetings = optedOut.Contains(EmailCategory.Recordings)
                           || await db.Recordings.AnyAsync(r => r.OwnerId == userId && r.Kind == RecordingType.Meet, cancellationToken);
        return EmailCategories.Optional.Where(c => c != EmailCategory.Recordings || ownsMeetings).ToList();
    }
}
