using MediatR;
using Microsoft.EntityFrameworkCore;
using Streaming.Application.Common.Events;
using Streaming.Application.Common.Interfaces;
using Streaming.Application.Common.Jobs;
using Streaming.Domain.Live;
using Streaming.Domain.Streams;

namespace Streaming.Application.Live.EventHandlers;

/// <summary>
/// However a class ends (its instructor, the closing job), the replay job is started at once for
/// its recording, once the end is committed: the job runs elsewhere, on its own connection, and
/// started inside the transaction it could look before the class is visibly ended and find nothing.
/// </summary>
/// <remarks>
/// Once per class: <see cref="StreamEnded"/> is raised only by the Live → Ended transition, made
/// under the class row's lock, so a second end (a double click, the job racing the instructor)
/// raises nothing. The ended class with its waiting recording is the durable record: if starting
/// the job fails, its periodic sweep makes the replay; starting it twice would find the recording
/// already taken (a recording is assembled only from Recording, guarded by its row version).
/// </remarks>
public sealed class StreamEndedReplayHandler(IApplicationDbContext db, IJobScheduler jobs)
    : INotificationHandler<DomainEventCommitted<StreamEnded>>
{
    public async Task Handle(DomainEventCommitted<StreamEnded> notification, CancellationToken cancellationToken)
    {
        var streamId = notification.DomainEvent.Stream.Id;
        // Nothing recorded (a class broadcast elsewhere, or never recorded): no replay to make.
        if (!await db.LiveRecordings.AnyAsync(r => r.StreamId == streamId && r.Status == LiveRecordingStatus.Recording, cancellationToken)) return;
        await jobs.TriggerAsync(JobNames.ReplayAssembly, cancellationToken);
    }
}
