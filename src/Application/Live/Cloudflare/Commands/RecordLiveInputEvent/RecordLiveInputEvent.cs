using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using MediatR;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Streaming.Application.Common.Interfaces;
using Streaming.Application.Live.Common;
using Streaming.Domain.Streams;

namespace Streaming.Application.Live.Cloudflare.Commands.RecordLiveInputEvent;

/// <summary>
/// A Cloudflare Stream live input notification: <paramref name="Secret"/> is the
/// <c>cf-webhook-auth</c> header, <paramref name="Body"/> the raw JSON
/// (<c>{ "data": { "event_type": "live_input.connected|disconnected|errored", "input_id", "updated_at" }, "ts" }</c>).
/// </summary>
public sealed record RecordLiveInputEventCommand(string? Secret, byte[] Body) : IRequest<LiveInputEventResult>;

public enum LiveInputEventOutcome
{
    /// <summary>Missing or wrong secret (or no secret configured): nothing was read.</summary>
    Unauthorized,

    /// <summary>The body is not a live input notification.</summary>
    Invalid,

    Applied,

    /// <summary>The same event again (or an older one after a newer): no effect.</summary>
    Duplicate,

    /// <summary>No class has this input (e.g. deleted): ignored.</summary>
    UnknownInput,

    /// <summary>An event type this app does not act on: ignored.</summary>
    UnknownEvent,
}

/// <param name="Status">The class's new state when the event made it go live (for the pages' live updates).</param>
public sealed record LiveInputEventResult(LiveInputEventOutcome Outcome, LiveStatusDto? Status = null);

