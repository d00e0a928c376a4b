using MediatR;
using Microsoft.Extensions.Logging;
using Streaming.Application.Common.Events;
using Streaming.Application.Common.Interfaces;
using Streaming.Application.Recordings.Common;
using Streaming.Domain.Recordings;

namespace Streaming.Application.Recordings.EventHandlers;

/// <summary>
/// A recording's file was replaced (a later egress result) while it was read from the recording-copy
/// job's copy in the store: once the replacement has committed, the copy is nobody's and is deleted
/// (it would otherwise stay in the store for good). Files the app did not make (an egress writing
/// into the store, a URL elsewhere) are left where they are.
/// </summary>
public sealed class ReplacedCopyDeletionHandler(IBlobStorage storage, ILogger<ReplacedCopyDeletionHandler> logger)
    : INotificationHandler<DomainEventCommitted<RecordingFileReplaced>>
{
    public async Task Handle(DomainEventCommitted<RecordingFileReplaced> notification, CancellationToken cancellationToken)
    {
        var (recording, previous) = (notification.DomainEvent.Recording, notification.DomainEvent.PreviousLocation);
        if (!BlobKeys.IsCopyOf(previous, recording.Id)) return;
        await storage.DeleteAsync(previous, cancellationToken);
        logger.LogInformation("Recording {RecordingId} has a new file; its earlier copy {Key} was deleted", recording.Id, previous);
    }
}
