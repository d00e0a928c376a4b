using Microsoft.Extensions.DependencyInjection;
using Streaming.Domain.Purchases;

namespace Streaming.Web.FunctionalTests.Payments;

/// <summary>/admin/token-packs: the super admin creates, edits, disables and enables the packs members see on /tokens/buy.</summary>
public class TokenPackAdminTests : PurchaseTestBase
{
    private readonly string _adminEmail = UniqueEmail("admin");

    protected override void Configure(StreamingWebFactory factory)
    {
        factory.Settings["Seed:SuperAdmin:Email"] = _adminEmail;
        factory.Settings["Seed:SuperAdmin:Password"] = Password;
    }

    private static async Task<HtmlPage> SubmitPackAsync(PageClient admin, string url, string name, string tokens, string price, string currency)
    {
        var form = (await admin.GetAsync(url)).Form("#pack-form")
            .Set("Name", name).Set("Tokens", tokens).Set("Price", price).Set("Currency", currency);
        var response = await admin.SubmitAsync(form);
        return response.StatusCode == HttpStatusCode.Redirect ? await admin.FollowRedirectAsync(response) : await HtmlPage.ReadAsync(response);
    }

    private static string? Row(HtmlPage page, string name) =>
        Collapse(page.Document.QuerySelectorAll("#token-packs tbody tr").FirstOrDefault(r => r.Children[0].TextContent.Trim() == name)?.TextContent);

    [Test]
    public async Task The_super_admin_puts_a_pack_on_sale_and_members_see_it()
    {
        using var admin = await SignedInAdminAsync(_adminEmail);
        var name = $"Pack {Guid.NewGuid():N}"[..12];

        var list = await SubmitPackAsync(admin, "/admin/token-packs/new", name, "40", "14.50", "CHF");

        Assert.That(Flash(list), Is.EqualTo($"The pack \"{name}\" is on sale."));
        Assert.That(Row(list, name), Is.EqualTo($"{name} 40 CHF 14.50 On sale 0 Edit Disable"));
        var (member, _) = await SignedInMemberAsync();
        using (member)
        {
            var buy = await member.GetAsync("/tokens/buy");
            Assert.That(buy.Document.QuerySelectorAll(".token-pack h2").Select(h => h.TextContent), Does.Contain(name));
        }
    }

    [TestCase("", "10", "5", "EUR", "Name", "Give the pack a name.")]
    [TestCase("Zero", "0", "5", "EUR", "Tokens", "Between 1 and 100,000 tokens.")]
    [TestCase("Free", "10", "0", "EUR", "Price", "Enter the price.")]
    [TestCase("Cheap", "10", "abc", "EUR", "Price", "\"abc\" is not a valid value here.")]
    [TestCase("Odd", "10", "5", "XYZ", "Currency", "Choose one of: EUR, USD, GBP, CHF, CAD, AUD, NZD, SEK, NOK, DKK, PLN, CZK, JPY.")]
    public async Task A_bad_field_says_what_is_wrong_next_to_it(string name, string tokens, string price, string currency, string field, string message)
    {
        using var admin = await SignedInAdminAsync(_adminEmail);
        // The select offers only known currencies: "XYZ" is what a hand-made request sends.
        var form = (await admin.GetAsync("/admin/token-packs/new")).Form("#pack-form")
            .Set("Name", name).Set("Tokens", tokens).Set("Price", price).Set("Currency", currency);
        var page = await admin.SubmitForPageAsync(form);

        Assert.That(page.StatusCode, Is.EqualTo(HttpStatusCode.OK), page.ToString());
        Assert.That(page.FieldMessage(field), Is.EqualTo(message));
    }

    [TestCase("0.49", "EUR", "The price must be at least €0.50 (the smallest card payment in EUR).")]
    [TestCase("9.999", "EUR", "EUR has 2 decimals at most.")]
    [TestCase("500.5", "JPY", "JPY has no decimals: enter a whole amount.")]
    public async Task A_price_that_cannot_be_charged_is_refused_with_the_reason(string price, string currency, string message)
    {
        using var admin = await SignedInAdminAsync(_adminEmail);

        var page = await SubmitPackAsync(admin, "/admin/token-packs/new", "Bad price", "10", price, currency);

        Assert.That(page.ValidationMessages, Does.Contain(message));
    }

    [Test]
    public async Task Editing_a_pack_changes_the_offer_but_not_what_was_bought()
    {
        var pack = await PackAsync(10, 500, $"Edit {Guid.NewGuid():N}"[..12]);
        var (member, email) = await SignedInMemberAsync();
        member.Dispose();
        var memberId = await UserIdAsync(email);
        var bought = await InScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<Streaming.Infrastructure.Data.ApplicationDbContext>();
            var purchase = TokenPurchase.Start(memberId, pack, "Demo", Guid.NewGuid(), null, Factory.Clock.Now);
            db.TokenPurchases.Add(purchase);
            await db.SaveChangesAsync();
            return purchase;
        });
        using var admin = await SignedInAdminAsync(_adminEmail);

        var list = await SubmitPackAsync(admin, $"/admin/token-packs/{pack.Id}/edit", "Renamed", "12", "6", "EUR");

        Assert.That(Flash(list), Is.EqualTo("The pack \"Renamed\" was saved. Purchases already made keep what they bought."));
        Assert.That(Row(list, "Renamed"), Does.StartWith("Renamed 12 €6.00 On sale"));
        var stored = await PurchaseAsync(p => p.Id == bought.Id);
        Assert.That((stored.PackName, stored.Tokens, stored.AmountMinorUnits), Is.EqualTo((pack.Name, 10, 500L)));
    }

    [Test]
    public async Task A_disabled_pack_leaves_the_buy_page_and_comes_back_when_enabled()
    {
        var pack = await PackAsync(10, 500, $"Off {Guid.NewGuid():N}"[..12]);
        using var admin = await SignedInAdminAsync(_adminEmail);
        var (member, _) = await SignedInMemberAsync();
        using (member)
        {
            var list = await admin.GetAsync("/admin/token-packs");
            var disabled = await admin.FollowRedirectAsync(await admin.SubmitAsync(list.FormPostingTo($"/admin/token-packs/{pack.Id}/disable")));
            var whileOff = await member.GetAsync("/tokens/buy");
            var enabled = await admin.FollowRedirectAsync(await admin.SubmitAsync(disabled.FormPostingTo($"/admin/token-packs/{pack.Id}/enable")));
            var whileOn = await member.GetAsync("/tokens/buy");

            Assert.That(Flash(disabled), Is.EqualTo($"\"{pack.Name}\" is no longer offered."));
            Assert.That(Row(disabled, pack.Name), Does.Contain("Disabled"));
            Assert.That(whileOff.Document.QuerySelector($".token-pack[data-pack-id='{pack.Id}']"), Is.Null);
            Assert.That(Flash(enabled), Is.EqualTo($"\"{pack.Name}\" is on sale again."));
            Assert.That(whileOn.Document.QuerySelector($".token-pack[data-pack-id='{pack.Id}']"), Is.Not.Null);
        }
    }

    [Test]
    public async Task Editing_an_unknown_pack_is_a_404()
    {
        using var admin = await SignedInAdminAsync(_adminEmail);

        var page = await admin.GetAsync($"/admin/token-packs/{Guid.NewGuid()}/edit");

        Assert.That(page.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }
}
