using System.Text.Json.Nodes;
using Streaming.Domain.Purchases;
using Streaming.TestSupport.Payments;

namespace Streaming.Web.FunctionalTests.Payments;

/// <summary>
/// POST /webhooks/stripe: only events signed with the endpoint's secret, within five minutes of the
/// app's clock, are read; Stripe failing to answer makes the event come again later (503), and
/// nothing is ever credited twice or lost.
/// </summary>
public class StripeWebhookTests : StripeTestBase
{
    [Test]
    public async Task A_bad_signature_is_a_400_problem_and_credits_nothing()
    {
        var (member, email, purchase, _) = await PaidCheckoutAsync(await PackAsync(10, 500));
        member.Dispose();
        var payload = CompletedEvent(purchase.CheckoutSessionId!);

        var response = await DeliverAsync(payload, FakeStripeApi.Signature(payload, Factory.Clock.Now, "whsec_forged_by_someone"));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That((string?)(await ProblemAsync(response))["detail"], Does.StartWith("The expected signature was not found in the Stripe-Signature header."));
        Assert.That(await LedgerBalanceAsync(email), Is.Zero);
        Assert.That(Stripe.Requests.Count(r => r.Method == "GET"), Is.Zero, "an unverified call makes the app ask nothing");
    }

    [Test]
    public async Task A_stale_timestamp_is_refused_even_with_a_good_signature()
    {
        var (member, email, purchase, _) = await PaidCheckoutAsync(await PackAsync(10, 500));
        member.Dispose();
        var payload = CompletedEvent(purchase.CheckoutSessionId!);
        var signedThen = FakeStripeApi.Signature(payload, Factory.Clock.Now);

        // A captured request replayed ten minutes later.
        Factory.Clock.Advance(TimeSpan.FromMinutes(10));
        var replayed = await DeliverAsync(payload, signedThen);

        Assert.That(replayed.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That((string?)(await ProblemAsync(replayed))["detail"],
            Is.EqualTo("The webhook cannot be processed because the current timestamp is outside of the allowed tolerance."));
        Assert.That(await LedgerBalanceAsync(email), Is.Zero);
    }

    [Test]
    public async Task A_signed_call_without_a_body_is_a_400_problem_saying_so()
    {
        var empty = await DeliverAsync("");

        Assert.That(empty.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        var problem = await ProblemAsync(empty);
        Assert.That(((string?)problem["title"], (string?)problem["detail"]), Is.EqualTo(("Webhook refused", "The body is empty: it is not a payment event.")));
    }

    [Test]
    public async Task A_missing_signature_or_a_body_that_is_not_an_event_is_a_400()
    {
        var missing = await DeliverAsync("{}", signed: false);
        var notJson = await DeliverAsync("this is not json");

        Assert.That((missing.StatusCode, notJson.StatusCode), Is.EqualTo((HttpStatusCode.BadRequest, HttpStatusCode.BadRequest)));
        Assert.That((string?)(await ProblemAsync(missing))["detail"], Is.EqualTo("The Stripe-Signature header is missing."));
    }

    [Test]
    public async Task Events_about_nothing_here_are_acknowledged_and_ignored()
    {
        var unknownSession = Stripe.Event("checkout.session.completed", new JsonObject { ["id"] = "cs_test_someone_elses", ["object"] = "checkout.session" });
        var otherType = Stripe.Event("customer.created", new JsonObject { ["id"] = "cus_1", ["object"] = "customer" });

        var answers = new[] { await DeliverAsync(unknownSession), await DeliverAsync(otherType) };

        Assert.That(answers.Select(a => a.StatusCode), Is.All.EqualTo(HttpStatusCode.OK));
        Assert.That(await answers[0].Content.ReadAsStringAsync(), Is.EqualTo("{\"outcome\":\"Ignored\"}"));
    }

    [Test]
    public async Task Stripe_answering_5xx_while_the_webhook_reads_the_session_makes_Stripe_retry_later()
    {
        var (member, email, purchase, _) = await PaidCheckoutAsync(await PackAsync(10, 500));
        member.Dispose();
        var payload = CompletedEvent(purchase.CheckoutSessionId!);
        Stripe.FailNext(1, StripeFailure.InternalServerError);

        var failed = await DeliverAsync(payload);
        var balanceAfterFailure = await LedgerBalanceAsync(email);
        var retried = await DeliverAsync(payload);

        Assert.That(failed.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable));
        Assert.That(failed.Headers.RetryAfter?.Delta, Is.EqualTo(TimeSpan.FromSeconds(60)));
        Assert.That(balanceAfterFailure, Is.Zero);
        Assert.That(retried.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(await LedgerBalanceAsync(email), Is.EqualTo(10));
    }

    [Test]
    public async Task Stripe_answering_5xx_when_the_member_comes_back_shows_the_waiting_page_and_the_webhook_credits_later()
    {
        var (member, email, purchase, _) = await PaidCheckoutAsync(await PackAsync(10, 500));
        using (member)
        {
            Stripe.FailNext(1, StripeFailure.ServiceUnavailable);

            var waiting = await member.GetAsync(DonePath(purchase));
            await DeliverAsync(CompletedEvent(purchase.CheckoutSessionId!));
            var back = await member.Http.GetAsync(DonePath(purchase));

            Assert.That(waiting.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(waiting.Text, Does.Contain("The payment service is not answering right now. If you paid, your tokens are added as soon as it confirms the payment — you will not be charged twice."));
            Assert.That(PageClient.RedirectTarget(back).AbsolutePath, Is.EqualTo("/tokens"));
            Assert.That(await LedgerBalanceAsync(email), Is.EqualTo(10));
        }
    }

    [Test]
    public async Task Stripe_answering_5xx_when_buying_says_so_and_charges_nothing()
    {
        var pack = await PackAsync(10, 500);
        var (member, email) = await SignedInMemberAsync();
        using (member)
        {
            Stripe.FailNext(1, StripeFailure.InternalServerError);

            var response = await member.SubmitAsync(await BuyFormAsync(member, pack, "?need=4"));

            Assert.That(PageClient.RedirectTarget(response).AbsolutePath, Is.EqualTo("/tokens/buy"));
            var page = await member.FollowRedirectAsync(response);
            Assert.That(FlashError(page), Is.EqualTo("The payment service is not answering right now (500). Nothing was charged; please try again."));
            Assert.That((await PurchasesOfAsync(await UserIdAsync(email))).Single().Status, Is.EqualTo(PurchaseStatus.Failed));

            // Trying again (a fresh form) works.
            var again = await StartAsync(member, pack);
            Assert.That(Stripe.Sessions.Select(s => (string?)s["id"]), Is.EqualTo(new[] { SessionIdOf(again) }));
        }
    }

    [Test]
    public async Task A_refund_reported_before_the_payment_is_not_lost()
    {
        var (member, email, purchase, paymentIntent) = await PaidCheckoutAsync(await PackAsync(10, 500));
        member.Dispose();
        // Paid and refunded at Stripe; the refund's event overtakes the checkout's.
        var refunded = Stripe.Event("charge.refunded", Stripe.RefundInDashboard(paymentIntent, 500));
        var completed = CompletedEvent(purchase.CheckoutSessionId!);

        var first = await DeliverAsync(refunded);
        var second = await DeliverAsync(completed);

        var stored = await PurchaseAsync(p => p.Id == purchase.Id);
        using (Assert.EnterMultipleScope())
        {
            Assert.That((first.StatusCode, second.StatusCode), Is.EqualTo((HttpStatusCode.OK, HttpStatusCode.OK)));
            Assert.That(await LedgerBalanceAsync(email), Is.Zero, "credited, then taken back");
            Assert.That((stored.Status, stored.Outcome, stored.TokensTakenBack), Is.EqualTo((PurchaseStatus.Completed, PurchaseOutcome.Refunded, 10)));
            Assert.That((await LedgerHistoryAsync(email)).Select(l => l.Kind), Is.EqualTo(new[] { "Reversal", "Purchase" }));
        }
    }
}
