using Streaming.Application.Purchases.Commands.ReconcilePurchases;
using Streaming.Domain.Purchases;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Streaming.Web.FunctionalTests.Payments;

/// <summary>
/// Buying a pack through Stripe Checkout, end to end over HTTP: the buy form opens a Checkout
/// Session at the stand-in; the customer pays there; the success redirect and the signed webhook
/// (in any order, twice, or at the same moment) credit the tokens exactly once.
/// </summary>
public class StripeCheckoutTests : StripeTestBase
{
    [Test]
    public async Task The_buy_form_opens_a_Stripe_checkout_for_the_pack_that_comes_back_to_the_purchase()
    {
        var pack = await PackAsync(25, 1000);
        var (member, email) = await SignedInMemberAsync();
        using (member)
        {
            var checkout = await StartAsync(member, pack);

            var session = Stripe.Session(SessionIdOf(checkout));
            var purchase = await PurchaseAsync(p => p.CheckoutSessionId == (string)session["id"]!);
            using (Assert.EnterMultipleScope())
            {
                Assert.That((long)session["amount_total"]!, Is.EqualTo(1000));
                Assert.That((string?)session["currency"], Is.EqualTo("eur"));
                Assert.That((string?)session["customer_email"], Is.EqualTo(email));
                Assert.That((string?)session["client_reference_id"], Is.EqualTo(purchase.Id.ToString()));
                Assert.That(new Uri((string)session["success_url"]!).AbsolutePath, Is.EqualTo($"/tokens/buy/{purchase.Id}/done"));
                Assert.That(new Uri((string)session["cancel_url"]!).AbsolutePath, Is.EqualTo($"/tokens/buy/{purchase.Id}/cancelled"));
                Assert.That((purchase.Status, purchase.Provider, purchase.Tokens), Is.EqualTo((PurchaseStatus.Pending, "Stripe", 25)));
                Assert.That(Stripe.Requests.Single().Header("Idempotency-Key"), Is.EqualTo($"checkout:{purchase.Id}"));
            }
        }
    }

    [Test]
    public async Task Paying_and_coming_back_credits_the_pack_and_returns_to_the_class()
    {
        var coach = await InstructorAsync();
        var stream = await ScheduleAsync(coach, price: 20);
        var pack = await PackAsync(25, 1000);
        var (member, email, purchase, _) = await PaidCheckoutAsync(pack, $"?need=20&returnUrl=/streams/{stream.Id}");
        using (member)
        {
            var back = await member.Http.GetAsync(DonePath(purchase));

            Assert.That(PageClient.RedirectTarget(back).AbsolutePath, Is.EqualTo($"/streams/{stream.Id}"));
            var classPage = await member.FollowRedirectAsync(back);
            var tokens = await member.GetAsync("/tokens");
            using (Assert.EnterMultipleScope())
            {
                Assert.That(Flash(classPage), Is.EqualTo("25 tokens added (Regular, €10.00). Your balance is now 25. You can enroll now."));
                Assert.That(await LedgerBalanceAsync(email), Is.EqualTo(25));
                Assert.That(HistoryRows(tokens).Single(), Is.EqualTo(HistoryRows(tokens).Single() with { Kind = "Purchase", Amount = "+25", What = "Bought: Regular (€10.00)" }));
                Assert.That(Receipts(tokens).Single(), Is.EqualTo(new[] { "Regular", "€10.00", "+25", "Paid" }));
                Assert.That((await PurchaseAsync(p => p.Id == purchase.Id)).Status, Is.EqualTo(PurchaseStatus.Completed));
            }

            await EnrollAsync(member, stream.Id);
            Assert.That(await LedgerBalanceAsync(email), Is.EqualTo(5));
        }
    }

    [Test]
    public async Task A_webhook_delivered_twice_credits_once()
    {
        var (member, email, purchase, _) = await PaidCheckoutAsync(await PackAsync(10, 500));
        member.Dispose();
        var payload = CompletedEvent(purchase.CheckoutSessionId!);

        var first = await DeliverAsync(payload);
        var second = await DeliverAsync(payload);

        using (Assert.EnterMultipleScope())
        {
            Assert.That((first.StatusCode, second.StatusCode), Is.EqualTo((HttpStatusCode.OK, HttpStatusCode.OK)));
            Assert.That(await LedgerBalanceAsync(email), Is.EqualTo(10));
            Assert.That((await LedgerHistoryAsync(email)).Count(l => l.Kind == "Purchase"), Is.EqualTo(1));
        }
    }

