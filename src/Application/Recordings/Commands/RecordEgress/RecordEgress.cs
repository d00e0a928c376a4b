using MediatR;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Streaming.Application.Common.Interfaces;
using Streaming.Domain.Common;
using Streaming.Domain.Recordings;
using Streaming.Application.Common.Security;

namespace Streaming.Application.Recordings.Commands.RecordEgress;

/// <summary>
/// A meeting's recording finished (read and authenticated at the edge, see <see cref="RecordingFinished"/>):
/// puts the file's location, size and duration on the meeting — once per egress id, however often the
/// provider delivers the webhook.
/// </summary>
[AllowAnonymous("A LiveKit webhook: the edge verified its signature before sending it.")]
public sealed record RecordEgressCommand(Guid RoomId, string EgressId, string Location, long SizeBytes, double DurationSeconds, DateTimeOffset? StartedAt)
    : IRequest<EgressOutcome>
{
    public static RecordEgressCommand From(RecordingFinished finished) => new(
        finished.RoomId, finished.EgressId, finished.Location, finished.SizeBytes, finished.DurationSeconds, finished.StartedAt);
}

public enum EgressOutcome
{
    /// <summary>Nothing to record (an unknown room, a recording the meeting refuses).</summary>
    Ignored,

    Recorded,

    AlreadyRecorded,
}

public class RecordEgressHandler(IApplicationDbContext db, IBlobStorage storage, TimeProvider clock, ILogger<RecordEgressHandler> logger)
    : IRequestHandler<RecordEgressCommand, EgressOutcome>
{
    public async Task<EgressOutcome> Handle(RecordEgressCommand request, CancellationToken cancellationToken)
    {
        if (await db.Recordings.SingleOrDefaultAsync(r => r.Id == request.RoomId && r.Kind == RecordingType.Meet, cancellationToken) is not { } room)
        {
            logger.LogWarning("Egress {EgressId} for unknown meeting {RoomId}", request.EgressId, request.RoomId);
            return EgressOutcome.Ignored;
        }

        var location = storage.TryGetKey(request.Location, out var key) ? key : request.Location;
        try
        {
            var file = RecordingFile.Create(location, request.SizeBytes, request.DurationSeconds, request.StartedAt ?? clock.GetUtcNow());
            if (!room.RecordEgress(request.EgressId, file))
                return EgressOutcome.AlreadyRecorded;
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DomainException e)
        {
            logger.LogWarning("Egress {EgressId} not recorded: {Reason}", request.EgressId, e.Message);
            return EgressOutcome.Ignored;
        }
        catch (DbUpdateException)
        {
            // The same webhook, delivered to two instances at once: the other one saved it.
            db.DiscardChanges();
            if (await db.Recordings.AnyAsync(r => r.EgressId == request.EgressId, cancellationToken)) return EgressOutcome.AlreadyRecorded;
            throw;
        }

        logger.LogInformation("Recorded egress {EgressId} on meeting {RoomId}", request.EgressId, room.Id);
        return EgressOutcome.Recorded;
    }
}
