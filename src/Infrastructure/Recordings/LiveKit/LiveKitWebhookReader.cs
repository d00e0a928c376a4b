using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Streaming.Application.Common.Interfaces;

namespace Streaming.Infrastructure.Recordings.LiveKit;

/// <summary>
/// Reads a LiveKit webhook (<c>application/webhook+json</c>, protojson: camelCase, int64 as strings,
/// durations and times in nanoseconds) after <see cref="LiveKitWebhookVerifier"/> accepted its
/// <c>Authorization</c> token. Only <c>egress_ended</c> with status <c>EGRESS_COMPLETE</c> and a file
/// becomes a <see cref="RecordingFinished"/>; other events are acknowledged and ignored.
/// </summary>
public sealed class LiveKitWebhookReader(IOptions<LiveKitOptions> options, TimeProvider clock) : IWebhookReader<RecordingFinished>
{
    public async Task<WebhookReading<RecordingFinished>> ReadAsync(WebhookRequest request, CancellationToken cancellationToken)
    {
        if (await LiveKitWebhookVerifier.ProblemAsync(request.Header("Authorization"), request.Body, options.Value, clock.GetUtcNow()) is { } problem)
            return WebhookReading<RecordingFinished>.Unauthorized(problem);

        try
        {
            using var json = JsonDocument.Parse(request.Body);
            return Read(json.RootElement);
        }
        catch (Exception e) when (e is JsonException or FormatException or OverflowException or InvalidOperationException)
        {
            return WebhookReading<RecordingFinished>.Malformed($"not a LiveKit webhook event ({e.GetType().Name})");
        }
    }

    private static WebhookReading<RecordingFinished> Read(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object || Text(root, "event") is not { Length: > 0 } type)
            return WebhookReading<RecordingFinished>.Malformed("no \"event\"");
        if (type != "egress_ended") return WebhookReading<RecordingFinished>.Ignored($"event {type}");
        if (!root.TryGetProperty("egressInfo", out var info) || info.ValueKind != JsonValueKind.Object)
            return WebhookReading<RecordingFinished>.Malformed("egress_ended without \"egressInfo\"");
        if (Text(info, "status") is var status && status != "EGRESS_COMPLETE")
            return WebhookReading<RecordingFinished>.Ignored($"egress {Text(info, "egressId")} ended with {status}");

        var file = info.TryGetProperty("fileResults", out var results) && results.ValueKind == JsonValueKind.Array && results.GetArrayLength() > 0
            ? results[0]
            : info.TryGetProperty("file", out var single) ? single : default;
        var location = file.ValueKind == JsonValueKind.Object ? Text(file, "location") ?? Text(file, "filename") : null;
        var egressId = Text(info, "egressId");
        if (string.IsNullOrEmpty(location) || string.IsNullOrEmpty(egressId))
            return WebhookReading<RecordingFinished>.Ignored($"egress {egressId} has no file");
        var (size, durationNs, startedNs) = (Int64(file, "size") ?? 0, Int64(file, "duration") ?? 0, Int64(info, "startedAt"));
        if (!Guid.TryParse(Text(info, "roomName"), out var roomId))
            return WebhookReading<RecordingFinished>.Ignored($"egress {egressId} is for room {Text(info, "roomName")}, not a meeting of this app");

        return WebhookReading<RecordingFinished>.Accepted(new RecordingFinished(roomId, egressId, location, size, durationNs / 1_000_000_000.0,
            startedNs is > 0 ? DateTimeOffset.UnixEpoch.AddTicks(startedNs.Value / 100) : null));
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