    [Test]
    public async Task The_webhook_first_then_the_redirect_credits_once()
    {
        var (member, email, purchase, _) = await PaidCheckoutAsync(await PackAsync(10, 500));
        using (member)
        {
            await DeliverAsync(CompletedEvent(purchase.CheckoutSessionId!));

            var back = await member.Http.GetAsync(DonePath(purchase));

            Assert.That(PageClient.RedirectTarget(back).AbsolutePath, Is.EqualTo("/tokens"));
            Assert.That(Flash(await member.FollowRedirectAsync(back)), Is.EqualTo("10 tokens added (Regular, €5.00). Your balance is now 10."));
            Assert.That(await LedgerBalanceAsync(email), Is.EqualTo(10));
        }
    }

    [Test]
    public async Task Webhooks_racing_the_redirect_credit_each_purchase_exactly_once()
    {
        var pack = await PackAsync(10, 500);
        var (member, email) = await SignedInMemberAsync("racer");
        using (member)
        {
            const int rounds = 12;
            for (var round = 0; round < rounds; round++)
            {
                var session = SessionIdOf(await StartAsync(member, pack));
                Stripe.Pay(session);
                var purchase = await PurchaseAsync(p => p.CheckoutSessionId == session);
                var payload = CompletedEvent(session);

                // The browser comes back while Stripe delivers the event, twice, all at once.
                var responses = await Task.WhenAll(member.Http.GetAsync(DonePath(purchase)), DeliverAsync(payload), DeliverAsync(payload));

                Assert.That(responses.Select(r => (int)r.StatusCode), Is.EqualTo(new[] { 302, 200, 200 }), $"round {round}");
            }

            var history = await LedgerHistoryAsync(email);
            Assert.That(history.Count(l => l.Kind == "Purchase"), Is.EqualTo(rounds));
            Assert.That(await LedgerBalanceAsync(email), Is.EqualTo(10 * rounds));
        }
    }

    [Test]
    public async Task Coming_back_before_paying_waits_for_the_payment_and_credits_it_when_it_lands()
    {
        var (member, email) = await SignedInMemberAsync();
        using (member)
        {
            var session = SessionIdOf(await StartAsync(member, await PackAsync(10, 500)));
            var purchase = await PurchaseAsync(p => p.CheckoutSessionId == session);

            var waiting = await member.GetAsync(DonePath(purchase));
            Stripe.Pay(session);
            await DeliverAsync(CompletedEvent(session));
            var after = await member.Http.GetAsync(DonePath(purchase));

            Assert.That(waiting.Document.QuerySelector("#waiting")?.TextContent, Does.Contain("The payment has not been confirmed yet."));
            Assert.That(waiting.Document.QuerySelector("meta[http-equiv=refresh]")?.GetAttribute("content"), Is.EqualTo("5"));
            Assert.That(PageClient.RedirectTarget(after).AbsolutePath, Is.EqualTo("/tokens"));
            Assert.That(await LedgerBalanceAsync(email), Is.EqualTo(10));
        }
    }

    [Test]
    public async Task Double_clicking_buy_opens_one_checkout()
    {
        var pack = await PackAsync(10, 500);
        var (member, email) = await SignedInMemberAsync();
        using (member)
        {
            var form = await BuyFormAsync(member, pack);

            var answers = await Task.WhenAll(member.SubmitAsync(form), member.SubmitAsync(form), member.SubmitAsync(form));

            var targets = answers.Select(a => PageClient.RedirectTarget(a).ToString()).Distinct().ToList();
            Assert.That(targets, Has.Count.EqualTo(1), string.Join(", ", targets));
            Assert.That(Stripe.Sessions, Has.Count.EqualTo(1));
            Assert.That(await PurchasesOfAsync(await UserIdAsync(email)), Has.Count.EqualTo(1));
        }
    }

    [Test]
    public async Task Cancelling_on_Stripes_page_goes_back_to_the_packs_and_charges_nothing()
    {
        var coach = await InstructorAsync();
        var stream = await ScheduleAsync(coach, price: 8);
        var (member, email) = await SignedInMemberAsync();
        using (member)
        {
            var session = Stripe.Session(SessionIdOf(await StartAsync(member, await PackAsync(10, 500), $"?returnUrl=/streams/{stream.Id}")));

            var cancelled = await member.Http.GetAsync(new Uri((string)session["cancel_url"]!).PathAndQuery);

            var target = PageClient.RedirectTarget(cancelled);
            Assert.That(target.PathAndQuery, Is.EqualTo($"/tokens/buy?returnUrl=%2Fstreams%2F{stream.Id}"));
            var page = await member.FollowRedirectAsync(cancelled);
            Assert.That(Flash(page), Is.EqualTo("Checkout cancelled: nothing was charged."));
            Assert.That(page.Document.QuerySelector("#buy-back")?.GetAttribute("href"), Is.EqualTo($"/streams/{stream.Id}"));
            Assert.That(await LedgerBalanceAsync(email), Is.Zero);
        }
    }

