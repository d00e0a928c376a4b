using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using Streaming.Application.Common.Exceptions;
using Streaming.Application.Common.Interfaces;
using Streaming.Domain.Purchases;
using Streaming.Infrastructure.IntegrationTests.Tokens.Http;
using Streaming.Infrastructure.Payments.Stripe;
using Streaming.TestSupport.Payments;

namespace Streaming.Infrastructure.IntegrationTests.Payments;

/// <summary>The Stripe adapter (Stripe.net) over real HTTP against a stand-in that answers like Stripe's documented API.</summary>
public class StripePaymentProviderTests
{
    private readonly TestClock _clock = new();
    private FakeStripeApi _stripe = null!;
    private HttpClient _http = null!;
    private RecordingLogger<StripePaymentProvider> _log = null!;

    [OneTimeSetUp]
    public async Task StartAsync() => _stripe = await FakeStripeApi.StartAsync(() => _clock.Now);

    [OneTimeTearDown]
    public async Task StopAsync() => await _stripe.DisposeAsync();

    [SetUp]
    public void SetUp()
    {
        _stripe.Reset();
        _log = new RecordingLogger<StripePaymentProvider>();
    }

    [TearDown]
    public void TearDown() => _http?.Dispose();

    private StripePaymentProvider Provider(int retries = 0, TimeSpan? timeout = null, string key = FakeStripeApi.SecretKey)
    {
        _http?.Dispose();
        _http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { Timeout = timeout ?? TimeSpan.FromSeconds(5) };
        var options = new StripeOptions
        {
            SecretKey = key,
            WebhookSecret = FakeStripeApi.WebhookSecret,
            ApiBase = _stripe.BaseUrl.ToString(),
            MaxNetworkRetries = retries,
        };
        return new StripePaymentProvider(_http, Options.Create(options), _clock, _log);
    }

    private static CheckoutRequest Checkout(Guid? purchaseId = null, string key = "checkout:1") => new(
        purchaseId ?? Guid.NewGuid(), "25 tokens — Regular", new Money(1000, "EUR"), "ana@example.test",
        "https://streaming.test/tokens/buy/1/done", "https://streaming.test/tokens/buy/1/cancelled", key);

    // Checkout sessions

