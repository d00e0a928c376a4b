using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Streaming.TestSupport.Live.Cloudflare;

/// <summary>What the fake answers instead of the real thing, for the next N requests.</summary>
public enum CloudflareFailure
{
    /// <summary>HTTP 200 <c>{"success":false,"errors":[{"code":10005,"message":…}]}</c>.</summary>
    SuccessFalse,

    /// <summary>HTTP 400 with the envelope and an error.</summary>
    BadRequest,

    /// <summary>HTTP 401 <c>{"success":false,"errors":[{"code":10000,"message":"Authentication error"}]}</c>.</summary>
    Unauthorized,

    Forbidden,

    /// <summary>HTTP 429 with <c>Retry-After: {RetryAfterSeconds}</c>.</summary>
    TooManyRequests,

    InternalServerError,

    BadGateway,

    /// <summary>No answer until the client gives up.</summary>
    Hang,

    /// <summary>HTTP 200 with a body that is not JSON.</summary>
    MalformedJson,

    /// <summary>HTTP 200 success:true, but the live input has no webRTC URLs.</summary>
    MissingWebRtc,
}

/// <summary>Path is as the server saw it; headers and body as sent.</summary>
public sealed record CloudflareRequest(string Method, string Path, IReadOnlyDictionary<string, string> Headers, string Body)
{
    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;

    public JsonElement Json => JsonDocument.Parse(Body).RootElement;
}

/// <summary>
/// Cloudflare Stream's API for live inputs as a real Kestrel server on 127.0.0.1 (any free port),
/// under <c>/client/v4/</c>: create, read, delete live inputs, list an input's videos, delete a
/// video — bearer token, result envelopes, <c>success:false</c> + <c>errors</c>, 404 for unknown
/// ids — and the failures of <see cref="CloudflareFailure"/> on demand. Records every request.
/// </summary>
public sealed class FakeCloudflareApi : IAsyncDisposable
{
    public const string AccountId = "acc0123456789abcdef";
    public const string ApiToken = "cf-test-token-9d2e";
    public const string CustomerCode = "f33zs165nr7gyfy4";
    public const string WebhookSecret = "whsec-test-0123456789abcdef";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly WebApplication app;
    private readonly Lock gate = new();
    private readonly Dictionary<string, Input> inputs = [];
    private readonly Queue<CloudflareFailure> failures = new();
    private readonly ConcurrentQueue<CloudflareRequest> requests = new();
    private int next;

    private FakeCloudflareApi(WebApplication app) => this.app = app;

    public sealed record Input(string Uid, string Name, string? StreamId, string RecordingMode, List<string> Videos)
    {
        public string State { get; set; } = "disconnected";
    }

    /// <summary>The API base URL (Streaming:Cloudflare:BaseUrl), ending in <c>/client/v4/</c>.</summary>
    public Uri BaseUrl { get; private set; } = null!;

    public int RetryAfterSeconds { get; set; } = 1;

    public IReadOnlyList<CloudflareRequest> Requests => [.. requests];

    public IReadOnlyList<Input> Inputs
    {
        get { lock (gate) return [.. inputs.Values]; }
    }

    /// <summary>The WHIP URL the fake hands out for an input (secret key in the path, as Cloudflare does).</summary>
    public static string WhipUrlOf(string uid) => $"https://customer-{CustomerCode}.cloudflarestream.com/{uid}k{new string('0', 8)}secret/webRTC/publish";

    public static string WhepUrlOf(string uid) => $"https://customer-{CustomerCode}.cloudflarestream.com/{uid}/webRTC/play";

