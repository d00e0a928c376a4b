using MediatR;
using Streaming.Application.Common.Events;
using Streaming.Application.Common.Interfaces;
using Streaming.Application.Notifications.Common;
using Streaming.Domain.Notifications;
using Streaming.Domain.Recordings;

namespace Streaming.Application.Recordings.EventHandlers;

/// <summary>
/// Tells a meeting's owner that its recording can be watched ("Your recording of … is ready"), in the
/// transaction that attaches the file, once per recording: a webhook delivered again or a file
/// replaced later queues nothing new. Calls are not announced (only super admins see them), nor a file
/// its owner attached by hand. Opt-outs are honoured when the email is sent, as for every email.
/// </summary>
public sealed class RecordingReadyEventHandler(IApplicationDbContext db, TimeProvider clock)
    : INotificationHandler<DomainEventNotification<RecordingReady>>
{
    public async Task Handle(DomainEventNotification<RecordingReady> notification, CancellationToken cancellationToken)
    {
        var (recording, attachedBy) = notification.DomainEvent;
        if (recording.Kind != RecordingType.Meet || attachedBy == recording.OwnerId) return;
        await db.AddOnceAsync(OutboxEmail.RecordingReady(recording, clock.GetUtcNow()), cancellationToken);
    }
}