/// <summary>
/// Connected → the class goes Live (domain GoLive, idempotent); disconnected/errored → recorded on
/// the input (the watch page says the instructor is reconnecting). Each event is applied once:
/// one that is not newer than the last applied (a replay) changes nothing.
/// </summary>
public class RecordLiveInputEventHandler(
    IApplicationDbContext db, IOptions<LiveOptions> options, TimeProvider clock, ILogger<RecordLiveInputEventHandler> logger)
    : IRequestHandler<RecordLiveInputEventCommand, LiveInputEventResult>
{
    private const string Provider = nameof(StreamingProviderKind.Cloudflare);

    public async Task<LiveInputEventResult> Handle(RecordLiveInputEventCommand request, CancellationToken cancellationToken)
    {
        if (!SecretMatches(options.Value.Cloudflare.WebhookSecret, request.Secret))
        {
            logger.LogWarning("A Cloudflare live input notification was refused: {Reason}.",
                string.IsNullOrEmpty(request.Secret) ? "no cf-webhook-auth header" : "wrong cf-webhook-auth secret");
            return new LiveInputEventResult(LiveInputEventOutcome.Unauthorized);
        }

        if (Read(request.Body) is not { } notification)
        {
            logger.LogWarning("A Cloudflare live input notification had an unreadable body ({Length} bytes).", request.Body.Length);
            return new LiveInputEventResult(LiveInputEventOutcome.Invalid);
        }

        LiveInputEvent? kind = notification.EventType switch
        {
            "live_input.connected" => LiveInputEvent.Connected,
            "live_input.disconnected" => LiveInputEvent.Disconnected,
            "live_input.errored" => LiveInputEvent.Errored,
            _ => null,
        };
        if (kind is not { } eventKind)
        {
            logger.LogInformation("Cloudflare event {EventType} for input {InputId} ignored: not a live input connection event.",
                notification.EventType, notification.InputId);
            return new LiveInputEventResult(LiveInputEventOutcome.UnknownEvent);
        }

        for (var attempt = 1; ; attempt++)
        {
            var input = await db.StreamInputs.SingleOrDefaultAsync(i => i.Provider == Provider && i.InputId == notification.InputId, cancellationToken);
            if (input is null)
            {
                logger.LogWarning("Cloudflare event {EventType} for unknown live input {InputId} ignored.", notification.EventType, notification.InputId);
                return new LiveInputEventResult(LiveInputEventOutcome.UnknownInput);
            }

            var occurredAt = notification.OccurredAt ?? clock.GetUtcNow();
            if (!input.Record(eventKind, occurredAt, notification.Error))
            {
                logger.LogInformation("Cloudflare event {EventType} at {OccurredAt:O} for input {InputId} (class {StreamId}) was already applied; ignored.",
                    notification.EventType, occurredAt, notification.InputId, input.StreamId);
                return new LiveInputEventResult(LiveInputEventOutcome.Duplicate);
            }

            LiveStream? wentLive = null;
            if (eventKind == LiveInputEvent.Connected)
            {
                var stream = await db.Streams.SingleAsync(s => s.Id == input.StreamId, cancellationToken);
                if (stream.Status == StreamStatus.Scheduled)
                {
                    stream.GoLive(clock.GetUtcNow());
                    wentLive = stream;
                }
                else if (stream.Status != StreamStatus.Live)
                {
                    logger.LogWarning("The instructor's broadcast connected to Cloudflare for class {StreamId}, which is {Status}; the class is not changed.",
                        stream.Id, stream.Status);
                }
            }

            try
            {
                await db.SaveChangesAsync(cancellationToken);
            }
            catch (DbUpdateConcurrencyException) when (attempt < 5)
            {
                db.DiscardChanges(); // another event or the instructor changed the rows: read again and re-apply
                continue;
            }

            if (eventKind == LiveInputEvent.Connected)
                logger.LogInformation("The broadcast of class {StreamId} connected to Cloudflare (input {InputId}){WentLive}.",
                    input.StreamId, input.InputId, wentLive is null ? "" : "; the class is live");
            else
                logger.LogWarning("The broadcast of class {StreamId} {Event} at Cloudflare (input {InputId}){Error}.",
                    input.StreamId, eventKind == LiveInputEvent.Errored ? "errored" : "disconnected", input.InputId,
                    input.LastError is null ? "" : ": " + input.LastError);
            return new LiveInputEventResult(LiveInputEventOutcome.Applied, wentLive is null ? null : LiveStatusDto.Of(wentLive));
        }
    }

    /// <summary>Constant-time comparison (of SHA-256 digests, so the length is not revealed either). No configured secret accepts nothing.</summary>
    internal static bool SecretMatches(string? expected, string? given)
    {
        if (string.IsNullOrWhiteSpace(expected) || string.IsNullOrEmpty(given)) return false;
        return CryptographicOperations.FixedTimeEquals(
            SHA256.HashData(Encoding.UTF8.GetBytes(expected.Trim())),
            SHA256.HashData(Encoding.UTF8.GetBytes(given.Trim())));
    }

    private sealed record Notification(string EventType, string InputId, DateTimeOffset? OccurredAt, string? Error);

    private static Notification? Read(byte[] body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("data", out var data) || data.ValueKind != JsonValueKind.Object) return null;
            var eventType = Text(data, "event_type");
            var inputId = Text(data, "input_id");
            if (string.IsNullOrWhiteSpace(eventType) || string.IsNullOrWhiteSpace(inputId) || inputId.Length > StreamInput.InputIdMaxLength) return null;

            DateTimeOffset? occurredAt = null;
            if (Text(data, "updated_at") is { } updated
                && DateTimeOffset.TryParse(updated, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var at))
                occurredAt = at;
            else if (root.TryGetProperty("ts", out var ts) && ts.ValueKind == JsonValueKind.Number && ts.TryGetInt64(out var seconds)
                     && seconds is > 0 and < 253402300800)
                occurredAt = DateTimeOffset.FromUnixTimeSeconds(seconds);

            var error = Text(data, "error_message") ?? Text(data, "reason") ?? Text(root, "text");
            return new Notification(eventType.Trim(), inputId.Trim(), occurredAt, error);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
