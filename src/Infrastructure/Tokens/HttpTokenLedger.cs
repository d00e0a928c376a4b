using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly;
using Polly.Timeout;
using Streaming.Application.Common.Interfaces;
using Streaming.Application.Common.Options;

namespace Streaming.Infrastructure.Tokens;

/// <summary>
/// The token ledger of the existing token service the iOS app uses (Tokens:Provider = Http).
/// Every request sends <c>Authorization: Bearer {ApiKey}</c> and <c>X-User-Id</c>: the member's
/// ledger identity — the iOS account they linked (their Apple <c>sub</c>, see <see cref="ILedgerAccountIds"/>) — or else the web's user id;
/// writes also send <c>Idempotency-Key</c>, so the service answers a repeat with the first result.
/// Its HttpClient carries the standard resilience handler (<see cref="TokensRegistration"/>):
/// each attempt is bounded by Tokens:Http:Timeout; network errors, timeouts, 408, 429 and 5xx are
/// retried Tokens:Http:Retries times, no 4xx ever is. A backend failure never throws: the outcome
/// says what is known (Unavailable = unknown, retry with the same key). Only the caller's
/// cancellation surfaces, as <see cref="OperationCanceledException"/>.
/// </summary>
public sealed class HttpTokenLedger(HttpClient http, IOptions<TokenOptions> options, ILedgerAccountIds accounts, ILogger<HttpTokenLedger> logger)
    : ITokenLedger
{
    internal const string NoAnswer =
        "The token service did not answer. Please try again in a moment; a repeated request is never charged twice.";
    internal const string Unreadable =
        "The token service gave an answer we could not read. Please try again in a moment; a repeated request is never charged twice.";
    internal const string CredentialsRefused = "The token service refused our credentials.";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private HttpTokenBackendOptions Settings => options.Value.Http;

    public bool IsBuiltIn => false;

    /// <summary><c>GET {base}/api/tokens/balance</c> → 200 <c>{ "balance": n }</c>.</summary>
    public async Task<LedgerBalance> GetBalanceAsync(string memberId, CancellationToken cancellationToken)
    {
        if (ConfigurationProblem() is { } problem) return new LedgerBalance(null, problem);
        var (status, body) = await SendAsync(HttpMethod.Get, "api/tokens/balance", memberId, null, null, cancellationToken);
        if (status is not { } code || !IsSuccess(code)) return new LedgerBalance(null, FailureMessage(status, body));
        if (Parse<BalanceResponse>(body) is { Balance: { } balance }) return new LedgerBalance(balance);
        logger.LogWarning("The token service answered the balance of {MemberId} with an unreadable body: {Body}", memberId, Clip(body));
        return new LedgerBalance(null, Unreadable);
    }

    /// <summary>
    /// <c>POST {base}/api/tokens/deduct</c> <c>{ "amount", "reason", "metadata": { "streamId" } }</c> →
    /// 200 <c>{ "success": true, "newBalance", "transactionId" }</c>; too few tokens is 402 and/or
    /// <c>{ "success": false, "error": "insufficient_balance", "balance"? }</c>.
    /// </summary>
    public async Task<LedgerResult> DeductAsync(LedgerDeduction deduction, CancellationToken cancellationToken)
    {
        if (ConfigurationProblem() is { } problem) return LedgerResult.Unavailable(problem);
        var request = new DeductRequest(deduction.Amount, deduction.Reason, new TokenMetadata(deduction.StreamId));
        var (status, body) = await SendAsync(
            HttpMethod.Post, "api/tokens/deduct", deduction.MemberId, deduction.IdempotencyKey, request, cancellationToken);
        return MapWrite("deduct", deduction.Amount, status, body);
    }

    /// <summary>
    /// OUR PROPOSAL for the token backend (not in the iOS app's API yet):
    /// <c>POST {base}/api/tokens/refund</c> <c>{ "originalTransactionId", "amount", "reason", "metadata": { "streamId" } }</c>
    /// with an Idempotency-Key, answered like deduct: 200 <c>{ "success": true, "newBalance", "transactionId" }</c>.
    /// </summary>
    public async Task<LedgerResult> RefundAsync(LedgerRefund refund, CancellationToken cancellationToken)
    {
        if (ConfigurationProblem() is { } problem) return LedgerResult.Unavailable(problem);
        var request = new RefundRequest(refund.OriginalTransactionId, refund.Amount, refund.Reason, new TokenMetadata(refund.StreamId));
        var (status, body) = await SendAsync(
            HttpMethod.Post, "api/tokens/refund", refund.MemberId, refund.IdempotencyKey, request, cancellationToken);
        return MapWrite("refund", refund.Amount, status, body);
    }

    /// <summary>
    /// OUR PROPOSAL for the token backend (not in the iOS app's API yet):
    /// <c>GET {base}/api/tokens/transactions/by-key/{idempotencyKey}</c> (for the X-User-Id member) →
    /// 200 <c>{ "transactionId", "amount" }</c>, or 404 when no deduction was made with that key.
    /// </summary>
    public async Task<LedgerLookup> FindDeductionAsync(string memberId, string idempotencyKey, CancellationToken cancellationToken)
    {
        if (ConfigurationProblem() is not null) return new LedgerLookup(LedgerLookupOutcome.Unknown);
        var path = "api/tokens/transactions/by-key/" + Uri.EscapeDataString(idempotencyKey);
        var (status, body) = await SendAsync(HttpMethod.Get, path, memberId, null, null, cancellationToken);
        if (status == HttpStatusCode.NotFound) return new LedgerLookup(LedgerLookupOutcome.NotFound);
        if (status is not { } code || !IsSuccess(code))
        {
            FailureMessage(status, body); // only for its logging
            return new LedgerLookup(LedgerLookupOutcome.Unknown);
        }
        if (Parse<LookupResponse>(body) is { TransactionId: { Length: > 0 } id }) return new LedgerLookup(LedgerLookupOutcome.Found, id);
        logger.LogWarning("The token service answered the lookup of key {Key} with an unreadable body: {Body}", idempotencyKey, Clip(body));
        return new LedgerLookup(LedgerLookupOutcome.Unknown);
    }

    public Task<LedgerResult> GrantAsync(LedgerGrant grant, CancellationToken cancellationToken) =>
        Task.FromResult(LedgerResult.Rejected("Tokens are granted in the token backend, not here."));

    // The token backend sells its tokens in the iOS app; web purchases exist with the built-in ledger only.
    public Task<LedgerResult> CreditPurchaseAsync(LedgerPurchaseCredit credit, CancellationToken cancellationToken) =>
        Task.FromResult(LedgerResult.Rejected("Tokens are bought in the app of the token backend, not here."));

    public Task<LedgerTakeBackResult> TakeBackAsync(LedgerTakeBack takeBack, CancellationToken cancellationToken) =>
        Task.FromResult(new LedgerTakeBackResult(LedgerOutcome.Rejected, 0, Message: "Tokens are bought in the app of the token backend, not here."));

    public Task<IReadOnlyList<LedgerEntry>> GetHistoryAsync(string memberId, int take, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<LedgerEntry>>([]);

    private LedgerResult MapWrite(string operation, int amount, HttpStatusCode? status, string? body)
    {
        if (status is not { } code) return LedgerResult.Unavailable(NoAnswer);
        var answer = Parse<WriteResponse>(body);
        var insufficient = answer is { Success: false } && (answer.Error ?? "").Contains("insufficient", StringComparison.OrdinalIgnoreCase);
        if (code == HttpStatusCode.PaymentRequired || (IsSuccess(code) && insufficient))
        {
            var balance = answer?.Balance ?? answer?.NewBalance;
            return LedgerResult.Insufficient(balance, balance is { } b
                ? $"You have {b} tokens and this needs {amount}." // the built-in ledger's wording
                : $"You do not have enough tokens: this needs {amount}.");
        }
        if (!IsSuccess(code))
        {
            var message = FailureMessage(code, body);
            return IsRefusal(code) ? LedgerResult.Rejected(message) : LedgerResult.Unavailable(message);
        }
        if (answer is { Success: true, TransactionId: { Length: > 0 } id }) return LedgerResult.Success(id, answer.NewBalance);
        if (answer is { Success: false }) return LedgerResult.Rejected(answer.Message ?? answer.Error ?? "The token service declined the request.");
        logger.LogWarning("The token service answered {Operation} with HTTP {Status} and an unreadable body: {Body}", operation, (int)code, Clip(body));
        return LedgerResult.Unavailable(Unreadable);
    }

    /// <summary>The message for a call that did not succeed; logs what is our problem rather than the member's.</summary>
    private string FailureMessage(HttpStatusCode? status, string? body)
    {
        if (status is not { } code) return NoAnswer;
        if (!IsRefusal(code))
        {
            logger.LogWarning("The token service answered with an unexpected HTTP {Status}: {Body}", (int)code, Clip(body));
            return Unreadable;
        }
        if (code is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
        {
            logger.LogError("The token service refused our credentials (HTTP {Status}): check Tokens:Http:ApiKey.", (int)code);
            return CredentialsRefused;
        }
        var answer = Parse<WriteResponse>(body);
        return answer?.Message ?? answer?.Error ?? $"The token service refused the request (HTTP {(int)code}).";
    }

    /// <summary>
    /// Sends one request (the resilience handler retries what is safe to repeat). Returns the final
    /// status and body, or (null, null) when the service did not answer usefully (network error,
    /// timeout, 408, 429, 5xx after the retries).
    /// </summary>
    private async Task<(HttpStatusCode? Status, string? Body)> SendAsync(
        HttpMethod method, string path, string memberId, string? idempotencyKey, object? payload, CancellationToken cancellationToken)
    {
        var settings = Settings;
        string failure;
        try
        {
            using var request = new HttpRequestMessage(method, new Uri(BaseUri(settings.BaseUrl!), path));
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", settings.ApiKey);
            request.Headers.Add("X-User-Id", await accounts.ForMemberAsync(memberId, cancellationToken));
            if (idempotencyKey is not null) request.Headers.Add("Idempotency-Key", idempotencyKey);
            if (payload is not null)
                request.Content = new StringContent(JsonSerializer.Serialize(payload, payload.GetType(), Json), Encoding.UTF8, "application/json");
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            // The pipeline's timeouts end with the headers: the body gets one attempt's time of its own.
            using var bodyTime = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            bodyTime.CancelAfter(settings.Timeout);
            var body = await response.Content.ReadAsStringAsync(bodyTime.Token);
            if (!IsTransient(response.StatusCode)) return (response.StatusCode, body);
            failure = $"HTTP {(int)response.StatusCode}";
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            failure = $"no answer within {settings.Timeout.TotalMilliseconds:0} ms";
        }
        catch (TimeoutRejectedException)
        {
            failure = $"no answer within {settings.Timeout.TotalMilliseconds:0} ms";
        }
        catch (Exception e) when (e is HttpRequestException or IOException or ExecutionRejectedException)
        {
            failure = e.Message;
        }

        // The resilience pipeline logged each retry; this is the final word.
        logger.LogWarning("Token service {Method} {Path} failed: {Failure}", method, path, failure);
        return (null, null);
    }

    private string? ConfigurationProblem()
    {
        var settings = Settings;
        string? problem = null;
        if (string.IsNullOrWhiteSpace(settings.BaseUrl)) problem = "Tokens:Http:BaseUrl is not set";
        else if (!Uri.TryCreate(settings.BaseUrl, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
            problem = "Tokens:Http:BaseUrl is not an http(s) address";
        else if (string.IsNullOrWhiteSpace(settings.ApiKey)) problem = "Tokens:Http:ApiKey is not set";
        if (problem is null) return null;
        logger.LogError("The token service is not configured: {Problem}.", problem);
        return $"The token service is not configured ({problem}).";
    }

    private static Uri BaseUri(string baseUrl) => new(baseUrl.EndsWith('/') ? baseUrl : baseUrl + "/");

    private static bool IsSuccess(HttpStatusCode code) => (int)code is >= 200 and < 300;

    private static bool IsTransient(HttpStatusCode code) =>
        code is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests || (int)code >= 500;

    /// <summary>A definite "no" (4xx other than 408/429): the request was not carried out.</summary>
    private static bool IsRefusal(HttpStatusCode code) => (int)code is >= 400 and < 500 && !IsTransient(code);

    private static T? Parse<T>(string? body) where T : class
    {
        if (string.IsNullOrWhiteSpace(body)) return null;
        try { return JsonSerializer.Deserialize<T>(body, Json); }
        catch (JsonException) { return null; }
    }

    private static string Clip(string? body) => body is null ? "(none)" : body.Length <= 200 ? body : body[..200] + "…";
}
