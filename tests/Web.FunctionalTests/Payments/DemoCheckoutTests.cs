using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Streaming.Domain.Purchases;

namespace Streaming.Web.FunctionalTests.Payments;

/// <summary>
/// The default run's purchase (Payments:Provider unset outside Production = Demo): "not enough
/// tokens" leads to Buy tokens with the shortfall, a pack opens the demo checkout page (labelled as
/// a demo), "Pay" credits the tokens and the member lands back on the class to enroll.
/// </summary>
public class DemoCheckoutTests : PurchaseTestBase
{
    [Test]
    public async Task Short_of_tokens_a_member_buys_a_pack_on_the_demo_checkout_and_enrolls()
    {
        var coach = await InstructorAsync();
        var stream = await ScheduleAsync(coach, price: 12);
        var starter = await PackAsync(10, 500, "Starter");
        var regular = await PackAsync(25, 1000, "Regular");
        var tiny = await PackAsync(5, 300, "Tiny");
        var (member, email) = await SignedInMemberAsync();
        using (member)
        {
            await GrantAsync(email, 3);

            // The class page offers the shortfall.
            var classPage = await member.GetAsync($"/streams/{stream.Id}");
            var buyLink = classPage.Document.QuerySelector("#details-buy-tokens");
            Assert.That(Collapse(buyLink?.TextContent), Is.EqualTo("Buy tokens — you need 9 more"));
            Assert.That(buyLink!.GetAttribute("href"), Is.EqualTo($"/tokens/buy?need=9&returnUrl=%2Fstreams%2F{stream.Id}"));

            // The packs, with the one that covers it marked.
            var buyPage = await member.GetAsync(buyLink.GetAttribute("href")!);
            Assert.That(buyPage.Document.QuerySelector("#demo-notice")?.TextContent, Does.Contain("no card is asked for and no money moves"));
            Assert.That(Collapse(buyPage.Document.QuerySelector("#buy-balance")?.TextContent), Is.EqualTo("You have 3 tokens. You need 9 more."));
            var covering = buyPage.Document.QuerySelectorAll(".token-pack.border-primary").Select(p => p.GetAttribute("data-pack-id")).ToList();
            Assert.That(covering, Is.SupersetOf(new[] { starter.Id.ToString(), regular.Id.ToString() }).And.Not.Contain(tiny.Id.ToString()));

            // The demo checkout page.
            var checkout = await member.SubmitAsync(buyPage.Form($".token-pack[data-pack-id='{starter.Id}'] form"));
            var checkoutUrl = PageClient.RedirectTarget(checkout);
            Assert.That(checkoutUrl.AbsolutePath, Does.StartWith("/demo-checkout/demo_cs_"));
            var demoPage = await member.FollowRedirectAsync(checkout);
            Assert.That(demoPage.Document.QuerySelector("#demo-banner")?.TextContent, Does.Contain("DEMO CHECKOUT"));
            Assert.That(Collapse(demoPage.Document.QuerySelector("#demo-amount")?.TextContent), Is.EqualTo("€5.00"));

            // Pay → the success URL → back on the class.
            var paid = await member.SubmitAsync(demoPage.Form("#demo-checkout form"));
            var done = PageClient.RedirectTarget(paid);
            Assert.That(done.AbsolutePath, Does.Match("^/tokens/buy/[0-9a-f-]{36}/done$"));
            var back = await member.Http.GetAsync(done);
            Assert.That(PageClient.RedirectTarget(back).AbsolutePath, Is.EqualTo($"/streams/{stream.Id}"));
            var returned = await member.FollowRedirectAsync(back);
            Assert.That(Flash(returned), Is.EqualTo("10 tokens added (Starter, €5.00). Your balance is now 13. You can enroll now."));
            Assert.That(returned.Document.QuerySelector("#details-buy-tokens"), Is.Null, "enough tokens now");

            var enrolled = await EnrollAsync(member, stream.Id);
            Assert.That(Flash(enrolled), Does.StartWith("You are enrolled in"));
            Assert.That(await LedgerBalanceAsync(email), Is.EqualTo(1));
        }
    }

    [Test]
    public async Task Not_enough_tokens_when_enrolling_offers_buy_tokens_in_the_message()
    {
        var coach = await InstructorAsync();
        var stream = await ScheduleAsync(coach, price: 5);
        var (member, email) = await SignedInMemberAsync();
        using (member)
        {
            await GrantAsync(email, 3);

            var page = await EnrollAsync(member, stream.Id);

            var link = page.Document.QuerySelector("#flash-buy-tokens");
            Assert.That(FlashError(page), Is.EqualTo("Not enough tokens: this class costs 5 and your balance is 3."));
            Assert.That(Collapse(link?.TextContent), Is.EqualTo("Buy tokens — you need 2 more"));
            Assert.That(link!.GetAttribute("href"), Is.EqualTo($"/tokens/buy?need=2&returnUrl=%2Fstreams%2F{stream.Id}"));
            Assert.That(page.Document.QuerySelector("#details-buy-tokens"), Is.Null, "one Buy tokens is enough");
        }
    }