    [Test]
    public async Task Starts_a_checkout_session_in_payment_mode_with_the_pack_as_its_one_line_item()
    {
        var purchaseId = Guid.NewGuid();

        var session = await Provider().StartCheckoutAsync(Checkout(purchaseId, $"checkout:{purchaseId}"), CancellationToken.None);

        var request = _stripe.Requests.Single();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(session.SessionId, Does.StartWith("cs_test_"));
            Assert.That(session.RedirectUrl, Does.StartWith($"https://checkout.stripe.com/c/pay/{session.SessionId}"));
            Assert.That((request.Method, request.Path), Is.EqualTo(("POST", "/v1/checkout/sessions")));
            Assert.That(request.Header("Authorization"), Is.EqualTo($"Bearer {FakeStripeApi.SecretKey}"));
            Assert.That(request.Header("Idempotency-Key"), Is.EqualTo($"checkout:{purchaseId}"));
            Assert.That(request.Header("Stripe-Version"), Is.EqualTo(FakeStripeApi.ApiVersion), "the API version Stripe.net pins");
            Assert.That(request.Form, Is.SupersetOf(new Dictionary<string, string>
            {
                ["mode"] = "payment",
                ["line_items[0][quantity]"] = "1",
                ["line_items[0][price_data][currency]"] = "eur",
                ["line_items[0][price_data][unit_amount]"] = "1000",
                ["line_items[0][price_data][product_data][name]"] = "25 tokens — Regular",
                ["success_url"] = "https://streaming.test/tokens/buy/1/done",
                ["cancel_url"] = "https://streaming.test/tokens/buy/1/cancelled",
                ["client_reference_id"] = purchaseId.ToString(),
                ["customer_email"] = "ana@example.test",
                ["metadata[purchase_id]"] = purchaseId.ToString(),
                ["payment_intent_data[metadata][purchase_id]"] = purchaseId.ToString(),
            }));
        }
    }

    [Test]
    public async Task The_same_idempotency_key_opens_the_same_session()
    {
        var provider = Provider();
        var request = Checkout(key: "checkout:same");

        var first = await provider.StartCheckoutAsync(request, CancellationToken.None);
        var again = await provider.StartCheckoutAsync(request, CancellationToken.None);

        Assert.That(again, Is.EqualTo(first));
        Assert.That(_stripe.Sessions, Has.Count.EqualTo(1));
    }

    [Test]
    public async Task The_same_idempotency_key_for_another_checkout_is_refused_not_mixed_up()
    {
        var provider = Provider();
        await provider.StartCheckoutAsync(Checkout(key: "checkout:same"), CancellationToken.None);

        var ex = Assert.ThrowsAsync<PaymentProviderException>(() => provider.StartCheckoutAsync(Checkout(key: "checkout:same"), CancellationToken.None));

        Assert.That((ex!.IsTransient, ex.Message), Is.EqualTo((false,
            "The payment service refused: Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than 'checkout:same' if you meant to execute a different request.")));
    }

    [Test]
    public async Task Reads_back_open_paid_refunded_and_expired_sessions()
    {
        var provider = Provider();
        var paid = await provider.StartCheckoutAsync(Checkout(key: "a"), CancellationToken.None);
        var expired = await provider.StartCheckoutAsync(Checkout(key: "b"), CancellationToken.None);

        var open = await provider.GetCheckoutAsync(paid.SessionId, CancellationToken.None);
        var paymentIntent = (string)_stripe.Pay(paid.SessionId)["payment_intent"]!;
        var afterPaying = await provider.GetCheckoutAsync(paid.SessionId, CancellationToken.None);
        _stripe.RefundInDashboard(paymentIntent, 400);
        var afterRefund = await provider.GetCheckoutAsync(paid.SessionId, CancellationToken.None);
        _stripe.Expire(expired.SessionId);
        var afterExpiry = await provider.GetCheckoutAsync(expired.SessionId, CancellationToken.None);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(open, Is.EqualTo(new CheckoutState(CheckoutStatus.Open, null, 0)));
            Assert.That(afterPaying, Is.EqualTo(new CheckoutState(CheckoutStatus.Paid, paymentIntent, 0)));
            Assert.That(afterRefund, Is.EqualTo(new CheckoutState(CheckoutStatus.Paid, paymentIntent, 400)));
            Assert.That(afterExpiry.Status, Is.EqualTo(CheckoutStatus.Expired));
            Assert.That(_stripe.Requests.Where(r => r.Method == "GET").Select(r => Uri.UnescapeDataString(r.Query)),
                Has.All.Contains("expand[0]=payment_intent.latest_charge"));
        }
    }

    [Test]
    public void An_unknown_session_is_a_refusal_not_an_outage()
    {
        var ex = Assert.ThrowsAsync<PaymentProviderException>(() => Provider().GetCheckoutAsync("cs_test_nope", CancellationToken.None));

        Assert.That(ex!.IsTransient, Is.False);
        Assert.That(ex.Message, Is.EqualTo("The payment service refused: No such checkout.session: 'cs_test_nope'"));
    }

    // Refunds

    [Test]
    public async Task Refunds_by_payment_intent_once_per_idempotency_key()
    {
        var provider = Provider();
        var session = await provider.StartCheckoutAsync(Checkout(), CancellationToken.None);
        var paymentIntent = (string)_stripe.Pay(session.SessionId)["payment_intent"]!;
        var request = new PaymentRefundRequest(paymentIntent, new Money(1000, "EUR"), "refund:p1:0");

        var refund = await provider.RefundAsync(request, CancellationToken.None);
        var again = await provider.RefundAsync(request, CancellationToken.None);

        var sent = _stripe.Requests.Where(r => r.Path == "/v1/refunds").ToList();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(refund.Status, Is.EqualTo(PaymentRefundStatus.Succeeded));
            Assert.That(refund.AmountMinorUnits, Is.EqualTo(1000));
            Assert.That(again, Is.EqualTo(refund), "the replayed answer");
            Assert.That((long)_stripe.Charge(paymentIntent)["amount_refunded"]!, Is.EqualTo(1000), "refunded once");
            Assert.That(sent.Select(r => r.Header("Idempotency-Key")), Is.All.EqualTo("refund:p1:0"));
            Assert.That(sent[0].Form, Is.SupersetOf(new Dictionary<string, string>
            {
                ["payment_intent"] = paymentIntent, ["amount"] = "1000", ["reason"] = "requested_by_customer",
            }));
        }
    }

    [Test]
    public async Task Refunding_an_already_refunded_charge_says_what_Stripe_said()
    {
        var provider = Provider();
        var session = await provider.StartCheckoutAsync(Checkout(), CancellationToken.None);
        var paymentIntent = (string)_stripe.Pay(session.SessionId)["payment_intent"]!;
        _stripe.RefundInDashboard(paymentIntent, 1000);

        var ex = Assert.ThrowsAsync<PaymentProviderException>(() =>
            provider.RefundAsync(new PaymentRefundRequest(paymentIntent, new Money(1000, "EUR"), "refund:x"), CancellationToken.None));

        Assert.That(ex!.IsTransient, Is.False);
        Assert.That(ex.Message, Does.StartWith("The payment service refused: Charge ch_").And.EndWith("has already been refunded."));
    }

    // Stripe failing

    [TestCase(StripeFailure.InternalServerError, "The payment service is not answering right now (500).")]
    [TestCase(StripeFailure.ServiceUnavailable, "The payment service is not answering right now (503).")]
    [TestCase(StripeFailure.TooManyRequests, "The payment service is not answering right now (429).")]
    public void A_Stripe_outage_is_transient_and_says_so(StripeFailure failure, string message)
    {
        _stripe.FailNext(1, failure);

        var ex = Assert.ThrowsAsync<PaymentProviderException>(() => Provider().StartCheckoutAsync(Checkout(), CancellationToken.None));

        Assert.That(ex!.IsTransient, Is.True);
        Assert.That(ex.Message, Is.EqualTo(message));
        Assert.That(_stripe.Sessions, Is.Empty);
    }

    [Test]
    public async Task A_5xx_is_retried_by_Stripe_net_with_the_same_idempotency_key()
    {
        _stripe.FailNext(1, StripeFailure.InternalServerError);

        var session = await Provider(retries: 1).StartCheckoutAsync(Checkout(key: "checkout:retry"), CancellationToken.None);

        Assert.That(_stripe.Requests.Select(r => r.Header("Idempotency-Key")), Is.EqualTo(new[] { "checkout:retry", "checkout:retry" }));
        Assert.That(_stripe.Sessions.Single()["id"]!.GetValue<string>(), Is.EqualTo(session.SessionId));
    }

    [Test]
    public void Silence_past_the_timeout_is_transient()
    {
        _stripe.FailNext(1, StripeFailure.Hang);

        var ex = Assert.ThrowsAsync<PaymentProviderException>(() =>
            Provider(timeout: TimeSpan.FromSeconds(1)).GetCheckoutAsync("cs_test_any", CancellationToken.None));

        Assert.That((ex!.IsTransient, ex.Message), Is.EqualTo((true, "The payment service did not answer in time.")));
    }

    [Test]
    public void A_wrong_api_key_is_refused_and_logged_as_a_configuration_error()
    {
        var ex = Assert.ThrowsAsync<PaymentProviderException>(() =>
            Provider(key: "sk_test_wrong").StartCheckoutAsync(Checkout(), CancellationToken.None));

        Assert.That(ex!.IsTransient, Is.False);
        Assert.That(_log.Entries.Any(e => e.Level == Microsoft.Extensions.Logging.LogLevel.Error && e.Message.Contains("Payments:Stripe:SecretKey")), Is.True);
    }

    // Webhooks

    private string CompletedEvent(string sessionId = "cs_test_1") =>
        _stripe.Event("checkout.session.completed", new JsonObject { ["id"] = sessionId, ["object"] = "checkout.session", ["status"] = "complete" });

    [Test]
    public void A_signed_event_is_read()
    {
        var body = CompletedEvent();

        var read = Provider().Read(body, FakeStripeApi.Signature(body, _clock.Now));

        Assert.That((read.Kind, read.SessionId, read.Type), Is.EqualTo((PaymentEventKind.CheckoutCompleted, "cs_test_1", "checkout.session.completed")));
        Assert.That(read.Id, Does.StartWith("evt_"));
    }

    [Test]
    public void A_signature_from_another_secret_is_refused()
    {
        var body = CompletedEvent();

        var ex = Assert.Throws<PaymentWebhookRejectedException>(() =>
            Provider().Read(body, FakeStripeApi.Signature(body, _clock.Now, "whsec_someone_else")));

        Assert.That(ex!.Message, Does.StartWith("The expected signature was not found in the Stripe-Signature header."));
    }

    [Test]
    public void A_body_changed_after_signing_is_refused()
    {
        var body = CompletedEvent();
        var signature = FakeStripeApi.Signature(body, _clock.Now);

        Assert.Throws<PaymentWebhookRejectedException>(() => Provider().Read(body.Replace("cs_test_1", "cs_test_2"), signature));
    }

    [TestCase(-301)]
    [TestCase(301)]
    public void A_timestamp_outside_five_minutes_of_the_app_clock_is_refused(int seconds)
    {
        var body = CompletedEvent();

        var ex = Assert.Throws<PaymentWebhookRejectedException>(() =>
            Provider().Read(body, FakeStripeApi.Signature(body, _clock.Now.AddSeconds(seconds))));

        Assert.That(ex!.Message, Is.EqualTo("The webhook cannot be processed because the current timestamp is outside of the allowed tolerance."));
    }

    [Test]
    public void A_timestamp_within_the_tolerance_is_accepted()
    {
        var body = CompletedEvent();

        Assert.DoesNotThrow(() => Provider().Read(body, FakeStripeApi.Signature(body, _clock.Now.AddSeconds(-299))));
    }

    [Test]
    public void Several_v1_signatures_as_during_a_secret_rotation_pass_when_one_matches()
    {
        var body = CompletedEvent();
        var good = FakeStripeApi.Signature(body, _clock.Now);
        var other = FakeStripeApi.Signature(body, _clock.Now, "whsec_old_secret");

        Assert.DoesNotThrow(() => Provider().Read(body, $"{other},{good["t=".Length..].Split(',')[1]}"));
    }

    [TestCase(null, "The Stripe-Signature header is missing.")]
    [TestCase("", "The Stripe-Signature header is missing.")]
    [TestCase("garbage", "The signature header format is unexpected.")]
    public void A_missing_or_malformed_header_is_refused(string? header, string message)
    {
        var ex = Assert.Throws<PaymentWebhookRejectedException>(() => Provider().Read(CompletedEvent(), header));

        Assert.That(ex!.Message, Does.StartWith(message));
    }

    [Test]
    public void A_correctly_signed_timestamp_that_is_not_a_number_is_refused()
    {
        var body = CompletedEvent();
        var mac = System.Security.Cryptography.HMACSHA256.HashData(
            System.Text.Encoding.UTF8.GetBytes(FakeStripeApi.WebhookSecret), System.Text.Encoding.UTF8.GetBytes($"soon.{body}"));

        var ex = Assert.Throws<PaymentWebhookRejectedException>(() => Provider().Read(body, $"t=soon,v1={Convert.ToHexStringLower(mac)}"));

        Assert.That(ex!.Message, Is.EqualTo("The request is not a signed Stripe event."));
    }

    [Test]
    public void A_signed_body_that_is_not_an_event_is_refused()
    {
        const string body = "{\"hello\": ";

        Assert.Throws<PaymentWebhookRejectedException>(() => Provider().Read(body, FakeStripeApi.Signature(body, _clock.Now)));
    }

    [Test]
    public async Task Refund_and_dispute_events_name_the_payment_and_amounts()
    {
        var provider = Provider();
        var session = await provider.StartCheckoutAsync(Checkout(), CancellationToken.None);
        var paymentIntent = (string)_stripe.Pay(session.SessionId)["payment_intent"]!;
        var refunded = _stripe.Event("charge.refunded", _stripe.RefundInDashboard(paymentIntent, 300));
        var opened = _stripe.Event("charge.dispute.created", _stripe.Dispute(paymentIntent, "needs_response", 700));
        var won = _stripe.Event("charge.dispute.closed", _stripe.Dispute(paymentIntent, "won", 700), _clock.Now.AddDays(9));
        var inquiry = _stripe.Event("charge.dispute.created", _stripe.Dispute(paymentIntent, "warning_needs_response", 700));

        var (r, o, w, i) = (Read(refunded), Read(opened), Read(won), Read(inquiry));

        using (Assert.EnterMultipleScope())
        {
            Assert.That((r.Kind, r.PaymentReference, r.RefundedMinorUnits), Is.EqualTo((PaymentEventKind.Refunded, paymentIntent, 300L)));
            Assert.That((o.Kind, o.PaymentReference), Is.EqualTo((PaymentEventKind.Dispute, paymentIntent)));
            Assert.That(o.Dispute, Is.EqualTo(new PaymentDispute("needs_response", 700, false, _clock.Now)));
            Assert.That(w.Dispute, Is.EqualTo(new PaymentDispute("won", 700, true, _clock.Now.AddDays(9))));
            Assert.That(i.Dispute!.Won, Is.True, "an inquiry withdraws no money");
        }

        PaymentEvent Read(string body) => provider.Read(body, FakeStripeApi.Signature(body, _clock.Now));
    }

    [Test]
    public void Other_events_are_read_as_ignored()
    {
        var body = _stripe.Event("customer.created", new JsonObject { ["id"] = "cus_1", ["object"] = "customer" });

        Assert.That(Provider().Read(body, FakeStripeApi.Signature(body, _clock.Now)).Kind, Is.EqualTo(PaymentEventKind.Ignored));
    }
}
