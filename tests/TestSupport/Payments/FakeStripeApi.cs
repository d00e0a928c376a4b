using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Streaming.TestSupport.Payments;

/// <summary>What the stand-in answers instead of the real thing, for the next N API requests.</summary>
public enum StripeFailure
{
    /// <summary>HTTP 500 <c>{"error":{"type":"api_error"}}</c>.</summary>
    InternalServerError,

    /// <summary>HTTP 503 with an HTML body (a proxy in front of the API).</summary>
    ServiceUnavailable,

    /// <summary>HTTP 429 <c>rate_limit</c>.</summary>
    TooManyRequests,

    /// <summary>No answer until the client gives up.</summary>
    Hang,
}

/// <summary>One API request as the stand-in saw it: form fields (bracket notation, as sent) and headers.</summary>
public sealed record StripeRequest(string Method, string Path, string Query, IReadOnlyDictionary<string, string> Form, IReadOnlyDictionary<string, string> Headers)
{
    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;
}

/// <summary>
/// Stripe's API as documented, on a real Kestrel server on 127.0.0.1, for the parts this app uses:
/// <c>POST /v1/checkout/sessions</c> (form-encoded, bracket notation), <c>GET /v1/checkout/sessions/{id}</c>
/// (with <c>expand[]=payment_intent.latest_charge</c>), <c>POST /v1/refunds</c> — bearer secret key,
/// idempotency keys (a repeat answers the first response with <c>Idempotent-Replayed: true</c>; the same
/// key with other parameters is a 400 <c>idempotency_error</c>), Stripe's error bodies, 404
/// <c>resource_missing</c>, and the failures of <see cref="StripeFailure"/> on demand. The test plays
/// the customer (<see cref="Pay"/>), Stripe's dashboard (<see cref="RefundInDashboard"/>, disputes) and
/// Stripe's webhook sender: events signed exactly as Stripe signs them
/// (<c>Stripe-Signature: t=…,v1=hex(HMAC-SHA256(secret, t + "." + body))</c>).
/// </summary>
public sealed class FakeStripeApi : IAsyncDisposable
{
    public const string SecretKey = "sk_test_51FakeStandInKey0123456789";
    public const string WebhookSecret = "whsec_test_0123456789abcdefFakeStandIn";

    /// <summary>The API version Stripe.net 53.1.0 pins; events carry it like a webhook endpoint created with it.</summary>
    public const string ApiVersion = "2026-10-28.endive";

    private readonly WebApplication _app;
    private readonly Func<DateTimeOffset> _now;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, JsonObject> _sessions = [];
    private readonly Dictionary<string, JsonObject> _charges = []; // by payment intent id
    private readonly Dictionary<string, (string Fingerprint, int Status, string Body)> _idempotent = [];
    private readonly Queue<StripeFailure> _failures = new();
    private readonly ConcurrentQueue<StripeRequest> _requests = new();
    private int _next;

    private FakeStripeApi(WebApplication app, Func<DateTimeOffset> now)
    {
        _app = app;
        _now = now;
    }

    /// <summary>The API base (Payments:Stripe:ApiBase).</summary>
    public Uri BaseUrl { get; private set; } = null!;

    public IReadOnlyList<StripeRequest> Requests => [.. _requests];