    public static async Task<FakeCloudflareApi> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        var app = builder.Build();
        app.Urls.Add("http://127.0.0.1:0");
        var api = new FakeCloudflareApi(app);
        app.Run(api.HandleAsync);
        await app.StartAsync();
        api.BaseUrl = new Uri(app.Urls.Single() + "/client/v4/");
        return api;
    }

    /// <summary>The settings that point the app at this fake.</summary>
    public IReadOnlyDictionary<string, string?> Settings(TimeSpan? timeout = null) => new Dictionary<string, string?>
    {
        ["Streaming:Provider"] = "Cloudflare",
        ["Streaming:Cloudflare:AccountId"] = AccountId,
        ["Streaming:Cloudflare:ApiToken"] = ApiToken,
        ["Streaming:Cloudflare:CustomerCode"] = CustomerCode,
        ["Streaming:Cloudflare:WebhookSecret"] = WebhookSecret,
        ["Streaming:Cloudflare:BaseUrl"] = BaseUrl.ToString(),
        ["Streaming:Cloudflare:Timeout"] = (timeout ?? TimeSpan.FromSeconds(5)).ToString("c", CultureInfo.InvariantCulture),
    };

    public void FailNext(int times, CloudflareFailure failure)
    {
        lock (gate)
            for (var i = 0; i < times; i++) failures.Enqueue(failure);
    }

    /// <summary>Adds a recorded video to an input (Cloudflare keeps none for WebRTC inputs, but RTMP ones have them).</summary>
    public void AddVideo(string inputUid, string videoUid)
    {
        lock (gate) inputs[inputUid].Videos.Add(videoUid);
    }

    public void SetState(string inputUid, string state)
    {
        lock (gate) inputs[inputUid].State = state;
    }

    public void Reset()
    {
        lock (gate)
        {
            inputs.Clear();
            failures.Clear();
        }
        requests.Clear();
        RetryAfterSeconds = 1;
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }

    private async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        string body;
        using (var reader = new StreamReader(request.Body)) body = await reader.ReadToEndAsync(context.RequestAborted);
        var headers = request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
        requests.Enqueue(new CloudflareRequest(request.Method, request.Path.Value ?? "", headers, body));

        CloudflareFailure? failure = null;
        lock (gate)
            if (failures.Count > 0) failure = failures.Dequeue();

        switch (failure)
        {
            case CloudflareFailure.SuccessFalse:
                await WriteAsync(context, 200, Envelope(false, null, (10005, "Live input quota exceeded for this account.")));
                return;
            case CloudflareFailure.BadRequest:
                await WriteAsync(context, 400, Envelope(false, null, (10001, "meta.name is too long."), (10002, "second error")));
                return;
            case CloudflareFailure.Unauthorized:
                await WriteAsync(context, 401, Envelope(false, null, (10000, "Authentication error")));
                return;
            case CloudflareFailure.Forbidden:
                await WriteAsync(context, 403, Envelope(false, null, (10000, "Authentication error")));
                return;
            case CloudflareFailure.TooManyRequests:
                context.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
                await WriteAsync(context, 429, Envelope(false, null, (971, "Please wait and consider throttling your request speed")));
                return;
            case CloudflareFailure.InternalServerError:
                await WriteAsync(context, 500, Envelope(false, null, (10002, "An unknown error has occurred.")));
                return;
            case CloudflareFailure.BadGateway:
                context.Response.StatusCode = 502;
                context.Response.ContentType = "text/html";
                await context.Response.WriteAsync("<html><body>502 Bad Gateway</body></html>", context.RequestAborted);
                return;
            case CloudflareFailure.Hang:
                try { await Task.Delay(TimeSpan.FromSeconds(60), context.RequestAborted); }
                catch (OperationCanceledException) { }
                return;
            case CloudflareFailure.MalformedJson:
                context.Response.ContentType = "application/json";
                await context.Response.WriteAsync("{\"result\": {\"uid\": \"abc\", \"success\": tru", context.RequestAborted);
                return;
        }

        var (status, reply) = Handle(request, headers, body, failure == CloudflareFailure.MissingWebRtc);
        await WriteAsync(context, status, reply);
    }

    private (int Status, object Reply) Handle(HttpRequest request, Dictionary<string, string> headers, string body, bool withoutWebRtc)
    {
        if (headers.GetValueOrDefault("Authorization") != $"Bearer {ApiToken}")
            return (401, Envelope(false, null, (10000, "Authentication error")));

        var segments = (request.Path.Value ?? "").Trim('/').Split('/');
        // client/v4/accounts/{account}/stream/...
        if (segments.Length < 5 || segments[0] != "client" || segments[1] != "v4" || segments[2] != "accounts" || segments[4] != "stream")
            return (404, Envelope(false, null, (7003, "Could not route to " + request.Path + ", perhaps your object identifier is invalid?")));
        if (segments[3] != AccountId) return (403, Envelope(false, null, (10000, "Authentication error")));
        var rest = segments[5..];

        lock (gate)
        {
            switch (request.Method, rest)
            {
                case ("POST", ["live_inputs"]):
                {
                    string name;
                    string? streamId;
                    string mode;
                    try
                    {
                        var root = JsonDocument.Parse(body).RootElement;
                        var meta = root.GetProperty("meta");
                        name = meta.GetProperty("name").GetString() ?? "";
                        streamId = meta.TryGetProperty("streamId", out var s) ? s.GetString() : null;
                        mode = root.GetProperty("recording").GetProperty("mode").GetString() ?? "";
                    }
                    catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
                    {
                        return (400, Envelope(false, null, (10005, "Invalid request body.")));
                    }
                    var uid = $"{++next:D4}{Guid.NewGuid():N}"[..32];
                    var input = new Input(uid, name, streamId, mode, []);
                    inputs[uid] = input;
                    return (200, Envelope(true, withoutWebRtc ? InputJson(input) with { webRTC = null, webRTCPlayback = null } : InputJson(input)));
                }
                case ("GET", ["live_inputs", var uid]):
                    return inputs.TryGetValue(uid, out var found)
                        ? (200, Envelope(true, InputJson(found)))
                        : (404, Envelope(false, null, (10003, "Not Found")));
                case ("DELETE", ["live_inputs", var uid]):
                    return inputs.Remove(uid)
                        ? (200, Envelope(true, null))
                        : (404, Envelope(false, null, (10003, "Not Found")));
                case ("GET", ["live_inputs", var uid, "videos"]):
                    return inputs.TryGetValue(uid, out var owner)
                        ? (200, Envelope(true, owner.Videos.Select(v => new { uid = v, status = new { state = "ready" } }).ToArray()))
                        : (404, Envelope(false, null, (10003, "Not Found")));
                case ("DELETE", [var videoUid]):
                    var holder = inputs.Values.FirstOrDefault(i => i.Videos.Contains(videoUid));
                    if (holder is null) return (404, Envelope(false, null, (10003, "Not Found")));
                    holder.Videos.Remove(videoUid);
                    return (200, Envelope(true, null));
                default:
                    return (404, Envelope(false, null, (7003, "No route for that URI")));
            }
        }
    }

    private sealed record InputReply(
        string uid, object meta, object recording, object? webRTC, object? webRTCPlayback, object rtmps, object? status, string created, string modified);

    private static InputReply InputJson(Input input) => new(
        input.Uid,
        new { name = input.Name, streamId = input.StreamId },
        new { mode = input.RecordingMode, requireSignedURLs = false, timeoutSeconds = 0 },
        new { url = WhipUrlOf(input.Uid) },
        new { url = WhepUrlOf(input.Uid) },
        new { url = "rtmps://live.cloudflare.com:443/live/", streamKey = "k" + input.Uid },
        input.State == "disconnected" ? null : new { current = new { state = input.State } },
        "2026-11-01T10:00:00.000000Z",
        "2026-11-01T10:00:00.000000Z");

    private static object Envelope(bool success, object? result, params (int Code, string Message)[] errors) => new
    {
        result,
        success,
        errors = errors.Select(e => new { code = e.Code, message = e.Message }).ToArray(),
        messages = Array.Empty<object>(),
    };

    private static Task WriteAsync(HttpContext context, int status, object body)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json; charset=utf-8";
        return context.Response.WriteAsync(JsonSerializer.Serialize(body, Json), context.RequestAborted);
    }
}