    [Test]
    public async Task Paying_twice_credits_once()
    {
        var pack = await PackAsync(10, 500);
        var (member, email) = await SignedInMemberAsync();
        using (member)
        {
            var demoPage = await member.GetAsync((await StartAsync(member, pack)).PathAndQuery);
            var pay = demoPage.Form("#demo-checkout form");

            var answers = await Task.WhenAll(member.SubmitAsync(pay), member.SubmitAsync(pay), member.SubmitAsync(pay));
            var done = await Task.WhenAll(answers.Select(a => member.Http.GetAsync(PageClient.RedirectTarget(a))));

            Assert.That(done.Select(d => (int)d.StatusCode), Is.All.EqualTo(302));
            Assert.That(await LedgerBalanceAsync(email), Is.EqualTo(10));
            Assert.That((await LedgerHistoryAsync(email)).Count(l => l.Kind == "Purchase"), Is.EqualTo(1));
        }
    }

    [Test]
    public async Task Download_my_data_lists_my_purchases_and_not_anyone_elses()
    {
        var pack = await PackAsync(10, 500, "Starter");
        var (member, email) = await SignedInMemberAsync();
        var (other, _) = await SignedInMemberAsync("other");
        using (member)
        using (other)
        {
            var demoPage = await member.GetAsync((await StartAsync(member, pack)).PathAndQuery);
            await member.Http.GetAsync(PageClient.RedirectTarget(await member.SubmitAsync(demoPage.Form("#demo-checkout form"))));
            await StartAsync(other, pack); // another member's checkout, never paid

            using var data = System.Text.Json.JsonDocument.Parse(await member.Http.GetStringAsync("/account/security/export"));

            var purchases = data.RootElement.GetProperty("tokenPurchases");
            Assert.That(purchases.GetArrayLength(), Is.EqualTo(1));
            var purchase = purchases[0];
            Assert.That((purchase.GetProperty("pack").GetString(), purchase.GetProperty("tokens").GetInt32(), purchase.GetProperty("amount").GetDecimal(),
                    purchase.GetProperty("currency").GetString(), purchase.GetProperty("status").GetString()),
                Is.EqualTo(("Starter", 10, 5.00m, "EUR", "Completed")));
            Assert.That(await LedgerBalanceAsync(email), Is.EqualTo(10));
        }
    }

    [Test]
    public async Task Deleting_the_account_keeps_its_purchases_as_anonymous_records()
    {
        var pack = await PackAsync(10, 500, "Starter");
        var (member, email) = await SignedInMemberAsync();
        var memberId = await UserIdAsync(email);
        using (member)
        {
            var demoPage = await member.GetAsync((await StartAsync(member, pack)).PathAndQuery);
            await member.Http.GetAsync(PageClient.RedirectTarget(await member.SubmitAsync(demoPage.Form("#demo-checkout form"))));

            var form = (await member.GetAsync("/account/security/delete")).Form().Set("Password", Password).Set("Confirmation", "DELETE");
            var response = await member.SubmitAsync(form);

            Assert.That(PageClient.RedirectTarget(response).AbsolutePath, Is.EqualTo("/"));
            var purchase = (await PurchasesOfAsync(memberId)).Single();
            Assert.That((purchase.Status, purchase.Tokens, purchase.AmountMinorUnits), Is.EqualTo((PurchaseStatus.Completed, 10, 500L)));
            var profileEmail = await InScopeAsync(sp => sp.GetRequiredService<Streaming.Infrastructure.Data.ApplicationDbContext>()
                .Profiles.Where(p => p.Id == memberId).Select(p => p.Email).SingleAsync());
            Assert.That(profileEmail, Is.Not.EqualTo(email), "the profile the purchase points to is anonymised");
        }
    }

    [Test]
    public async Task Another_members_demo_checkout_is_not_found_and_cannot_be_paid()
    {
        var pack = await PackAsync(10, 500);
        var (owner, ownerEmail) = await SignedInMemberAsync("owner");
        var (other, _) = await SignedInMemberAsync("other");
        using (owner)
        using (other)
        {
            var checkoutPath = (await StartAsync(owner, pack)).AbsolutePath;

            var seen = await other.GetAsync(checkoutPath);
            var paid = await other.SubmitAsync(TokenFormPostingTo(await other.GetAsync("/tokens"), $"{checkoutPath}/pay"));

            Assert.That((seen.StatusCode, paid.StatusCode), Is.EqualTo((HttpStatusCode.NotFound, HttpStatusCode.NotFound)));
            Assert.That(await LedgerBalanceAsync(ownerEmail), Is.Zero);
            Assert.That((await PurchasesOfAsync(await UserIdAsync(ownerEmail))).Single().Status, Is.EqualTo(PurchaseStatus.Pending));
        }
    }

