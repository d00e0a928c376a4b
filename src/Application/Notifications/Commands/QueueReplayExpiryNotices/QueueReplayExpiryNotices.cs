using MediatR;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Streaming.Application.Common.Interfaces;
using Streaming.Application.Common.Jobs;
using Streaming.Application.Notifications.Common;
using Streaming.Domain.Enrollments;
using Streaming.Domain.Live;
using Streaming.Domain.Notifications;
using Streaming.Domain.Streams;

namespace Streaming.Application.Notifications.Commands.QueueReplayExpiryNotices;

/// <summary>
/// The replay notice job: a day before a replay expires, queues "the replay expires in 24 hours"
/// for every enrolled member who has not watched it whole (their replay sessions add up to less
/// than <see cref="EmailOutboxOptions.WatchedWholeShare"/> of it). Once per enrollment.
/// </summary>
public record QueueReplayExpiryNoticesCommand : IRequest<JobOutcome>;

public class QueueReplayExpiryNoticesHandler(IApplicationDbContext db, IJobScheduler jobs, TimeProvider clock, IOptions<EmailOutboxOptions> options)
    : IRequestHandler<QueueReplayExpiryNoticesCommand, JobOutcome>
{
    public async Task<JobOutcome> Handle(QueueReplayExpiryNoticesCommand request, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var until = now + options.Value.ReplayNoticeLead;
        var candidates = await db.Enrollments.AsNoTracking().Include(e => e.Stream)
            .Where(e => e.Status == EnrollmentStatus.Active && e.Stream.Status == StreamStatus.Ended
                        && e.Stream.RecordingExpiresAt > now && e.Stream.RecordingExpiresAt <= until
                        && db.LiveRecordings.Any(r => r.StreamId == e.StreamId && r.Status == LiveRecordingStatus.Available)
                        && !db.OutboxEmails.Any(o => o.Kind == EmailKind.ReplayExpiring && o.EnrollmentId == e.Id))
            .ToListAsync(cancellationToken);

        var queued = 0;
        foreach (var byClass in candidates.GroupBy(e => e.StreamId))
        {
            var watched = await db.WatchedWholeAsync(byClass.Key, byClass.Select(e => e.MemberId).ToList(), options.Value.WatchedWholeShare, cancellationToken);
            foreach (var enrollment in byClass.Where(e => !watched.Contains(e.MemberId)))
            {
                db.OutboxEmails.Add(OutboxEmail.ReplayExpiring(enrollment, now));
                queued++;
            }
        }

        if (queued == 0) return JobOutcome.Nothing;
        await db.SaveChangesAsync(cancellationToken);
        await jobs.SendQueuedEmailsSoonAsync(cancellationToken);
        return new JobOutcome(queued, 0, null);
    }
}
