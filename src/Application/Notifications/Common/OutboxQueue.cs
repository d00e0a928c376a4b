using Microsoft.EntityFrameworkCore;
using Streaming.Application.Common.Interfaces;
using Streaming.Domain.Notifications;

namespace Streaming.Application.Notifications.Common;

/// <summary>Queues an email in the current transaction unless one with its dedup key is queued already (saved or not yet).</summary>
public static class OutboxQueue
{
    public static async Task AddOnceAsync(this IApplicationDbContext db, OutboxEmail email, CancellationToken cancellationToken)
    {
        var key = email.DedupKey;
        if (db.OutboxEmails.Local.Any(e => e.DedupKey == key) || await db.OutboxEmails.AnyAsync(e => e.DedupKey == key, cancellationToken)) return;
        db.OutboxEmails.Add(email);
    }
}
