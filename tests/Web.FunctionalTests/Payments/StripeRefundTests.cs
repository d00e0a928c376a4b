using Streaming.Domain.Purchases;

namespace Streaming.Web.FunctionalTests.Payments;

/// <summary>
/// Money going back: a refund (from the admin page through Stripe, or in Stripe's dashboard) or a
/// dispute takes the tokens back. Tokens already spent are not taken below zero: the purchase
/// records them as not recovered, and the admin page shows them. The member is told each time, once.
/// </summary>
public class StripeRefundTests : StripeTestBase
{
    /// <summary>The subjects and text of the notices of tokens taken or given back that went out to the member.</summary>
    private async Task<List<(string Subject, string Text)>> AdjustmentMailAsync(string email)
    {
        await SendQueuedEmailsAsync();
        var memberId = await UserIdAsync(email);
        string[] notices = ["Refund:", "Payment disputed:", "Dispute closed"];
        return (await PickedUpMailAsync(memberId)).Where(m => notices.Any(n => m.Subject?.StartsWith(n, StringComparison.Ordinal) == true))
            .OrderBy(m => m.Subject?.StartsWith("Dispute closed", StringComparison.Ordinal))
            .Select(m => (m.Subject ?? "", m.TextBody ?? "")).ToList();
    }

    private async Task<(PageClient Member, string Email, TokenPurchase Purchase, string PaymentIntent)> BoughtAsync(int tokens = 25, long cents = 1000)
    {
        var bought = await PaidCheckoutAsync(await PackAsync(tokens, cents));
        var back = await bought.Member.Http.GetAsync(DonePath(bought.Purchase));
        Assert.That(PageClient.RedirectTarget(back).AbsolutePath, Is.EqualTo("/tokens"));
        return bought with { Purchase = await PurchaseAsync(p => p.Id == bought.Purchase.Id) };
    }

    [Test]
    public async Task A_refund_in_Stripes_dashboard_takes_the_tokens_back_once()
    {
        var (member, email, purchase, paymentIntent) = await BoughtAsync();
        using (member)
        {
            var payload = Stripe.Event("charge.refunded", Stripe.RefundInDashboard(paymentIntent, 1000));

            await DeliverAsync(payload);
            await DeliverAsync(payload);

            var tokens = await member.GetAsync("/tokens");
            var mail = await AdjustmentMailAsync(email);
            using (Assert.EnterMultipleScope())
            {
                Assert.That(mail.Select(m => m.Subject), Is.EqualTo(new[] { "Refund: €10.00 returned, 25 tokens taken back" }), "one notice for the event delivered twice");
                Assert.That(mail[0].Text, Does.Contain("Your payment of €10.00 for Regular has been refunded to you, so its 25 tokens were taken back from your balance.")
                    .And.Contain("Refunded: €10.00 (EUR)").And.Contain("Tokens taken back: 25").And.Contain("Your balance: 0 tokens").And.Match(@"See your purchases: https?://[^/\s]+/tokens\s"));
                Assert.That(await LedgerBalanceAsync(email), Is.Zero);
                Assert.That(HistoryRows(tokens)[0], Is.EqualTo(HistoryRows(tokens)[0] with { Kind = "Reversal", Amount = "-25", What = "Money returned for Regular (€10.00)", BalanceAfter = "0" }));
                Assert.That(tokens.Document.QuerySelector("#receipts tbody tr")?.TextContent, Does.Contain("Refunded").And.Contain("25 tokens taken back."));
            }
        }
    }