    [Test]
    public async Task A_demo_checkout_left_for_a_day_expires()
    {
        var pack = await PackAsync(10, 500);
        var (member, email) = await SignedInMemberAsync();
        using (member)
        {
            var demoPage = await member.GetAsync((await StartAsync(member, pack)).PathAndQuery);
            Factory.Clock.Advance(TimeSpan.FromHours(25));

            var paid = await member.SubmitAsync(demoPage.Form("#demo-checkout form"));

            Assert.That(FlashError(await member.FollowRedirectAsync(paid)), Is.EqualTo("This demo checkout has expired. Choose a pack again."));
            Assert.That(await LedgerBalanceAsync(email), Is.Zero);
        }
    }

    [Test]
    public async Task The_buy_page_ignores_a_malformed_need_and_drops_a_return_address_outside_the_app()
    {
        var (member, _) = await SignedInMemberAsync();
        using (member)
        {
            var page = await member.GetAsync("/tokens/buy?need=abc&returnUrl=https://evil.example/");

            Assert.That(page.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(page.Document.QuerySelector("#buy-back"), Is.Null);
            Assert.That(page.Document.QuerySelectorAll("input[name=ReturnUrl]").Select(i => i.GetAttribute("value")), Is.All.Empty.Or.All.Null);
        }
    }
}

/// <summary>With the external token API's purchase URL (no web purchase), Buy tokens leads there, with the shortfall.</summary>
public class ExternalBuyTokensLinkTests : ClassesTestBase
{
    private const string AppStore = "https://apps.example.test/streaming-tokens";

    protected override void Configure(StreamingWebFactory factory)
    {
        factory.Settings["Payments:Provider"] = "None";
        factory.Settings["Tokens:BuyTokensUrl"] = AppStore;
    }

    [Test]
    public async Task The_tokens_page_the_class_page_and_the_buy_page_lead_to_the_configured_purchase_url()
    {
        var coach = await InstructorAsync();
        var stream = await ScheduleAsync(coach, price: 6);
        var (member, _) = await SignedInMemberAsync();
        using (member)
        {
            var tokens = await member.GetAsync("/tokens");
            var classPage = await member.GetAsync($"/streams/{stream.Id}");
            var buy = await member.Http.GetAsync("/tokens/buy?need=6");

            Assert.That(tokens.Document.QuerySelector("#buy-tokens")?.GetAttribute("href"), Is.EqualTo(AppStore));
            Assert.That(Collapse(classPage.Document.QuerySelector("#details-buy-tokens")?.TextContent), Is.EqualTo("Buy tokens — you need 6 more"));
            Assert.That(classPage.Document.QuerySelector("#details-buy-tokens")?.GetAttribute("href"), Is.EqualTo(AppStore));
            Assert.That(PageClient.RedirectTarget(buy).ToString(), Is.EqualTo(AppStore));
        }
    }
}

/// <summary>The demo checkout takes no money: the app refuses to start with it in Production, and sells nothing there by default.</summary>
public class DemoCheckoutInProductionTests
{
    [Test]
    public async Task Demo_payments_are_refused_in_Production_at_start_up()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var factory = new StreamingWebFactory(database);
        factory.Settings["environment"] = "Production";
        factory.Settings["App:PublicBaseUrl"] = "https://classes.example.test";
        factory.Settings["Instructor:AccessCode"] = "a-long-production-access-code";
        factory.Settings["Payments:Provider"] = "Demo";

        var ex = Assert.Throws<OptionsValidationException>(() => factory.StartServer());

        Assert.That(ex!.Message, Does.StartWith("Payments:Provider=Demo is refused in Production: the demo checkout takes no money."));
    }

    [Test]
    public async Task Without_a_provider_Production_sells_nothing_and_starts()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var factory = new StreamingWebFactory(database);
        factory.Settings["environment"] = "Production";
        factory.Settings["App:PublicBaseUrl"] = "https://classes.example.test";
        factory.Settings["Instructor:AccessCode"] = "a-long-production-access-code";
        factory.StartServer();

        var options = factory.Services.GetRequiredService<IOptions<Streaming.Application.Common.Options.PaymentOptions>>().Value;

        Assert.That(options.Provider, Is.EqualTo(Streaming.Application.Common.Options.PaymentProviderKind.None));
    }
}
