using System.Text.Json.Nodes;
using MediatR;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using MimeKit;
using Streaming.Application.Notifications.Commands.SendQueuedEmails;
using Streaming.Domain.Notifications;
using Streaming.Domain.Purchases;
using Streaming.Infrastructure.Data;
using Streaming.Infrastructure.Email;
using Streaming.TestSupport.Payments;

namespace Streaming.Web.FunctionalTests.Payments;

/// <summary>What the purchase tests share: packs in the database, the buy form, the stored purchase.</summary>
public abstract class PurchaseTestBase : ClassesTestBase
{
    protected async Task<TokenPack> PackAsync(int tokens = 25, long cents = 1000, string name = "Regular", bool active = true)
    {
        var pack = TokenPack.Create(name, tokens, new Money(cents, "EUR"), Factory.Clock.Now);
        if (!active) pack.Disable(Factory.Clock.Now);
        await InScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<ApplicationDbContext>();
            db.TokenPacks.Add(pack);
            return await db.SaveChangesAsync();
        });
        return pack;
    }

    /// <summary>The buy form of <paramref name="pack"/> on /tokens/buy (with the page's query).</summary>
    protected static async Task<HtmlForm> BuyFormAsync(PageClient member, TokenPack pack, string query = "")
    {
        var page = await member.GetAsync($"/tokens/buy{query}");
        Assert.That(page.StatusCode, Is.EqualTo(HttpStatusCode.OK), page.ToString());
        return page.Form($".token-pack[data-pack-id='{pack.Id}'] form");
    }

    /// <summary>Clicks "Buy" and returns where the browser is sent (the provider's checkout page).</summary>
    protected static async Task<Uri> StartAsync(PageClient member, TokenPack pack, string query = "")
    {
        var response = await member.SubmitAsync(await BuyFormAsync(member, pack, query));
        return PageClient.RedirectTarget(response);
    }

    protected Task<TokenPurchase> PurchaseAsync(Func<TokenPurchase, bool> which) =>
        InScopeAsync(async sp => (await sp.GetRequiredService<ApplicationDbContext>().TokenPurchases.AsNoTracking().ToListAsync()).Single(which));

    protected Task<List<TokenPurchase>> PurchasesOfAsync(string memberId) =>
        InScopeAsync(sp => sp.GetRequiredService<ApplicationDbContext>().TokenPurchases.AsNoTracking().Where(p => p.MemberId == memberId).ToListAsync());

    /// <summary>The page the provider sends the browser back to after paying.</summary>
    protected static string DonePath(TokenPurchase purchase) => $"/tokens/buy/{purchase.Id}/done";

    /// <summary>One run of the email-outbox job (background jobs are off in tests), which writes to the pickup folder.</summary>
    protected Task SendQueuedEmailsAsync() => InScopeAsync(sp => sp.GetRequiredService<IMediator>().Send(new SendQueuedEmailsCommand()));

    /// <summary>The token receipts queued for a member, whatever became of them.</summary>
    protected Task<List<OutboxEmail>> TokenReceiptsAsync(string memberId) =>
        InScopeAsync(sp => sp.GetRequiredService<ApplicationDbContext>().OutboxEmails.AsNoTracking()
            .Where(e => e.RecipientId == memberId && e.Kind == EmailKind.TokenPurchaseReceipt).ToListAsync());

    /// <summary>Every message the outbox wrote to the pickup folder for a member (one .eml per sent email).</summary>
    protected async Task<List<MimeMessage>> PickedUpMailAsync(string memberId)
    {
        var folder = Factory.Services.GetRequiredService<IOptions<EmailOptions>>().Value.Pickup.ResolvedFolder;
        var ids = await InScopeAsync(sp => sp.GetRequiredService<ApplicationDbContext>().OutboxEmails.AsNoTracking()
            .Where(e => e.RecipientId == memberId).Select(e => e.Id).ToListAsync());
        var mail = new List<MimeMessage>();
        foreach (var path in ids.Select(id => Path.Combine(folder, $"{id:N}.eml")).Where(File.Exists)) mail.Add(await MimeMessage.LoadAsync(path));
        return mail;
    }

    protected static bool IsTokenReceipt(MimeMessage mail) => mail.Subject?.StartsWith("Receipt:", StringComparison.Ordinal) == true;

    protected async Task<PageClient> SignedInAdminAsync(string adminEmail)
    {
        var admin = NewVisitor();
        var response = await SubmitLoginAsync(admin, adminEmail, Password);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), "the seeded super admin can log in");
        return admin;
    }
}

/// <summary>The app taking payments through Stripe.net, pointed at a local stand-in that speaks Stripe's API.</summary>
public abstract class StripeTestBase : PurchaseTestBase
{
    protected const string WebhookPath = "/webhooks/stripe";

    protected readonly string AdminEmail = UniqueEmail("admin");

    // Started in Configure (before the app starts: its address is part of the configuration) and
    // disposed in StopStripeAsync, which the analyzer cannot see through.
#pragma warning disable NUnit1032
    protected FakeStripeApi Stripe { get; private set; } = null!;
#pragma warning restore NUnit1032

    protected override void Configure(StreamingWebFactory factory)
    {
        Stripe = FakeStripeApi.StartAsync(() => factory.Clock.Now).GetAwaiter().GetResult();
        foreach (var (key, value) in Stripe.Settings()) factory.Settings[key] = value;
        factory.Settings["Seed:SuperAdmin:Email"] = AdminEmail;
        factory.Settings["Seed:SuperAdmin:Password"] = Password;
    }

    [OneTimeTearDown]
    public async Task StopStripeAsync()
    {
        if (Stripe is not null) await Stripe.DisposeAsync();
    }

    [SetUp]
    public void ResetStripe() => Stripe.Reset();

    /// <summary>Stripe's session for a checkout URL it handed out.</summary>
    protected static string SessionIdOf(Uri checkoutUrl)
    {
        Assert.That(checkoutUrl.GetLeftPart(UriPartial.Authority), Is.EqualTo("https://checkout.stripe.com"), checkoutUrl.ToString());
        return checkoutUrl.AbsolutePath.Split('/')[^1];
    }

    /// <summary>Delivers an event as Stripe's webhook sender does (signed now, by the app's clock, unless told otherwise).</summary>
    protected async Task<HttpResponseMessage> DeliverAsync(string payload, string? signature = null, bool signed = true)
    {
        using var client = Factory.CreateClient();
        using var request = FakeStripeApi.WebhookRequest(WebhookPath, payload, signed ? signature ?? FakeStripeApi.Signature(payload, Factory.Clock.Now) : null);
        return await client.SendAsync(request);
    }

    protected string CompletedEvent(string sessionId) => Stripe.Event("checkout.session.completed", Stripe.Session(sessionId));

    /// <summary>A member with a checkout opened for <paramref name="pack"/> and paid on Stripe's page (not yet reported to the app).</summary>
    protected async Task<(PageClient Member, string Email, TokenPurchase Purchase, string PaymentIntent)> PaidCheckoutAsync(TokenPack pack, string query = "")
    {
        var (member, email) = await SignedInMemberAsync("buyer");
        var session = SessionIdOf(await StartAsync(member, pack, query));
        var paymentIntent = (string)Stripe.Pay(session)["payment_intent"]!;
        return (member, email, await PurchaseAsync(p => p.CheckoutSessionId == session), paymentIntent);
    }

    protected static async Task<JsonObject> ProblemAsync(HttpResponseMessage response)
    {
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
    }
}
