using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Streaming.Application.Notifications.Common;
using Streaming.Application.Purchases.Commands.ReconcilePurchases;
using Streaming.Domain.Notifications;
using Streaming.Domain.Purchases;
using Streaming.Infrastructure.Data;

namespace Streaming.Web.FunctionalTests.Payments;

/// <summary>
/// The receipt for a token pack bought through the demo checkout (the default run's provider): queued
/// with the credit, sent by the outbox job to the pickup folder, once per purchase whoever settles it.
/// </summary>
public class TokenPurchaseReceiptTests : PurchaseTestBase
{
    private async Task<(PageClient Member, string MemberId)> BuyerAsync(string? zone = null)
    {
        var (member, email) = await SignedInMemberAsync("buyer");
        var memberId = await UserIdAsync(email);
        await InScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<ApplicationDbContext>();
            var profile = await db.Profiles.SingleAsync(p => p.Id == memberId);
            if (zone is not null) profile.ChangeTimeZone(zone);
            return await db.SaveChangesAsync();
        });
        return (member, memberId);
    }

    /// <summary>Opens the demo checkout of <paramref name="pack"/> and returns its page (not paid yet).</summary>
    private static async Task<HtmlPage> DemoCheckoutAsync(PageClient member, TokenPack pack) =>
        await member.GetAsync((await StartAsync(member, pack)).PathAndQuery);

    [Test]
    public async Task Buying_a_pack_sends_one_receipt_with_the_figures_the_time_in_the_members_zone_and_a_link_to_the_purchases()
    {
        var pack = await PackAsync(100, 999, "Century");
        var (member, memberId) = await BuyerAsync("Europe/Paris");
        using (member)
        {
            var paid = await member.SubmitAsync((await DemoCheckoutAsync(member, pack)).Form("#demo-checkout form"));
            var done = PageClient.RedirectTarget(paid);
            await member.Http.GetAsync(done);
            await member.Http.GetAsync(done); // the return page again (reload): settled already

            Assert.That((await TokenReceiptsAsync(memberId)).Single().Status, Is.EqualTo(OutboxEmailStatus.Pending), "queued with the credit, sent by the job");
            await SendQueuedEmailsAsync();
            await SendQueuedEmailsAsync();

            var purchase = await PurchaseAsync(p => p.MemberId == memberId);
            var receipts = await TokenReceiptsAsync(memberId);
            Assert.That(receipts.Select(r => (r.Status, r.TokenPurchaseId)), Is.EqualTo(new[] { (OutboxEmailStatus.Sent, (Guid?)purchase.Id) }));
            var mail = (await PickedUpMailAsync(memberId)).Single(IsTokenReceipt);
            var paris = new ZonedTime(purchase.CompletedAt!.Value, TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris"));
            using (Assert.EnterMultipleScope())
            {
                Assert.That(mail.Subject, Is.EqualTo("Receipt: 100 tokens for €9.99"));
                Assert.That(mail.TextBody, Does.Contain("Pack: Century"));
                Assert.That(mail.TextBody, Does.Contain("Tokens: 100"));
                Assert.That(mail.TextBody, Does.Contain("Paid: €9.99 (EUR)"));
                Assert.That(mail.TextBody, Does.Contain("Your balance: 100 tokens"), "what the ledger said after the credit");
                Assert.That(mail.TextBody, Does.Contain($"Date: {paris}").And.Contain("(Europe/Paris)"));
                Assert.That(purchase.PaymentReference, Does.StartWith("demo_pay_"));
                Assert.That(mail.TextBody, Does.Contain($"Payment reference: {purchase.PaymentReference}"));
                Assert.That(mail.TextBody, Does.Match(@"See your purchases: https?://[^/\s]+/tokens\s"));
                Assert.That(WebUtility.HtmlDecode(mail.HtmlBody), Does.Contain("<dd style=\"margin:0 0 8px 0;\">Century</dd>").And.Contain("€9.99 (EUR)"));
                Assert.That(mail.Headers["List-Unsubscribe"], Does.Contain("/email/unsubscribe?token="), "a receipt a member may turn off");
            }

            var purchases = await member.GetAsync(new Uri(Regex.Match(mail.TextBody!, @"See your purchases: (\S+)").Groups[1].Value).PathAndQuery);
            Assert.That(purchases.Document.QuerySelector("#receipts")?.TextContent, Does.Contain("Century").And.Contain("€9.99"), "the link shows the purchase");
        }
    }

    [Test]
    public async Task Paying_the_same_checkout_three_times_at_once_sends_one_receipt()
    {
        var pack = await PackAsync(10, 500, "Starter");
        var (member, memberId) = await BuyerAsync();
        using (member)
        {
            var pay = (await DemoCheckoutAsync(member, pack)).Form("#demo-checkout form");
            var answers = await Task.WhenAll(member.SubmitAsync(pay), member.SubmitAsync(pay), member.SubmitAsync(pay));
            await Task.WhenAll(answers.Select(a => member.Http.GetAsync(PageClient.RedirectTarget(a))));

            await SendQueuedEmailsAsync();

            Assert.That((await TokenReceiptsAsync(memberId)).Select(r => r.Status), Is.EqualTo(new[] { OutboxEmailStatus.Sent }));
            Assert.That((await PickedUpMailAsync(memberId)).Where(IsTokenReceipt).Select(m => m.Subject),
                Is.EqualTo(new[] { "Receipt: 10 tokens for €5.00" }));
        }
    }

    [Test]
    public async Task A_member_who_turned_off_receipts_gets_none_but_still_gets_the_tokens()
    {
        var pack = await PackAsync(10, 500);
        var (member, memberId) = await BuyerAsync();
        using (member)
        {
            var settings = await member.GetAsync("/me/notifications");
            Assert.That(settings.Document.Body!.TextContent, Does.Contain("buy tokens"), "the category says it covers token purchases");
            await InScopeAsync(async sp =>
            {
                var db = sp.GetRequiredService<ApplicationDbContext>();
                db.EmailOptOuts.Add(new EmailOptOut(memberId, EmailCategory.Enrollments, Factory.Clock.Now));
                return await db.SaveChangesAsync();
            });

            var paid = await member.SubmitAsync((await DemoCheckoutAsync(member, pack)).Form("#demo-checkout form"));
            await member.Http.GetAsync(PageClient.RedirectTarget(paid));
            await SendQueuedEmailsAsync();

            var receipt = (await TokenReceiptsAsync(memberId)).Single();
            Assert.That((receipt.Status, receipt.LastError), Is.EqualTo((OutboxEmailStatus.Skipped, "The member turned off \"Receipts and cancellations\".")));
            Assert.That((await PickedUpMailAsync(memberId)).Where(IsTokenReceipt), Is.Empty);
            Assert.That((await PurchaseAsync(p => p.MemberId == memberId)).Status, Is.EqualTo(PurchaseStatus.Completed));
        }
    }

    [Test]
    public async Task A_receipt_whose_purchase_is_gone_by_the_time_it_goes_out_is_skipped()
    {
        var pack = await PackAsync(10, 500);
        var (member, memberId) = await BuyerAsync();
        using (member)
        {
            var paid = await member.SubmitAsync((await DemoCheckoutAsync(member, pack)).Form("#demo-checkout form"));
            await member.Http.GetAsync(PageClient.RedirectTarget(paid));
            await InScopeAsync(sp => sp.GetRequiredService<ApplicationDbContext>().TokenPurchases.Where(p => p.MemberId == memberId).ExecuteDeleteAsync());

            await SendQueuedEmailsAsync();

            var receipt = (await TokenReceiptsAsync(memberId)).Single();
            Assert.That((receipt.Status, receipt.LastError), Is.EqualTo((OutboxEmailStatus.Skipped, "The purchase is no longer there, or was not paid.")));
            Assert.That((await PickedUpMailAsync(memberId)).Where(IsTokenReceipt), Is.Empty);
        }
    }

    [Test]
    public async Task A_checkout_cancelled_or_left_until_it_expires_sends_nothing()
    {
        var pack = await PackAsync(10, 500);
        var (member, memberId) = await BuyerAsync();
        using (member)
        {
            await DemoCheckoutAsync(member, pack);
            var cancelled = await PurchaseAsync(p => p.MemberId == memberId);
            await member.Http.GetAsync($"/tokens/buy/{cancelled.Id}/cancelled");
            var abandoned = await DemoCheckoutAsync(member, pack);
            Factory.Clock.Advance(TimeSpan.FromHours(25));
            await SendAsAsync("system", new ReconcilePurchasesCommand());
            await member.SubmitAsync(abandoned.Form("#demo-checkout form")); // too late: the demo checkout has expired

            await SendQueuedEmailsAsync();

            Assert.That((await PurchasesOfAsync(memberId)).Select(p => p.Status), Has.None.EqualTo(PurchaseStatus.Completed));
            Assert.That(await TokenReceiptsAsync(memberId), Is.Empty);
            Assert.That((await PickedUpMailAsync(memberId)).Where(IsTokenReceipt), Is.Empty);
        }
    }
}
