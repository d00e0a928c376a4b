using MediatR;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Streaming.Application.Common.Interfaces;
using Streaming.Application.Common.Jobs;
using Streaming.Application.Notifications.Common;
using Streaming.Domain.Enrollments;
using Streaming.Domain.Notifications;
using Streaming.Domain.Streams;

namespace Streaming.Application.Notifications.Commands.QueueClassReminders;

/// <summary>
/// The reminder job (every minute): queues "your class starts in 15 minutes" for every active
/// enrollment in a scheduled class starting within the lead time. One reminder per enrollment and
/// start time: a class moved later gets a new one for its new time. Whether it is still true
/// (cancelled, moved, unenrolled) is checked again when it is sent.
/// </summary>
public record QueueClassRemindersCommand : IRequest<JobOutcome>;

public class QueueClassRemindersHandler(IApplicationDbContext db, IJobScheduler jobs, TimeProvider clock, IOptions<EmailOutboxOptions> options)
    : IRequestHandler<QueueClassRemindersCommand, JobOutcome>
{
    public async Task<JobOutcome> Handle(QueueClassRemindersCommand request, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var until = now + options.Value.ReminderLead;
        var due = await db.Enrollments.AsNoTracking().Include(e => e.Stream)
            .Where(e => e.Status == EnrollmentStatus.Active && e.Stream.Status == StreamStatus.Scheduled
                        && e.Stream.ScheduledStart > now && e.Stream.ScheduledStart <= until
                        && !db.OutboxEmails.Any(o => o.Kind == EmailKind.ClassReminder && o.EnrollmentId == e.Id && o.ClassStart == e.Stream.ScheduledStart))
            .ToListAsync(cancellationToken);
        if (due.Count == 0) return JobOutcome.Nothing;

        db.OutboxEmails.AddRange(due.Select(e => OutboxEmail.ClassReminder(e, e.Stream.ScheduledStart, now)));
        await db.SaveChangesAsync(cancellationToken);
        await jobs.SendQueuedEmailsSoonAsync(cancellationToken);
        return new JobOutcome(due.Count, 0, null);
    }
}