    [Test]
    public async Task Partial_refunds_take_their_share_and_late_events_change_nothing()
    {
        var (member, email, _, paymentIntent) = await BoughtAsync(25, 1000);
        member.Dispose();
        var firstRefund = Stripe.Event("charge.refunded", Stripe.RefundInDashboard(paymentIntent, 400));
        var secondRefund = Stripe.Event("charge.refunded", Stripe.RefundInDashboard(paymentIntent, 200));

        await DeliverAsync(secondRefund); // running total 600: 15 tokens
        await DeliverAsync(firstRefund); // total 400 arrives late: nothing more

        Assert.That(await LedgerBalanceAsync(email), Is.EqualTo(10));
        var mail = await AdjustmentMailAsync(email);
        Assert.That(mail.Select(m => m.Subject), Is.EqualTo(new[] { "Refund: €6.00 returned, 15 tokens taken back" }));
        Assert.That(mail[0].Text, Does.Contain("€6.00 of your payment of €10.00 for Regular has been refunded to you, so 15 of its 25 tokens were taken back from your balance."));
    }

    [Test]
    public async Task A_refund_after_the_tokens_were_spent_takes_what_is_left_and_records_the_rest_for_admins()
    {
        var coach = await InstructorAsync();
        var stream = await ScheduleAsync(coach, price: 18);
        var (member, email, purchase, paymentIntent) = await BoughtAsync();
        using (member)
        {
            await EnrollAsync(member, stream.Id);

            await DeliverAsync(Stripe.Event("charge.refunded", Stripe.RefundInDashboard(paymentIntent, 1000)));

            var stored = await PurchaseAsync(p => p.Id == purchase.Id);
            var mail = await AdjustmentMailAsync(email);
            using var admin = await SignedInAdminAsync(AdminEmail);
            var list = await admin.GetAsync("/admin/purchases?show=not-recovered");
            var tokens = await member.GetAsync("/tokens");
            using (Assert.EnterMultipleScope())
            {
                Assert.That(await LedgerBalanceAsync(email), Is.Zero, "never below zero");
                Assert.That(mail.Select(m => m.Subject), Is.EqualTo(new[] { "Refund: €10.00 returned, 7 tokens taken back" }));
                Assert.That(mail[0].Text, Does.Contain("18 tokens had been spent already, so they were not taken back."));
                Assert.That((stored.TokensTakenBack, stored.TokensNotRecovered), Is.EqualTo((7, 18)));
                Assert.That(Collapse(list.Document.QuerySelector("#not-recovered-summary strong")?.TextContent), Does.EndWith("tokens not recovered"));
                Assert.That(list.Document.QuerySelector($"tr[data-purchase-id='{purchase.Id}'] .not-recovered")?.TextContent, Is.EqualTo("18 not recovered"));
                Assert.That(Collapse(tokens.Document.QuerySelector("#receipts tbody tr")?.TextContent), Does.Contain("7 tokens taken back; 18 had already been spent."));
                Assert.That((await EnrollmentsAsync(stream.Id)).Single().Status, Is.EqualTo(Streaming.Domain.Enrollments.EnrollmentStatus.Active), "the class stays booked");
            }
        }
    }

    [Test]
    public async Task A_dispute_takes_the_tokens_back_and_winning_it_gives_them_back()
    {
        var (member, email, purchase, paymentIntent) = await BoughtAsync();
        member.Dispose();
        var opened = Stripe.Event("charge.dispute.created", Stripe.Dispute(paymentIntent, "needs_response"));
        var won = Stripe.Event("charge.dispute.closed", Stripe.Dispute(paymentIntent, "won"), Factory.Clock.Now.AddMinutes(1));

        await DeliverAsync(opened);
        var duringDispute = await LedgerBalanceAsync(email);
        await DeliverAsync(won);
        await DeliverAsync(opened); // an old state delivered again, late

        var stored = await PurchaseAsync(p => p.Id == purchase.Id);
        var mail = await AdjustmentMailAsync(email);
        Assert.That(mail.Select(m => m.Subject), Is.EqualTo(new[]
        {
            "Payment disputed: 25 tokens taken back",
            "Dispute closed in your favour: 25 tokens back in your balance",
        }), "the late copy of the opening tells nothing again");
        Assert.That(mail[0].Text, Does.Contain("Your payment of €10.00 for Regular is disputed with your bank, so its 25 tokens were taken back from your balance.")
            .And.Contain("Tokens taken back: 25"));
        Assert.That(mail[1].Text, Does.Contain("was closed in your favour, so its 25 tokens were given back to your balance.").And.Contain("Tokens given back: 25")
            .And.Contain("Your balance: 25 tokens"));
        Assert.That(duringDispute, Is.Zero);
        Assert.That(await LedgerBalanceAsync(email), Is.EqualTo(25));
        Assert.That((stored.Outcome, stored.DisputeStatus, stored.TokensTakenBack), Is.EqualTo((PurchaseOutcome.Paid, "won", 0)));
    }

