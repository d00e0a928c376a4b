using System.Globalization;
using System.Net;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Stripe;
using Stripe.Checkout;
using Streaming.Application.Common.Exceptions;
using Streaming.Application.Common.Interfaces;

namespace Streaming.Infrastructure.Payments.Stripe;

/// <summary>
/// Stripe Checkout through the official Stripe.net client: a Checkout Session in payment mode per
/// purchase (created with the purchase's idempotency key), read back with its PaymentIntent and
/// latest charge (paid? refunded how much?), refunds by PaymentIntent, and webhook events verified
/// by <see cref="EventUtility.ConstructEvent(string, string, string, long, long, bool)"/>
/// (HMAC-SHA256 of "t.body", constant-time comparison, timestamp tolerance on the app's clock).
/// </summary>
public sealed class StripePaymentProvider : IPaymentProvider, IPaymentWebhooks
{
    public const string ProviderName = "Stripe";

    private readonly StripeClient _client;
    private readonly StripeOptions _options;
    private readonly TimeProvider _clock;
    private readonly ILogger<StripePaymentProvider> _logger;

    public StripePaymentProvider(HttpClient http, IOptions<StripeOptions> options, TimeProvider clock, ILogger<StripePaymentProvider> logger)
    {
        _options = options.Value;
        _clock = clock;
        _logger = logger;
        _client = new StripeClient(_options.SecretKey, httpClient: new SystemNetHttpClient(http, _options.MaxNetworkRetries, enableTelemetry: false),
            apiBase: _options.ApiBase.TrimEnd('/'));
    }

    public string Name => ProviderName;

    public async Task<CheckoutSession> StartCheckoutAsync(CheckoutRequest request, CancellationToken cancellationToken)
    {
        var metadata = new Dictionary<string, string> { ["purchase_id"] = request.PurchaseId.ToString() };
        var options = new SessionCreateOptions
        {
            Mode = "payment",
            LineItems =
            [
                new SessionLineItemOptions
                {
                    Quantity = 1,
                    PriceData = new SessionLineItemPriceDataOptions
                    {
                        Currency = request.Amount.Currency.ToLowerInvariant(),
                        UnitAmount = request.Amount.MinorUnits,
                        ProductData = new SessionLineItemPriceDataProductDataOptions { Name = request.Description },
                    },
                },
            ],
            SuccessUrl = request.SuccessUrl,
            CancelUrl = request.CancelUrl,
            ClientReferenceId = request.PurchaseId.ToString(),
            CustomerEmail = request.CustomerEmail,
            Metadata = metadata,
            PaymentIntentData = new SessionPaymentIntentDataOptions { Metadata = new Dictionary<string, string>(metadata) },
        };
        var session = await CallAsync("start the checkout",
            () => new SessionService(_client).CreateAsync(options, new RequestOptions { IdempotencyKey = request.IdempotencyKey }, cancellationToken),
            cancellationToken);
        if (string.IsNullOrEmpty(session.Id) || string.IsNullOrEmpty(session.Url))
            throw new PaymentProviderException("Stripe answered without a checkout page.", isTransient: true);
        return new CheckoutSession(session.Id, session.Url);
    }

    public async Task<CheckoutState> GetCheckoutAsync(string sessionId, CancellationToken cancellationToken)
    {
        var session = await CallAsync("read the checkout",
            () => new SessionService(_client).GetAsync(sessionId, new SessionGetOptions { Expand = ["payment_intent.latest_charge"] }, null, cancellationToken),
            cancellationToken);
        var status = session.Status == "expired" ? CheckoutStatus.Expired
            // "paid" only: an asynchronous method (a bank debit) completes the session unpaid, and its success comes later.
            : session.PaymentStatus == "paid" ? CheckoutStatus.Paid
            : CheckoutStatus.Open;
        return new CheckoutState(status, session.PaymentIntentId, session.PaymentIntent?.LatestCharge?.AmountRefunded ?? 0);
    }

    public async Task<PaymentRefund> RefundAsync(PaymentRefundRequest request, CancellationToken cancellationToken)
    {
        var refund = await CallAsync("refund the payment",
            () => new RefundService(_client).CreateAsync(
                new RefundCreateOptions { PaymentIntent = request.PaymentReference, Amount = request.Amount.MinorUnits, Reason = "requested_by_customer" },
                new RequestOptions { IdempotencyKey = request.IdempotencyKey }, cancellationToken),
            cancellationToken);
        return refund.Status switch
        {
            "succeeded" => new PaymentRefund(refund.Id, PaymentRefundStatus.Succeeded, refund.Amount),
            "pending" or "requires_action" => new PaymentRefund(refund.Id, PaymentRefundStatus.Pending, refund.Amount),
            _ => throw new PaymentProviderException($"Stripe did not refund the payment (refund {refund.Id} is {refund.Status}).", isTransient: false),
        };
    }

    public PaymentEvent Read(string body, string? signatureHeader)
    {
        if (string.IsNullOrWhiteSpace(_options.WebhookSecret)) throw new PaymentWebhookRejectedException("No webhook secret is configured.");
        if (string.IsNullOrWhiteSpace(signatureHeader)) throw new PaymentWebhookRejectedException("The Stripe-Signature header is missing.");
        Event stripeEvent;
        try
        {
            stripeEvent = EventUtility.ConstructEvent(body, signatureHeader, _options.WebhookSecret,
                (long)_options.WebhookTolerance.TotalSeconds, _clock.GetUtcNow().ToUnixTimeSeconds(), throwOnApiVersionMismatch: false);
        }
        catch (StripeException e)
        {
            throw new PaymentWebhookRejectedException(e.Message);
        }
        catch (Exception e) when (e is FormatException or OverflowException or ArgumentException or System.Text.Json.JsonException or InvalidOperationException)
        {
            // A timestamp that is not a number, a body that is not an event.
            throw new PaymentWebhookRejectedException("The request is not a signed Stripe event.");
        }

        if (stripeEvent.ApiVersion is { } version && !EventUtility.IsCompatibleApiVersion(version))
            _logger.LogWarning("Stripe event {EventId} uses API version {Version}; Stripe.net expects {Expected}", stripeEvent.Id, version, StripeConfiguration.ApiVersion);
        return StripeEvents.Describe(stripeEvent);
    }

    private async Task<T> CallAsync<T>(string what, Func<Task<T>> call, CancellationToken cancellationToken)
    {
        try
        {
            return await call();
        }
        catch (StripeException e)
        {
            var status = (int)e.HttpStatusCode;
            var transient = status == 0 || status >= 500 || e.HttpStatusCode is HttpStatusCode.TooManyRequests or HttpStatusCode.Conflict;
            _logger.LogWarning("Stripe did not {What}: {Status} {Type} {Code} {Message}", what, status, e.StripeError?.Type, e.StripeError?.Code, e.Message);
            if (e.HttpStatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
                _logger.LogError("Stripe refused the API key (Payments:Stripe:SecretKey): {Message}", e.Message);
            throw new PaymentProviderException(transient
                ? $"The payment service is not answering right now ({status.ToString(CultureInfo.InvariantCulture)})."
                : $"The payment service refused: {e.StripeError?.Message ?? e.Message}", transient);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            _logger.LogWarning(e, "Stripe did not answer when asked to {What}", what);
            throw new PaymentProviderException("The payment service did not answer in time.", isTransient: true);
        }
    }
}