    [Test]
    public async Task An_expired_checkout_ends_the_purchase_and_says_so()
    {
        var (member, email) = await SignedInMemberAsync();
        using (member)
        {
            var session = SessionIdOf(await StartAsync(member, await PackAsync(10, 500)));
            var purchase = await PurchaseAsync(p => p.CheckoutSessionId == session);
            Stripe.Expire(session);

            var delivered = await DeliverAsync(Stripe.Event("checkout.session.expired", Stripe.Session(session)));
            var back = await member.Http.GetAsync(DonePath(purchase));

            Assert.That(delivered.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That((await PurchaseAsync(p => p.Id == purchase.Id)).Status, Is.EqualTo(PurchaseStatus.Expired));
            Assert.That(FlashError(await member.FollowRedirectAsync(back)), Is.EqualTo("That checkout ended without a payment. Nothing was charged; choose a pack to try again."));
        }
    }

    [Test]
    public async Task Another_members_purchase_is_not_found()
    {
        var (owner, _, purchase, _) = await PaidCheckoutAsync(await PackAsync(10, 500));
        owner.Dispose();
        var (other, otherEmail) = await SignedInMemberAsync("other");
        using (other)
        {
            var done = await other.GetAsync(DonePath(purchase));
            var cancelled = await other.GetAsync($"/tokens/buy/{purchase.Id}/cancelled");

            Assert.That((done.StatusCode, cancelled.StatusCode), Is.EqualTo((HttpStatusCode.NotFound, HttpStatusCode.NotFound)));
            Assert.That((await PurchaseAsync(p => p.Id == purchase.Id)).Status, Is.EqualTo(PurchaseStatus.Pending), "someone else's visit settles nothing");
            Assert.That(await LedgerBalanceAsync(otherEmail), Is.Zero);
        }
    }

    [Test]
    public async Task A_disabled_pack_cannot_be_bought_even_with_its_old_form()
    {
        var pack = await PackAsync(10, 500);
        var (member, email) = await SignedInMemberAsync();
        using (member)
        {
            var form = await BuyFormAsync(member, pack);
            await InScopeAsync(async sp =>
            {
                var db = sp.GetRequiredService<Streaming.Infrastructure.Data.ApplicationDbContext>();
                var stored = await db.TokenPacks.SingleAsync(p => p.Id == pack.Id);
                stored.Disable(Factory.Clock.Now);
                return await db.SaveChangesAsync();
            });

            var response = await member.SubmitAsync(form);

            Assert.That(PageClient.RedirectTarget(response).AbsolutePath, Is.EqualTo("/tokens/buy"));
            Assert.That(FlashError(await member.FollowRedirectAsync(response)), Is.EqualTo("This pack is no longer offered. Choose another one."));
            Assert.That(Stripe.Sessions, Is.Empty);
        }
    }

    [Test]
    public async Task The_reconciliation_job_credits_a_payment_nobody_reported()
    {
        var (member, email, purchase, _) = await PaidCheckoutAsync(await PackAsync(10, 500));
        member.Dispose(); // closed the tab after paying; the webhook never came

        await SendAsAsync("system", new ReconcilePurchasesCommand());
        var early = await PurchaseAsync(p => p.Id == purchase.Id);
        Factory.Clock.Advance(TimeSpan.FromMinutes(11));
        var report = await SendAsAsync("system", new ReconcilePurchasesCommand());

        Assert.That(early.Status, Is.EqualTo(PurchaseStatus.Pending), "too early: the redirect or the webhook may still come");
        Assert.That(report.Completed, Is.GreaterThanOrEqualTo(1));
        Assert.That(await LedgerBalanceAsync(email), Is.EqualTo(10));
        Assert.That((await PurchaseAsync(p => p.Id == purchase.Id)).Status, Is.EqualTo(PurchaseStatus.Completed));
    }

    /// <summary>The rows of the /tokens receipts table as (pack, paid, tokens, status).</summary>
    protected static IReadOnlyList<string[]> Receipts(HtmlPage page) =>
        page.Document.QuerySelectorAll("#receipts tbody tr").OfType<IHtmlTableRowElement>()
            .Select(r => r.Cells.Skip(1).Select(c => Collapse(c.TextContent)!).ToArray())
            .ToList();
}