    [Test]
    public async Task The_admin_refunds_through_Stripe_and_the_tokens_go_back_once()
    {
        var (member, email, purchase, paymentIntent) = await BoughtAsync();
        member.Dispose();
        using var admin = await SignedInAdminAsync(AdminEmail);

        var confirm = await admin.GetAsync($"/admin/purchases/{purchase.Id}/refund");
        var form = confirm.Form("#refund-form");
        var answers = await Task.WhenAll(admin.SubmitAsync(form), admin.SubmitAsync(form));
        var after = await admin.FollowRedirectAsync(answers[0]);
        // Stripe then sends its own event about the same refund.
        await DeliverAsync(Stripe.Event("charge.refunded", Stripe.Charge(paymentIntent)));

        var refunds = Stripe.Requests.Where(r => r.Path == "/v1/refunds").ToList();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(confirm.Text, Does.Contain("The money goes back through Stripe and 25 tokens are taken back from the member's balance."));
            Assert.That(refunds.Select(r => r.Header("Idempotency-Key")).Distinct().Single(), Is.EqualTo($"refund:{purchase.Id}:0"));
            Assert.That((long)Stripe.Charge(paymentIntent)["amount_refunded"]!, Is.EqualTo(1000), "refunded once at Stripe");
            Assert.That(await LedgerBalanceAsync(email), Is.Zero);
            Assert.That((await LedgerHistoryAsync(email)).Count(l => l.Kind == "Reversal"), Is.EqualTo(1));
            Assert.That((await AdjustmentMailAsync(email)).Select(m => m.Subject), Is.EqualTo(new[] { "Refund: €10.00 returned, 25 tokens taken back" }), "told once");
            Assert.That(Flash(after) ?? FlashError(after), Does.StartWith("Refunded €10.00. 25 tokens taken back").Or.EqualTo("This purchase has been refunded already."));
            Assert.That(after.Document.QuerySelector($"tr[data-purchase-id='{purchase.Id}'] .purchase-status")?.TextContent.Trim(), Is.EqualTo("Refunded"));
            Assert.That(after.Document.QuerySelector($"tr[data-purchase-id='{purchase.Id}'] .refund-link"), Is.Null, "nothing left to refund");
        }
    }

    [Test]
    public async Task Members_cannot_see_purchases_refund_or_manage_packs()
    {
        var (member, _, purchase, _) = await BoughtAsync();
        using (member)
        {
            var tokenPage = await member.GetAsync("/tokens");
            var list = await member.Http.GetAsync("/admin/purchases");
            var refund = await member.SubmitAsync(TokenFormPostingTo(tokenPage, $"/admin/purchases/{purchase.Id}/refund"));
            var packs = await member.Http.GetAsync("/admin/token-packs");

            Assert.That(new[] { list, refund, packs }.Select(r => PageClient.RedirectTarget(r).AbsolutePath), Is.All.EqualTo("/account/access-denied"));
            Assert.That(Stripe.Requests.Any(r => r.Path == "/v1/refunds"), Is.False);
        }
    }

    [Test]
    public async Task Refunding_an_unknown_purchase_is_a_404()
    {
        using var admin = await SignedInAdminAsync(AdminEmail);

        var page = await admin.GetAsync($"/admin/purchases/{Guid.NewGuid()}/refund");

        Assert.That(page.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }
}
