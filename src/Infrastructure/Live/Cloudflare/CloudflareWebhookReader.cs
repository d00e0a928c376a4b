using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Streaming.Application.Common.Interfaces;
using Streaming.Application.Live.Common;
using Streaming.Domain.Streams;

namespace Streaming.Infrastructure.Live.Cloudflare;

/// <summary>
/// Reads a Cloudflare Stream live input notification: the fixed secret in <c>cf-webhook-auth</c>
/// (Streaming:Cloudflare:WebhookSecret), then the JSON
/// <c>{ "data": { "event_type": "live_input.connected|disconnected|errored", "input_id", "updated_at" }, "ts" }</c>.
/// </summary>
public sealed class CloudflareWebhookReader(IOptions<LiveOptions> options) : IWebhookReader<LiveInputNotification>
{
    public const string SecretHeader = "cf-webhook-auth";

    public Task<WebhookReading<LiveInputNotification>> ReadAsync(WebhookRequest request, CancellationToken cancellationToken)
    {
        var secret = request.Header(SecretHeader);
        if (!SecretMatches(options.Value.Cloudflare.WebhookSecret, secret))
            return Task.FromResult(WebhookReading<LiveInputNotification>.Unauthorized(
                string.IsNullOrEmpty(secret) ? $"no {SecretHeader} header" : $"wrong {SecretHeader} secret"));
        return Task.FromResult(Read(request.Body));
    }

    /// <summary>Constant-time comparison (of SHA-256 digests, so the length is not revealed either). No configured secret accepts nothing.</summary>
    internal static bool SecretMatches(string? expected, string? given)
    {
        if (string.IsNullOrWhiteSpace(expected) || string.IsNullOrEmpty(given)) return false;
        return CryptographicOperations.FixedTimeEquals(
            SHA256.HashData(Encoding.UTF8.GetBytes(expected.Trim())),
            SHA256.HashData(Encoding.UTF8.GetBytes(given.Trim())));
    }

    private static WebhookReading<LiveInputNotification> Read(byte[] body)
    {
        const string NotANotification = "The body is not a Cloudflare live input notification (data.event_type and data.input_id).";
        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("data", out var data) || data.ValueKind != JsonValueKind.Object)
                return WebhookReading<LiveInputNotification>.Malformed(NotANotification);
            var eventType = Text(data, "event_type")?.Trim();
            var inputId = Text(data, "input_id")?.Trim();
            if (string.IsNullOrEmpty(eventType) || string.IsNullOrEmpty(inputId) || inputId.Length > StreamInput.InputIdMaxLength)
                return WebhookReading<LiveInputNotification>.Malformed(NotANotification);

            LiveInputEvent? kind = eventType switch
            {
                "live_input.connected" => LiveInputEvent.Connected,
                "live_input.disconnected" => LiveInputEvent.Disconnected,
                "live_input.errored" => LiveInputEvent.Errored,
                _ => null,
            };
            if (kind is null) return WebhookReading<LiveInputNotification>.Ignored($"event {eventType} for input {inputId}");

            var error = Text(data, "error_message") ?? Text(data, "reason") ?? Text(root, "text");
            return WebhookReading<LiveInputNotification>.Accepted(
                new LiveInputNotification(StreamingProviderKind.Cloudflare, inputId, kind.Value, OccurredAt(root, data), error));
        }
        catch (JsonException)
        {
            return WebhookReading<LiveInputNotification>.Malformed(NotANotification);
        }
    }

    /// <summary><c>data.updated_at</c> (RFC 3339), else the envelope's <c>ts</c> (Unix seconds).</summary>
    private static DateTimeOffset? OccurredAt(JsonElement root, JsonElement data)
    {
        if (Text(data, "updated_at") is { } updated
            && DateTimeOffset.TryParse(updated, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var at))
            return at;
        if (root.TryGetProperty("ts", out var ts) && ts.ValueKind == JsonValueKind.Number && ts.TryGetInt64(out var seconds)
            && seconds is > 0 and < 253402300800)
            return DateTimeOffset.FromUnixTimeSeconds(seconds);
        return null;
    }

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
