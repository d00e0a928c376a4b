using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Streaming.TestSupport.Tokens;

/// <summary>What the fake answers instead of the real thing, for the next N requests.</summary>
public enum BackendFailure
{
    InternalServerError,
    ServiceUnavailable,
    /// <summary>429 with "Retry-After: <see cref="FakeTokenBackend.RetryAfterSeconds"/>".</summary>
    TooManyRequests,
    /// <summary>No answer until the client gives up.</summary>
    Hang,
    /// <summary>200 with a body that is not JSON.</summary>
    MalformedJson,
    /// <summary>200 <c>{"success":true,"newBalance":…}</c> without a transactionId.</summary>
    MissingTransactionId,
    /// <summary>Carries the request out, then answers 500 (the answer is lost, the tokens moved).</summary>
    ProcessThenFail,
}

/// <summary>Path is decoded (as the backend sees it), PathBase included.</summary>
public sealed record RecordedRequest(string Method, string Path, IReadOnlyDictionary<string, string> Headers, string Body)
{
    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;
}

public sealed record BackendTransaction(
    string Id, string UserId, string Kind, int Amount, string IdempotencyKey, Guid StreamId, string? OriginalTransactionId);

/// <summary>
/// The token service the iOS app uses, as a real Kestrel server on 127.0.0.1 (any free port):
/// <c>GET /api/tokens/balance</c>, <c>POST /api/tokens/deduct</c>, <c>POST /api/tokens/refund</c>,
/// <c>GET /api/tokens/transactions/by-key/{key}</c>; bearer key, X-User-Id, Idempotency-Key; per-member
/// balances. Also answers under the path prefix <c>/prefix</c>. Records every request.
/// </summary>
public sealed class FakeTokenBackend : IAsyncDisposable
{
    public const string ApiKey = "test-api-key-5f1c";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly WebApplication app;
    private readonly Lock gate = new();
    private readonly Dictionary<string, int> balances = [];
    private readonly Dictionary<(string User, string Key), (int Status, string Json)> replies = [];
    private readonly List<BackendTransaction> transactions = [];
    private readonly Queue<BackendFailure> failures = new();
    private readonly ConcurrentQueue<(int Generation, RecordedRequest Request)> requests = new();
    private int generation;

    private FakeTokenBackend(WebApplication app) => this.app = app;

    public Uri BaseUrl { get; private set; } = null!;

    /// <summary>True: too few tokens is HTTP 402. False: 200 with success:false.</summary>
    public bool InsufficientAs402 { get; set; } = true;

    public int RetryAfterSeconds { get; set; } = 1;

    /// <summary>The requests since the last <see cref="Reset"/>; one whose handling began before it belongs to the test before.</summary>
    public IReadOnlyList<RecordedRequest> Requests
    {
        get
        {
            var current = Volatile.Read(ref generation);
            return requests.Where(r => r.Generation == current).Select(r => r.Request).ToList();
        }
    }

    public IReadOnlyList<BackendTransaction> Transactions
    {
        get { lock (gate) return [.. transactions]; }
    }

