using MediatR;
using Streaming.Application.Common.Interfaces;
using Streaming.Application.Common.Jobs;
using Streaming.Application.Common.Events;
using Streaming.Application.Recordings.Common;
using Streaming.Domain.Recordings;

namespace Streaming.Application.Recordings.EventHandlers;

/// <summary>
/// A file attached at a plain URL the app cannot sign for: the recording-copy job starts at once
/// (once the attachment has committed) instead of at its next periodic run.
/// </summary>
public sealed class RecordingAtUrlCopyHandler(IBlobStorage storage, IJobScheduler jobs)
    : INotificationHandler<DomainEventCommitted<RecordingReady>>
{
    public async Task Handle(DomainEventCommitted<RecordingReady> notification, CancellationToken cancellationToken)
    {
        var location = notification.DomainEvent.Recording.File?.Location;
        if (location is not null && RecordingLocations.IsElsewhere(location, storage))
            await jobs.TriggerAsync(JobNames.RecordingCopy, cancellationToken);
    }
}
