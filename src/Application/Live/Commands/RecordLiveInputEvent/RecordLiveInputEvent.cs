using MediatR;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Streaming.Application.Common.Interfaces;
using Streaming.Application.Live.Common;
using Streaming.Domain.Streams;

namespace Streaming.Application.Live.Commands.RecordLiveInputEvent;

/// <summary>The provider's live input of a class connected, disconnected or failed (read and authenticated at the edge).</summary>
public sealed record RecordLiveInputEventCommand(LiveInputNotification Notification) : IRequest<LiveInputEventResult>;

public enum LiveInputEventOutcome
{
    Applied,

    /// <summary>The same event again (or an older one after a newer): no effect.</summary>
    Duplicate,

    /// <summary>No class has this input (e.g. deleted): ignored.</summary>
    UnknownInput,
}

/// <param name="Status">The class's new state when the event made it go live (for the pages' live updates).</param>
public sealed record LiveInputEventResult(LiveInputEventOutcome Outcome, LiveStatusDto? Status = null);

/// <summary>
/// Connected → a scheduled class goes Live (<see cref="LiveStream.BroadcastConnected"/>); disconnected/errored →
/// recorded on the input (the watch page says the instructor is reconnecting). Each event is applied once
/// (<see cref="StreamInput.Record"/>): one that is not newer than the last applied changes nothing.
/// </summary>
public class RecordLiveInputEventHandler(IApplicationDbContext db, TimeProvider clock, ILogger<RecordLiveInputEventHandler> logger)
    : IRequestHandler<RecordLiveInputEventCommand, LiveInputEventResult>
{
    private const int Attempts = 5;

    public async Task<LiveInputEventResult> Handle(RecordLiveInputEventCommand request, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await ApplyAsync(request.Notification, cancellationToken);
            }
            catch (DbUpdateConcurrencyException) when (attempt < Attempts)
            {
                db.DiscardChanges(); // another event or the instructor changed the rows: read again and re-apply
            }
        }
    }

    private async Task<LiveInputEventResult> ApplyAsync(LiveInputNotification notification, CancellationToken cancellationToken)
    {
        var provider = notification.Provider.ToString();
        var input = await db.StreamInputs.SingleOrDefaultAsync(i => i.Provider == provider && i.InputId == notification.InputId, cancellationToken);
        if (input is null)
        {
            logger.LogWarning("{Provider} event {Event} for unknown live input {InputId} ignored.", provider, notification.Event, notification.InputId);
            return new LiveInputEventResult(LiveInputEventOutcome.UnknownInput);
        }

        if (!input.Record(notification.Event, notification.OccurredAt ?? clock.GetUtcNow(), notification.Error))
        {
            logger.LogInformation("{Provider} event {Event} for input {InputId} (class {StreamId}) was already applied; ignored.",
                provider, notification.Event, notification.InputId, input.StreamId);
            return new LiveInputEventResult(LiveInputEventOutcome.Duplicate);
        }

        var stream = notification.Event == LiveInputEvent.Connected
            ? await db.Streams.SingleAsync(s => s.Id == input.StreamId, cancellationToken)
            : null;
        var wentLive = stream?.BroadcastConnected(clock.GetUtcNow()) ?? false;
        await db.SaveChangesAsync(cancellationToken);

        logger.LogInformation("The broadcast of class {StreamId} is {Event} at {Provider} (input {InputId}); the class is {Status}. {Error}",
            input.StreamId, notification.Event, provider, input.InputId, stream?.Status, input.LastError);
        return new LiveInputEventResult(LiveInputEventOutcome.Applied, wentLive ? LiveStatusDto.Of(stream!) : null);
    }
}