    public static async Task<FakeTokenBackend> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        var app = builder.Build();
        app.Urls.Add("http://127.0.0.1:0");
        var backend = new FakeTokenBackend(app);
        app.UsePathBase("/prefix");
        app.Run(backend.HandleAsync);
        await app.StartAsync();
        backend.BaseUrl = new Uri(app.Urls.Single() + "/");
        return backend;
    }

    public void Reset()
    {
        lock (gate)
        {
            generation++;
            balances.Clear();
            replies.Clear();
            transactions.Clear();
            failures.Clear();
            requests.Clear();
        }
        InsufficientAs402 = true;
        RetryAfterSeconds = 1;
    }

    public void SetBalance(string userId, int balance)
    {
        lock (gate) balances[userId] = balance;
    }

    public int BalanceOf(string userId)
    {
        lock (gate) return balances.GetValueOrDefault(userId);
    }

    public void FailNext(int times, BackendFailure failure)
    {
        lock (gate)
            for (var i = 0; i < times; i++) failures.Enqueue(failure);
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }

    private async Task HandleAsync(HttpContext context)
    {
        var arrivedIn = Volatile.Read(ref generation);
        var request = context.Request;
        string body;
        // Not RequestAborted: a request read late, after the client gave up on it, is still recorded
        // (its body arrived with it); only a connection lost mid-body leaves it empty.
        try
        {
            using var reader = new StreamReader(request.Body);
            body = await reader.ReadToEndAsync(CancellationToken.None);
        }
        catch (Exception e) when (e is IOException or OperationCanceledException)
        {
            body = "";
        }
        var headers = request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
        requests.Enqueue((arrivedIn, new RecordedRequest(request.Method, request.PathBase.Value + request.Path.Value, headers, body)));

        BackendFailure? failure = null;
        lock (gate)
        {
            // A late request of the test before neither takes this test's failures nor changes its data.
            if (arrivedIn != generation) return;
            if (failures.Count > 0) failure = failures.Dequeue();
        }

        switch (failure)
        {
            case BackendFailure.InternalServerError:
                await WriteAsync(context, 500, new { error = "internal_error" });
                return;
            case BackendFailure.ServiceUnavailable:
                await WriteAsync(context, 503, new { error = "maintenance" });
                return;
            case BackendFailure.TooManyRequests:
                context.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
                await WriteAsync(context, 429, new { error = "slow_down" });
                return;
            case BackendFailure.Hang:
                try { await Task.Delay(TimeSpan.FromSeconds(60), context.RequestAborted); }
                catch (OperationCanceledException) { }
                return;
            case BackendFailure.MalformedJson:
                context.Response.ContentType = "application/json";
                await context.Response.WriteAsync("{\"success\": tru", context.RequestAborted);
                return;
            case BackendFailure.MissingTransactionId:
                await WriteAsync(context, 200, new { success = true, newBalance = 1 });
                return;
        }

        var (status, json) = Handle(request, headers, body);
        if (failure == BackendFailure.ProcessThenFail) (status, json) = (500, """{"error":"internal_error"}""");
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json; charset=utf-8";
        await context.Response.WriteAsync(json, context.RequestAborted);
    }

    private (int Status, string Json) Handle(HttpRequest request, Dictionary<string, string> headers, string body)
    {
        if (headers.GetValueOrDefault("Authorization") != $"Bearer {ApiKey}")
            return Reply(401, new { error = "unauthorized", message = "Invalid API key." });
        if (headers.GetValueOrDefault("X-User-Id") is not { Length: > 0 } userId)
            return Reply(400, new { error = "missing_user", message = "X-User-Id is required." });

        lock (gate)
        {
            if (request.Method == "GET" && request.Path == "/api/tokens/balance")
                return Reply(200, new { balance = balances.GetValueOrDefault(userId) });
            if (request.Method == "GET" && request.Path.StartsWithSegments("/api/tokens/transactions/by-key", out var rest))
            {
                var key = rest.Value!.TrimStart('/');
                var found = transactions.FirstOrDefault(t => t.UserId == userId && t.Kind == "deduct" && t.IdempotencyKey == key);
                return found is null
                    ? Reply(404, new { error = "not_found" })
                    : Reply(200, new { transactionId = found.Id, amount = found.Amount, createdAt = DateTimeOffset.UnixEpoch });
            }
            var kind = (request.Method, request.Path.Value) switch
            {
                ("POST", "/api/tokens/deduct") => "deduct",
                ("POST", "/api/tokens/refund") => "refund",
                _ => null,
            };
            if (kind is null) return Reply(404, new { error = "no_such_endpoint" });
            if (headers.GetValueOrDefault("Idempotency-Key") is not { Length: > 0 } idempotencyKey)
                return Reply(400, new { error = "missing_idempotency_key", message = "Idempotency-Key is required." });
            if (replies.TryGetValue((userId, idempotencyKey), out var first)) return first;

            int amount;
            Guid streamId;
            string? original = null;
            try
            {
                var root = JsonDocument.Parse(body).RootElement;
                amount = root.GetProperty("amount").GetInt32();
                streamId = root.GetProperty("metadata").GetProperty("streamId").GetGuid();
                _ = root.GetProperty("reason").GetString();
                if (kind == "refund") original = root.GetProperty("originalTransactionId").GetString();
            }
            catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
            {
                return Reply(400, new { success = false, error = "invalid_request", message = "The request body is not valid." });
            }
            if (amount <= 0)
                return Reply(400, new { success = false, error = "invalid_amount", message = "amount must be a positive whole number." });

            var balance = balances.GetValueOrDefault(userId);
            if (kind == "deduct" && balance < amount)
                return Reply(InsufficientAs402 ? 402 : 200, new { success = false, error = "insufficient_balance", balance });
            if (kind == "refund")
            {
                var charge = transactions.FirstOrDefault(t => t.Id == original && t.UserId == userId && t.Kind == "deduct");
                if (charge is null)
                    return Reply(404, new { success = false, error = "transaction_not_found", message = "No such transaction to refund." });
                var refunded = transactions.Where(t => t.OriginalTransactionId == original).Sum(t => t.Amount);
                if (refunded + amount > charge.Amount)
                    return Reply(409, new { success = false, error = "refund_exceeds_charge", message = "The refund exceeds what was charged." });
            }

            balances[userId] = balance = kind == "deduct" ? balance - amount : balance + amount;
            var transaction = new BackendTransaction(
                $"tx_{transactions.Count + 1:D4}", userId, kind, amount, idempotencyKey, streamId, original);
            transactions.Add(transaction);
            var reply = Reply(200, new { success = true, newBalance = balance, transactionId = transaction.Id });
            replies[(userId, idempotencyKey)] = reply;
            return reply;
        }
    }

    private static (int, string) Reply(int status, object body) => (status, JsonSerializer.Serialize(body, Json));

    private static Task WriteAsync(HttpContext context, int status, object body)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json; charset=utf-8";
        return context.Response.WriteAsync(JsonSerializer.Serialize(body, Json), context.RequestAborted);
    }
}
