using Streaming.Domain.Notifications;
using Streaming.Domain.Purchases;

namespace Streaming.Web.FunctionalTests.Payments;

/// <summary>
/// The token receipt with Stripe (a local stand-in speaking its API): the webhook, delivered twice,
/// and the member's return page all settle the same purchase — one receipt, naming Stripe's payment.
/// </summary>
public class StripePurchaseReceiptTests : StripeTestBase
{
    [Test]
    public async Task The_webhook_twice_and_the_return_page_send_one_receipt_with_stripes_payment_reference()
    {
        var (member, email, purchase, paymentIntent) = await PaidCheckoutAsync(await PackAsync(25, 1000, "Regular"));
        var memberId = await UserIdAsync(email);
        using (member)
        {
            var completed = CompletedEvent(purchase.CheckoutSessionId!);
            Assert.That((await DeliverAsync(completed)).StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That((await DeliverAsync(completed)).StatusCode, Is.EqualTo(HttpStatusCode.OK)); // Stripe delivers at least once
            await member.Http.GetAsync(DonePath(purchase));

            await SendQueuedEmailsAsync();

            Assert.That((await TokenReceiptsAsync(memberId)).Select(r => r.Status), Is.EqualTo(new[] { OutboxEmailStatus.Sent }));
            var mail = (await PickedUpMailAsync(memberId)).Single(IsTokenReceipt);
            Assert.That(mail.Subject, Is.EqualTo("Receipt: 25 tokens for €10.00"));
            Assert.That(mail.TextBody, Does.Contain($"Payment reference: {paymentIntent}"));
            Assert.That(await LedgerBalanceAsync(email), Is.EqualTo(25));
        }
    }

    [Test]
    public async Task An_expired_checkout_sends_no_receipt()
    {
        var (member, email) = await SignedInMemberAsync("buyer");
        var memberId = await UserIdAsync(email);
        using (member)
        {
            var session = SessionIdOf(await StartAsync(member, await PackAsync(10, 500)));
            Stripe.Expire(session);
            Assert.That((await DeliverAsync(Stripe.Event("checkout.session.expired", Stripe.Session(session)))).StatusCode, Is.EqualTo(HttpStatusCode.OK));

            await SendQueuedEmailsAsync();

            Assert.That((await PurchaseAsync(p => p.CheckoutSessionId == session)).Status, Is.EqualTo(PurchaseStatus.Expired));
            Assert.That(await TokenReceiptsAsync(memberId), Is.Empty);
        }
    }
}
