using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly;
using Polly.Timeout;
using Streaming.Application.Common.Exceptions;
using Streaming.Application.Live.Common;

namespace Streaming.Infrastructure.Live.Cloudflare;

/// <summary>A live input as Cloudflare created it. <see cref="WhipUrl"/> is a secret of the owning instructor.</summary>
public sealed record CloudflareLiveInput(string Uid, string WhipUrl, string WhepUrl);

/// <summary>
/// Cloudflare Stream's API for live inputs (<c>{BaseUrl}accounts/{AccountId}/stream/…</c>, bearer
/// API token). Every answer is the envelope <c>{ "success", "errors": [{ "code", "message" }],
/// "result" }</c>. A call that does not succeed throws <see cref="StreamingProviderException"/>
/// with a message for the instructor ("Cloudflare did not create the live input: …"): the first
/// error Cloudflare gave, refused credentials (401/403, also logged as a configuration error),
/// rate limiting (429: the resilience handler retries once when Retry-After is at most 2 s, see
/// <see cref="CloudflareRegistration"/>), its own failures (5xx, never repeated: a create
/// might have happened), no answer within Streaming:Cloudflare:Timeout, or an answer that is not the
/// envelope. Only the caller's cancellation surfaces as <see cref="OperationCanceledException"/>.
/// Neither the API token nor a WHIP URL is ever logged.
/// </summary>
public sealed class CloudflareStreamClient(HttpClient http, IOptions<LiveOptions> options, ILogger<CloudflareStreamClient> logger)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private CloudflareStreamingOptions Settings => options.Value.Cloudflare;

    private string Account => "accounts/" + Uri.EscapeDataString(Settings.AccountId.Trim()) + "/stream";

    /// <summary>
    /// <c>POST accounts/{account}/stream/live_inputs</c> with <c>meta.name</c> and recording off
    /// (Cloudflare does not record WebRTC inputs) → <c>result.uid</c>, <c>result.webRTC.url</c> (WHIP),
    /// <c>result.webRTCPlayback.url</c> (WHEP).
    /// </summary>
    public async Task<CloudflareLiveInput> CreateLiveInputAsync(string name, Guid streamId, CancellationToken cancellationToken)
    {
        const string action = "create the live input";
        var payload = new
        {
            meta = new { name, streamId = streamId.ToString() },
            recording = new { mode = "off" },
        };
        var result = await SendAsync(HttpMethod.Post, $"{Account}/live_inputs", payload, action, cancellationToken);
        var uid = String(result, "uid");
        var whip = String(result, "webRTC", "url");
        var whep = String(result, "webRTCPlayback", "url");
        if (uid is { Length: > 0 and <= 100 } && IsHttpUrl(whip) && IsHttpUrl(whep)) return new CloudflareLiveInput(uid, whip!, whep!);

        logger.LogWarning("Cloudflare created a live input without a usable uid or WebRTC URLs (uid {Uid}).", uid ?? "(none)");
        if (uid is { Length: > 0 and <= 100 })
        {
            try { await DeleteLiveInputAsync(uid, cancellationToken); }
            catch (StreamingProviderException e) { logger.LogWarning("The incomplete live input {Uid} could not be deleted: {Problem}", uid, e.Message); }
        }
        throw Failure(action, "its answer had no WebRTC (WHIP/WHEP) URLs. Check that the account has Stream enabled.");
    }

    /// <summary><c>GET accounts/{account}/stream/live_inputs/{uid}</c> → the input's connection state (e.g. connected, disconnected).</summary>
    public async Task<CloudflareLiveInputStatus> GetLiveInputAsync(string uid, CancellationToken cancellationToken)
    {
        var result = await SendAsync(HttpMethod.Get, $"{Account}/live_inputs/{Uri.EscapeDataString(uid)}", null, "read the live input", cancellationToken);
        // status is null (never connected), a string, or { "current": { "state": … } } depending on the API version.
        var state = result is { ValueKind: JsonValueKind.Object } r && r.TryGetProperty("status", out var status)
            ? status.ValueKind switch
            {
                JsonValueKind.String => status.GetString(),
                JsonValueKind.Object => String(status, "current", "state") ?? String(status, "state"),
                _ => null,
            }
            : null;
        return new CloudflareLiveInputStatus(String(result, "uid") ?? uid, string.IsNullOrWhiteSpace(state) ? "disconnected" : state);
    }

    /// <summary><c>DELETE accounts/{account}/stream/live_inputs/{uid}</c>; an input that is already gone (404) counts as deleted.</summary>
    public Task DeleteLiveInputAsync(string uid, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Delete, $"{Account}/live_inputs/{Uri.EscapeDataString(uid)}", null, "delete the live input", cancellationToken, notFoundIsSuccess: true);

    /// <summary><c>GET accounts/{account}/stream/live_inputs/{uid}/videos</c> → the uids of the videos recorded from the input.</summary>
    public async Task<IReadOnlyList<string>> ListVideosAsync(string uid, CancellationToken cancellationToken)
    {
        var result = await SendAsync(HttpMethod.Get, $"{Account}/live_inputs/{Uri.EscapeDataString(uid)}/videos", null, "list the live input's videos",
            cancellationToken, notFoundIsSuccess: true);
        if (result is not { ValueKind: JsonValueKind.Array } videos) return [];
        return videos.EnumerateArray().Select(v => String(v, "uid")).OfType<string>().Where(v => v.Length > 0).ToList();
    }

    /// <summary><c>DELETE accounts/{account}/stream/{videoUid}</c>; a video that is already gone (404) counts as deleted.</summary>
    public Task DeleteVideoAsync(string videoUid, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Delete, $"{Account}/{Uri.EscapeDataString(videoUid)}", null, "delete a video", cancellationToken, notFoundIsSuccess: true);

    /// <summary>
    /// Sends one request (the resilience handler repeats it once after a short 429) and returns the
    /// envelope's <c>result</c> (default for a tolerated 404 or an empty result), or throws
    /// <see cref="StreamingProviderException"/>.
    /// </summary>
    private async Task<JsonElement> SendAsync(
        HttpMethod method, string path, object? payload, string action, CancellationToken cancellationToken, bool notFoundIsSuccess = false)
    {
        var settings = Settings;
        if (ConfigurationProblem(settings) is { } problem)
        {
            logger.LogError("Cloudflare Stream is not configured: {Problem}.", problem);
            throw Failure(action, $"the app's Cloudflare settings are incomplete ({problem}).");
        }

        var uri = new Uri(new Uri(settings.BaseUrl.EndsWith('/') ? settings.BaseUrl : settings.BaseUrl + "/"), path);
        HttpStatusCode status;
        string body;
        TimeSpan? retryAfter;
        try
        {
            using var request = new HttpRequestMessage(method, uri);
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", settings.ApiToken.Trim());
            request.Headers.Accept.ParseAdd("application/json");
            if (payload is not null)
                request.Content = new StringContent(JsonSerializer.Serialize(payload, Json), Encoding.UTF8, "application/json");
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            status = response.StatusCode;
            // The pipeline's timeouts end with the headers: the body gets one attempt's time of its own.
            using var bodyTime = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            bodyTime.CancelAfter(settings.Timeout);
            body = await response.Content.ReadAsStringAsync(bodyTime.Token);
            retryAfter = response.Headers.RetryAfter?.Delta; // Cloudflare sends seconds
        }
        catch (Exception e) when (e is TimeoutRejectedException || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            logger.LogWarning("Cloudflare did not answer {Method} {Path} within {Timeout}.", method, path, settings.Timeout);
            throw Failure(action, $"Cloudflare did not answer within {Seconds(settings.Timeout)}. Try again in a moment.");
        }
        catch (Exception e) when (e is HttpRequestException or IOException or ExecutionRejectedException)
        {
            logger.LogWarning("Cloudflare could not be reached for {Method} {Path}: {Error}", method, path, e.Message);
            throw Failure(action, "Cloudflare could not be reached. Try again in a moment.");
        }

        var envelope = Parse(body);
        var code = (int)status;
        if (code is >= 200 and < 300)
        {
            if (envelope is not { } ok || !ok.TryGetProperty("success", out var success) || success.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
            {
                // Never log a successful body: it may hold a WHIP URL.
                logger.LogWarning("Cloudflare answered {Method} {Path} with HTTP {Status} and a body that is not its JSON envelope ({Length} characters).",
                    method, path, code, body.Length);
                throw Failure(action, "Cloudflare's answer could not be read. Try again in a moment.");
            }
            if (success.ValueKind == JsonValueKind.False)
            {
                var message = FirstError(ok) ?? "it gave no reason";
                logger.LogWarning("Cloudflare refused {Method} {Path}: {Error}", method, path, message);
                throw Failure(action, message);
            }
            return ok.TryGetProperty("result", out var result) ? result.Clone() : default;
        }

        if (status == HttpStatusCode.NotFound && notFoundIsSuccess) return default;

        if (status is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
        {
            logger.LogError(
                "Cloudflare refused the app's credentials (HTTP {Status}) for {Method} {Path}: check Streaming:Cloudflare:ApiToken (Stream:Edit permission) and Streaming:Cloudflare:AccountId. {Error}",
                code, method, path, FirstError(envelope) ?? "");
            throw Failure(action, $"Cloudflare refused the app's credentials (HTTP {code}). An administrator must check the Cloudflare API token and account id.");
        }

        if (status == HttpStatusCode.TooManyRequests)
        {
            var wait = retryAfter ?? TimeSpan.FromSeconds(1);
            logger.LogWarning("Cloudflare rate-limited {Method} {Path} (Retry-After {Wait}).", method, path, retryAfter);
            throw Failure(action, $"Cloudflare is limiting how often the app may call it. Try again in {Seconds(wait < TimeSpan.FromSeconds(1) ? TimeSpan.FromSeconds(1) : wait)}.");
        }

        if (code >= 500)
        {
            logger.LogWarning("Cloudflare failed {Method} {Path} with HTTP {Status}: {Error}", method, path, code, FirstError(envelope) ?? Clip(body));
            throw Failure(action, $"Cloudflare had a problem on its side (HTTP {code}). Try again in a moment.");
        }

        var refusal = FirstError(envelope);
        logger.LogWarning("Cloudflare refused {Method} {Path} with HTTP {Status}: {Error}", method, path, code, refusal ?? Clip(body));
        throw Failure(action, refusal ?? $"Cloudflare refused the request (HTTP {code}).");
    }

    private static StreamingProviderException Failure(string action, string reason) => new($"Cloudflare did not {action}: {reason}");

    private static string? ConfigurationProblem(CloudflareStreamingOptions settings)
    {
        if (string.IsNullOrWhiteSpace(settings.AccountId)) return "Streaming:Cloudflare:AccountId is not set";
        if (string.IsNullOrWhiteSpace(settings.ApiToken)) return "Streaming:Cloudflare:ApiToken is not set";
        if (!Uri.TryCreate(settings.BaseUrl, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
            return "Streaming:Cloudflare:BaseUrl is not an http(s) address";
        if (settings.Timeout <= TimeSpan.Zero) return "Streaming:Cloudflare:Timeout is not positive";
        return null;
    }

    /// <summary>"[code] message" of the first entry of the envelope's <c>errors</c>, if there is one.</summary>
    private static string? FirstError(JsonElement? envelope)
    {
        if (envelope is not { ValueKind: JsonValueKind.Object } root || !root.TryGetProperty("errors", out var errors)
            || errors.ValueKind != JsonValueKind.Array) return null;
        foreach (var error in errors.EnumerateArray())
        {
            var message = error.ValueKind == JsonValueKind.String ? error.GetString() : String(error, "message");
            if (string.IsNullOrWhiteSpace(message)) continue;
            message = message.Trim();
            if (message.Length > 300) message = message[..300] + "…";
            return error.ValueKind == JsonValueKind.Object && error.TryGetProperty("code", out var code) && code.ValueKind == JsonValueKind.Number
                ? $"{message} (error {code.GetRawText()})"
                : message;
        }
        return null;
    }

    private static JsonElement? Parse(string body)
    {
        if (string.IsNullOrWhiteSpace(body)) return null;
        try
        {
            using var document = JsonDocument.Parse(body);
            return document.RootElement.ValueKind == JsonValueKind.Object ? document.RootElement.Clone() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string? String(JsonElement element, params string[] path)
    {
        foreach (var name in path)
        {
            if (element.ValueKind != JsonValueKind.Object || !element.TryGetProperty(name, out element)) return null;
        }
        return element.ValueKind == JsonValueKind.String ? element.GetString() : null;
    }

    private static bool IsHttpUrl(string? value) =>
        value is { Length: > 0 and <= 1000 } && Uri.TryCreate(value, UriKind.Absolute, out var uri) && uri.Scheme is "https" or "http";

    private static string Seconds(TimeSpan span)
    {
        var seconds = Math.Max(1, (int)Math.Ceiling(span.TotalSeconds));
        return seconds == 1 ? "1 second" : $"{seconds} seconds";
    }

    private static string Clip(string body) => body.Length <= 200 ? body : body[..200] + "…";
}

/// <param name="State">Cloudflare's connection state of the input (connected, reconnecting, client_disconnect, …; "disconnected" when none).</param>
public sealed record CloudflareLiveInputStatus(string Uid, string State);