    /// <summary>Starts the stand-in; <paramref name="now"/> is Stripe's clock (the test's clock, so sessions expire when the test says).</summary>
    public static async Task<FakeStripeApi> StartAsync(Func<DateTimeOffset> now)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        var app = builder.Build();
        app.Urls.Add("http://127.0.0.1:0");
        var api = new FakeStripeApi(app, now);
        app.Run(api.HandleAsync);
        await app.StartAsync();
        api.BaseUrl = new Uri(app.Urls.Single());
        return api;
    }

    /// <summary>The settings that make the app take payments through this stand-in.</summary>
    public IReadOnlyDictionary<string, string?> Settings(int retries = 0, TimeSpan? timeout = null) => new Dictionary<string, string?>
    {
        ["Payments:Provider"] = "Stripe",
        ["Payments:Stripe:SecretKey"] = SecretKey,
        ["Payments:Stripe:WebhookSecret"] = WebhookSecret,
        ["Payments:Stripe:ApiBase"] = BaseUrl.ToString(),
        ["Payments:Stripe:MaxNetworkRetries"] = retries.ToString(CultureInfo.InvariantCulture),
        ["Payments:Stripe:Timeout"] = (timeout ?? TimeSpan.FromSeconds(5)).ToString("c", CultureInfo.InvariantCulture),
    };

    public void FailNext(int times, StripeFailure failure)
    {
        lock (_gate)
            for (var i = 0; i < times; i++) _failures.Enqueue(failure);
    }

    public JsonObject Session(string id)
    {
        lock (_gate) return (JsonObject)_sessions[id].DeepClone();
    }

    public IReadOnlyList<JsonObject> Sessions
    {
        get { lock (_gate) return _sessions.Values.Select(s => (JsonObject)s.DeepClone()).ToList(); }
    }

    /// <summary>The customer pays on Stripe's page: a PaymentIntent and a charge appear, the session completes.</summary>
    public JsonObject Pay(string sessionId)
    {
        lock (_gate)
        {
            var session = _sessions[sessionId];
            if ((string?)session["status"] != "open") throw new InvalidOperationException($"Session {sessionId} is {session["status"]}.");
            var paymentIntent = $"pi_{Id()}";
            _charges[paymentIntent] = new JsonObject
            {
                ["id"] = $"ch_{Id()}", ["object"] = "charge", ["amount"] = (long)session["amount_total"]!, ["amount_captured"] = (long)session["amount_total"]!,
                ["amount_refunded"] = 0L, ["currency"] = (string?)session["currency"], ["paid"] = true, ["captured"] = true, ["refunded"] = false,
                ["disputed"] = false, ["payment_intent"] = paymentIntent, ["status"] = "succeeded", ["created"] = Unix(), ["livemode"] = false,
                ["metadata"] = new JsonObject(),
            };
            session["status"] = "complete";
            session["payment_status"] = "paid";
            session["payment_intent"] = paymentIntent;
            return (JsonObject)session.DeepClone();
        }
    }

    public void Expire(string sessionId)
    {
        lock (_gate)
        {
            _sessions[sessionId]["status"] = "expired";
        }
    }

    /// <summary>Someone refunds in Stripe's dashboard: the charge's running total grows. Returns the charge.</summary>
    public JsonObject RefundInDashboard(string paymentIntent, long amount)
    {
        lock (_gate)
        {
            var charge = _charges[paymentIntent];
            charge["amount_refunded"] = Math.Min((long)charge["amount"]!, (long)charge["amount_refunded"]! + amount);
            charge["refunded"] = (long)charge["amount_refunded"]! == (long)charge["amount"]!;
            return (JsonObject)charge.DeepClone();
        }
    }

    public JsonObject Charge(string paymentIntent)
    {
        lock (_gate) return (JsonObject)_charges[paymentIntent].DeepClone();
    }

    /// <summary>A dispute object as Stripe sends it in <c>charge.dispute.*</c> events.</summary>
    public JsonObject Dispute(string paymentIntent, string status, long? amount = null)
    {
        lock (_gate)
        {
            var charge = _charges[paymentIntent];
            charge["disputed"] = true;
            return new JsonObject
            {
                ["id"] = $"dp_{paymentIntent[3..]}", ["object"] = "dispute", ["amount"] = amount ?? (long)charge["amount"]!, ["charge"] = (string?)charge["id"],
                ["currency"] = (string?)charge["currency"], ["payment_intent"] = paymentIntent, ["reason"] = "fraudulent", ["status"] = status,
                ["created"] = Unix(), ["livemode"] = false, ["metadata"] = new JsonObject(), ["is_charge_refundable"] = false,
            };
        }
    }

    /// <summary>An event envelope around <paramref name="data"/>, as Stripe posts it to a webhook endpoint.</summary>
    public string Event(string type, JsonObject data, DateTimeOffset? created = null, string? id = null) => new JsonObject
    {
        ["id"] = id ?? $"evt_{Id()}",
        ["object"] = "event",
        ["api_version"] = ApiVersion,
        ["created"] = (created ?? _now()).ToUnixTimeSeconds(),
        ["data"] = new JsonObject { ["object"] = data.DeepClone() },
        ["livemode"] = false,
        ["pending_webhooks"] = 1,
        ["request"] = new JsonObject { ["id"] = null, ["idempotency_key"] = null },
        ["type"] = type,
    }.ToJsonString();

    /// <summary><c>t=…,v1=…</c> over <paramref name="payload"/> at <paramref name="at"/>, with <paramref name="secret"/> (default: the endpoint's).</summary>
    public static string Signature(string payload, DateTimeOffset at, string secret = WebhookSecret)
    {
        var timestamp = at.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var mac = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes($"{timestamp}.{payload}"));
        return $"t={timestamp},v1={Convert.ToHexStringLower(mac)}";
    }

    /// <summary>The POST Stripe's webhook sender makes: the raw body and its signature.</summary>
    public static HttpRequestMessage WebhookRequest(string path, string payload, string? signature)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(payload, Encoding.UTF8, "application/json") };
        request.Headers.TryAddWithoutValidation("User-Agent", "Stripe/1.0 (+https://stripe.com/docs/webhooks)");
        if (signature is not null) request.Headers.TryAddWithoutValidation("Stripe-Signature", signature);
        return request;
    }

    public void Reset()
    {
        lock (_gate)
        {
            _sessions.Clear();
            _charges.Clear();
            _idempotent.Clear();
            _failures.Clear();
        }
        _requests.Clear();
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private long Unix() => _now().ToUnixTimeSeconds();

    private string Id() => $"test_{Interlocked.Increment(ref _next):D6}{Guid.NewGuid():N}"[..30];

    private async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        var form = request.HasFormContentType
            ? (await request.ReadFormAsync(context.RequestAborted)).ToDictionary(f => f.Key, f => f.Value.ToString())
            : new Dictionary<string, string>();
        var headers = request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
        _requests.Enqueue(new StripeRequest(request.Method, request.Path.Value ?? "", request.QueryString.Value ?? "", form, headers));

        StripeFailure? failure = null;
        lock (_gate)
            if (_failures.Count > 0) failure = _failures.Dequeue();
        switch (failure)
        {
            case StripeFailure.InternalServerError:
                await WriteAsync(context, 500, Error("api_error", "An unknown error occurred."));
                return;
            case StripeFailure.ServiceUnavailable:
                context.Response.StatusCode = 503;
                context.Response.ContentType = "text/html";
                await context.Response.WriteAsync("<html><body>503 Service Unavailable</body></html>", context.RequestAborted);
                return;
            case StripeFailure.TooManyRequests:
                await WriteAsync(context, 429, Error("invalid_request_error", "Too many requests hit the API too quickly.", code: "rate_limit"));
                return;
            case StripeFailure.Hang:
                try { await Task.Delay(TimeSpan.FromSeconds(60), context.RequestAborted); }
                catch (OperationCanceledException) { }
                return;
        }

        if (headers.GetValueOrDefault("Authorization") != $"Bearer {SecretKey}")
        {
            await WriteAsync(context, 401, Error("invalid_request_error", "Invalid API Key provided: sk_test_****"));
            return;
        }

        var key = headers.GetValueOrDefault("Idempotency-Key");
        var fingerprint = $"{request.Method} {request.Path} {string.Join('&', form.OrderBy(f => f.Key).Select(f => $"{f.Key}={f.Value}"))}";
        int status;
        string body;
        lock (_gate)
        {
            if (key is not null && request.Method == "POST" && _idempotent.TryGetValue(key, out var earlier))
            {
                if (earlier.Fingerprint != fingerprint)
                {
                    (status, body) = (400, Error("idempotency_error",
                        $"Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '{key}' if you meant to execute a different request."));
                }
                else
                {
                    context.Response.Headers["Idempotent-Replayed"] = "true";
                    (status, body) = (earlier.Status, earlier.Body);
                }
            }
            else
            {
                (status, body) = Handle(request.Method, (request.Path.Value ?? "").Trim('/').Split('/'), form, request.Query);
                if (key is not null && request.Method == "POST") _idempotent[key] = (fingerprint, status, body);
            }
        }

        await WriteAsync(context, status, body);
    }

    private (int Status, string Body) Handle(string method, string[] path, Dictionary<string, string> form, IQueryCollection query)
    {
        switch (method, path)
        {
            case ("POST", ["v1", "checkout", "sessions"]):
                return CreateSession(form);
            case ("GET", ["v1", "checkout", "sessions", var id]):
                if (!_sessions.TryGetValue(id, out var session))
                    return (404, Error("invalid_request_error", $"No such checkout.session: '{id}'", code: "resource_missing", param: "session"));
                var expand = query.Where(q => q.Key.StartsWith("expand", StringComparison.Ordinal)).SelectMany(q => q.Value).ToList();
                var copy = (JsonObject)session.DeepClone();
                if (expand.Contains("payment_intent.latest_charge") && (string?)session["payment_intent"] is { } pi)
                {
                    copy["payment_intent"] = new JsonObject
                    {
                        ["id"] = pi, ["object"] = "payment_intent", ["amount"] = (long)session["amount_total"]!, ["currency"] = (string?)session["currency"],
                        ["status"] = "succeeded", ["latest_charge"] = _charges[pi].DeepClone(),
                    };
                }
                return (200, copy.ToJsonString());
            case ("POST", ["v1", "refunds"]):
                return CreateRefund(form);
            default:
                return (404, Error("invalid_request_error", $"Unrecognized request URL ({method}: /{string.Join('/', path)}).", code: "resource_missing"));
        }
    }

    private (int, string) CreateSession(Dictionary<string, string> form)
    {
        string? Field(string name) => form.TryGetValue(name, out var value) && value.Length > 0 ? value : null;
        foreach (var required in new[] { "mode", "success_url", "line_items[0][price_data][currency]", "line_items[0][price_data][unit_amount]", "line_items[0][price_data][product_data][name]", "line_items[0][quantity]" })
        {
            if (Field(required) is null) return (400, Error("invalid_request_error", $"Missing required param: {required}.", code: "parameter_missing", param: required));
        }
        if (Field("mode") != "payment") return (400, Error("invalid_request_error", "This stand-in only does mode=payment.", param: "mode"));
        if (!long.TryParse(Field("line_items[0][price_data][unit_amount]"), CultureInfo.InvariantCulture, out var unitAmount) || unitAmount < 1)
            return (400, Error("invalid_request_error", "Invalid integer: unit_amount.", param: "line_items[0][price_data][unit_amount]"));
        var quantity = long.Parse(Field("line_items[0][quantity]")!, CultureInfo.InvariantCulture);

        var id = $"cs_test_{Id()}{Id()}";
        var session = new JsonObject
        {
            ["id"] = id, ["object"] = "checkout.session", ["mode"] = "payment", ["status"] = "open", ["payment_status"] = "unpaid",
            ["amount_subtotal"] = unitAmount * quantity, ["amount_total"] = unitAmount * quantity, ["currency"] = Field("line_items[0][price_data][currency]"),
            ["client_reference_id"] = Field("client_reference_id"), ["customer_email"] = Field("customer_email"),
            ["success_url"] = Field("success_url"), ["cancel_url"] = Field("cancel_url"),
            ["metadata"] = new JsonObject(form.Where(f => f.Key.StartsWith("metadata[", StringComparison.Ordinal))
                .Select(f => KeyValuePair.Create(f.Key[9..^1], (JsonNode?)JsonValue.Create(f.Value)))),
            ["payment_intent"] = null, ["created"] = Unix(), ["expires_at"] = Unix() + 24 * 3600, ["livemode"] = false,
            ["url"] = $"https://checkout.stripe.com/c/pay/{id}#fidkdWxOYHwnPyd1blpxYHZxWjA0",
        };
        _sessions[id] = session;
        return (200, session.ToJsonString());
    }

    private (int, string) CreateRefund(Dictionary<string, string> form)
    {
        var paymentIntent = form.GetValueOrDefault("payment_intent");
        if (paymentIntent is null || !_charges.TryGetValue(paymentIntent, out var charge))
            return (404, Error("invalid_request_error", $"No such payment_intent: '{paymentIntent}'", code: "resource_missing", param: "payment_intent"));
        var left = (long)charge["amount"]! - (long)charge["amount_refunded"]!;
        if (left == 0) return (400, Error("invalid_request_error", $"Charge {charge["id"]} has already been refunded.", code: "charge_already_refunded"));
        var amount = form.TryGetValue("amount", out var raw) ? long.Parse(raw, CultureInfo.InvariantCulture) : left;
        if (amount > left)
            return (400, Error("invalid_request_error", $"Refund amount ({amount}) is greater than unrefunded amount on charge ({left})", param: "amount"));

        charge["amount_refunded"] = (long)charge["amount_refunded"]! + amount;
        charge["refunded"] = amount == left;
        var refund = new JsonObject
        {
            ["id"] = $"re_{Id()}", ["object"] = "refund", ["amount"] = amount, ["charge"] = (string?)charge["id"], ["currency"] = (string?)charge["currency"],
            ["payment_intent"] = paymentIntent, ["reason"] = form.GetValueOrDefault("reason"), ["status"] = "succeeded", ["created"] = Unix(),
            ["metadata"] = new JsonObject(),
        };
        return (200, refund.ToJsonString());
    }

    private static string Error(string type, string message, string? code = null, string? param = null) => new JsonObject
    {
        ["error"] = new JsonObject { ["type"] = type, ["message"] = message, ["code"] = code, ["param"] = param },
    }.ToJsonString();

    private static Task WriteAsync(HttpContext context, int status, string body)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        context.Response.Headers["Request-Id"] = $"req_{Guid.NewGuid():N}"[..18];
        return context.Response.WriteAsync(body, context.RequestAborted);
    }
}
