using System.Globalization;
using System.Text.Json;
using MediatR;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Streaming.Application.Common.Interfaces;
using Streaming.Application.Recordings.Common;
using Streaming.Domain.Common;

namespace Streaming.Application.Recordings.Commands.RecordEgress;

/// <summary>
/// A LiveKit Egress webhook. Authentic <c>egress_ended</c> events with status EGRESS_COMPLETE put
/// the file's location, size and duration on the meeting whose id is the LiveKit room name —
/// once per egress id, however often the webhook is delivered.
/// </summary>
public record RecordEgressCommand(string? Authorization, byte[] Body) : IRequest<EgressOutcome>;

public enum EgressOutcome
{
    /// <summary>Not authentic (bad signature, stale token, tampered body): 401, nothing stored.</summary>
    Unauthorized,

    /// <summary>Authentic, but nothing to record (another event, a failed egress, an unknown room).</summary>
    Ignored,

    Recorded,

    AlreadyRecorded,
}

public class RecordEgressHandler(
    IApplicationDbContext db, IBlobStorage storage, TimeProvider clock, IOptions<LiveKitOptions> options, ILogger<RecordEgressHandler> logger)
    : IRequestHandler<RecordEgressCommand, EgressOutcome>
{
    public async Task<EgressOutcome> Handle(RecordEgressCommand request, CancellationToken cancellationToken)
    {
        if (await LiveKitWebhookVerifier.ProblemAsync(request.Authorization, request.Body, options.Value, clock.GetUtcNow()) is { } problem)
        {
            logger.LogWarning("LiveKit webhook refused: {Problem}", problem);
            return EgressOutcome.Unauthorized;
        }

        EgressEvent? egress;
        try
        {
            egress = Parse(request.Body);
        }
        catch (Exception e) when (e is JsonException or FormatException or InvalidOperationException)
        {
            logger.LogWarning(e, "LiveKit webhook body is not an egress event");
            return EgressOutcome.Ignored;
        }

        if (egress is null) return EgressOutcome.Ignored;
        if (!Guid.TryParse(egress.RoomName, out var roomId)
            || await db.MeetRooms.SingleOrDefaultAsync(r => r.Id == roomId, cancellationToken) is not { } room)
        {
            logger.LogWarning("LiveKit egress {EgressId} for unknown room {Room}", egress.EgressId, egress.RoomName);
            return EgressOutcome.Ignored;
        }

        var location = storage.TryGetKey(egress.Location, out var key) ? key : egress.Location;
        try
        {
            if (!room.RecordEgress(egress.EgressId, location, egress.Size, egress.DurationSeconds, egress.StartedAt ?? clock.GetUtcNow()))
                return EgressOutcome.AlreadyRecorded;
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DomainException e)
        {
            logger.LogWarning("LiveKit egress {EgressId} not recorded: {Reason}", egress.EgressId, e.Message);
            return EgressOutcome.Ignored;
        }
        catch (DbUpdateException)
        {
            // The same webhook, delivered to two instances at once: the other one saved it.
            if (await IsRecordedAsync(egress.EgressId, cancellationToken)) return EgressOutcome.AlreadyRecorded;
            throw;
        }

        logger.LogInformation("Recorded egress {EgressId} on meeting {RoomId}", egress.EgressId, room.Id);
        return EgressOutcome.Recorded;
    }

    private async Task<bool> IsRecordedAsync(string egressId, CancellationToken cancellationToken)
    {
        db.DiscardChanges();
        return await db.MeetRooms.AnyAsync(r => r.EgressId == egressId, cancellationToken);
    }

    private sealed record EgressEvent(string EgressId, string RoomName, string Location, long Size, double DurationSeconds, DateTimeOffset? StartedAt);

    /// <summary>protojson: camelCase, int64 as strings; durations and times in nanoseconds.</summary>
    private static EgressEvent? Parse(byte[] body)
    {
        using var json = JsonDocument.Parse(body);
        var root = json.RootElement;
        if (Text(root, "event") != "egress_ended" || !root.TryGetProperty("egressInfo", out var info)) return null;
        if (Text(info, "status") != "EGRESS_COMPLETE") return null;
        var file = info.TryGetProperty("fileResults", out var results) && results.ValueKind == JsonValueKind.Array && results.GetArrayLength() > 0
            ? results[0]
            : info.TryGetProperty("file", out var single) ? single : default;
        if (file.ValueKind != JsonValueKind.Object) return null;
        var location = Text(file, "location") ?? Text(file, "filename");
        var egressId = Text(info, "egressId");
        if (string.IsNullOrEmpty(location) || string.IsNullOrEmpty(egressId)) return null;
        var startedNs = Int64(info, "startedAt");
        return new EgressEvent(egressId, Text(info, "roomName") ?? "", location, Int64(file, "size") ?? 0,
            (Int64(file, "duration") ?? 0) / 1_000_000_000.0,
            startedNs is > 0 ? DateTimeOffset.UnixEpoch.AddTicks(startedNs.Value / 100) : null);
    }

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static long? Int64(JsonElement element, string name)
    {
        if (!element.TryGetProperty(name, out var value)) return null;
        return value.ValueKind switch
        {
            JsonValueKind.Number => value.GetInt64(),
            JsonValueKind.String => long.Parse(value.GetString()!, NumberStyles.Integer, CultureInfo.InvariantCulture),
            _ => null,
        };
    }
}
