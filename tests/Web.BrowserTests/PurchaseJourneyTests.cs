using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.EntityFrameworkCore;
using Streaming.Application.Common.Interfaces;
using Streaming.Application.Purchases.Common;
using Streaming.Domain.Purchases;
using Streaming.Domain.Streams;
using Streaming.Domain.Users;
using Streaming.Infrastructure.Data;
using Streaming.Infrastructure.Payments.Demo;
using Streaming.Web.BrowserTests.Support;

namespace Streaming.Web.BrowserTests;

/// <summary>
/// The default run's money journey in Chromium: a new member signs up, opens a paid class, follows
/// "Buy tokens — you need N more", picks a pack, pays on the demo checkout page, lands back on the
/// class with the tokens and enrolls; a super admin refunds a purchase whose tokens were partly spent
/// and puts a new pack on sale — with no console error and no CSP violation. Screenshots of each
/// page at 390 and 1280 px (purchase-*.png) go to screenshots/ beside the test assembly.
/// </summary>
public class PurchaseJourneyTests
{
    private const int Price = 12;

    private const string AdminPassword = "admin-pass-7";

    private readonly string _title = $"Sunrise mobility {Guid.NewGuid():N}"[..26];
    private readonly string _adminEmail = $"admin-{Guid.NewGuid():N}@example.test";

    private TestDatabase _database = null!;
    private StreamingWebFactory _factory = null!;
    private IPlaywright _playwright = null!;
    private IBrowser _browser = null!;
    private Uri _baseAddress = null!;
    private Guid _streamId;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _database = await TestDatabase.CreateAsync();
        _factory = new StreamingWebFactory(_database);
        _factory.Settings["Seed:SuperAdmin:Email"] = _adminEmail;
        _factory.Settings["Seed:SuperAdmin:Password"] = AdminPassword;
        _baseAddress = _factory.StartKestrel();
        await SeedAsync();
        _playwright = await Playwright.CreateAsync();
        _browser = await Chromium.LaunchAsync(_playwright);
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        await Chromium.ShutDownAsync(_browser, _playwright);
        if (_factory is not null) await _factory.DisposeAsync();
        if (_database is not null) await _database.DisposeAsync();
    }

    /// <summary>An instructor's paid class and the packs a super admin put on sale, through the app's own services.</summary>
    private async Task SeedAsync()
    {
        await using var scope = _factory.Services.CreateAsyncScope();
        var (instructorId, errors) = await scope.ServiceProvider.GetRequiredService<IIdentityService>().CreateUserAsync(
            $"coach-{Guid.NewGuid():N}@example.test", "coach-pass-7", "Coach Journey", Roles.Instructor, CancellationToken.None);
        Assert.That(instructorId, Is.Not.Null, string.Join(" ", errors));

        var now = _factory.Clock.Now;
        var db = scope.ServiceProvider.GetRequiredService<ApplicationDbContext>();
        var stream = LiveStream.Schedule(instructorId!, _title, "Hips, shoulders and spine, 30 minutes.", "Mobility", now.AddDays(1), 30, Price, 20, now);
        db.Streams.Add(stream);
        db.TokenPacks.Add(TokenPack.Create("Starter", 10, new Money(500, "EUR"), now));
        db.TokenPacks.Add(TokenPack.Create("Regular", 25, new Money(1000, "EUR"), now));
        db.TokenPacks.Add(TokenPack.Create("Big", 50, new Money(1800, "EUR"), now));
        await db.SaveChangesAsync();
        _streamId = stream.Id;
    }

    [Test]
    public async Task A_new_member_buys_a_pack_on_the_demo_checkout_and_enrolls_in_a_paid_class()
    {
        var problems = new ConcurrentQueue<string>();
        var (context, page) = await Chromium.MonitoredPageAsync(_browser, new BrowserNewContextOptions { BaseURL = _baseAddress.ToString() }, problems);
        await using var _ = Chromium.ClosesAtEnd(context);
        await Chromium.RunJourneyAsync(page, problems, () => JourneyAsync(page, problems));
    }

    private async Task JourneyAsync(IPage page, ConcurrentQueue<string> problems)
    {
        var email = $"buyer-{Guid.NewGuid():N}@example.test";
        const string password = "buyer-pass-7";

        // Sign up: a new member has no tokens.
        await page.GotoAsync("/account/register");
        await page.GetByLabel("Your name").FillAsync("New Buyer");
        await page.GetByLabel("Email").FillAsync(email);
        await page.GetByLabel("Password", new() { Exact = true }).FillAsync(password);
        await page.GetByLabel("Confirm password").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign up" }).ClickAsync();
        await Assertions.Expect(page.Locator("#token-balance")).ToContainTextAsync("0 tokens");

        // The paid class says how many tokens are missing.
        await page.GotoAsync($"/streams/{_streamId}");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync(_title);
        var buy = page.Locator("#details-buy-tokens");
        await Assertions.Expect(buy).ToHaveTextAsync($"Buy tokens — you need {Price} more");
        await Screenshots.CaptureAsync(page, "purchase-1-class-needs-tokens");

        // The packs: the ones that cover the shortfall stand out.
        await buy.ClickAsync();
        await Chromium.ExpectLoadedAsync(page, "**/tokens/buy?*");
        await Assertions.Expect(page.Locator("#buy-balance")).ToHaveTextAsync($"You have 0 tokens. You need {Price} more.");
        await Assertions.Expect(page.Locator("#demo-notice")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator(".token-pack.border-primary")).ToHaveCountAsync(2);
        await Screenshots.CaptureAsync(page, "purchase-2-buy-page");

        // The demo checkout, clearly labelled.
        await page.GetByRole(AriaRole.Button, new() { Name = "Buy 25 tokens for €10.00" }).ClickAsync();
        await Chromium.ExpectLoadedAsync(page, "**/demo-checkout/*");
        await Assertions.Expect(page.Locator("#demo-banner")).ToContainTextAsync("DEMO CHECKOUT");
        await Screenshots.CaptureAsync(page, "purchase-3-demo-checkout");

        // Pay: back on the class with the tokens.
        await page.GetByRole(AriaRole.Button, new() { Name = "Pay €10.00 (demo)" }).ClickAsync();
        await Chromium.ExpectLoadedAsync(page, $"**/streams/{_streamId}");
        await Assertions.Expect(page.Locator("#flash")).ToHaveTextAsync("25 tokens added (Regular, €10.00). Your balance is now 25. You can enroll now.");
        await Assertions.Expect(page.Locator("#token-balance")).ToContainTextAsync("25 tokens");
        await Assertions.Expect(page.Locator("#details-buy-tokens")).ToHaveCountAsync(0);
        await Screenshots.CaptureAsync(page, "purchase-4-class-after-buying");

        // Enroll.
        await page.GetByRole(AriaRole.Button, new() { Name = $"Enroll for {Price} tokens" }).ClickAsync();
        await Assertions.Expect(page.Locator("#enrolled-note")).ToHaveTextAsync("You are enrolled in this class.");
        await Assertions.Expect(page.Locator("#token-balance")).ToContainTextAsync($"{25 - Price} tokens");
        await Screenshots.CaptureAsync(page, "purchase-5-enrolled");

        // The receipt.
        await page.Locator("nav").GetByRole(AriaRole.Link, new() { Name = "Tokens", Exact = true }).ClickAsync();
        await Chromium.ExpectLoadedAsync(page, "**/tokens");
        await Assertions.Expect(page.Locator("#receipts tbody tr")).ToContainTextAsync("Regular");
        await Screenshots.CaptureAsync(page, "purchase-6-tokens-with-receipt");

        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        Assert.That(problems, Is.Empty, string.Join(Environment.NewLine, problems));
    }

    [Test]
    public async Task The_super_admin_refunds_a_purchase_whose_tokens_were_partly_spent()
    {
        var buyer = await PaidAndPartlySpentAsync();
        var problems = new ConcurrentQueue<string>();
        var (context, page) = await Chromium.MonitoredPageAsync(_browser, new BrowserNewContextOptions { BaseURL = _baseAddress.ToString() }, problems);
        await using var _ = Chromium.ClosesAtEnd(context);
        await Chromium.RunJourneyAsync(page, problems, async () =>
        {
            await page.GotoAsync("/");
            await Chromium.LogInThroughTheNavigationAsync(page, _adminEmail, AdminPassword);
            await page.Locator("#admin-menu").ClickAsync();
            await page.GetByRole(AriaRole.Link, new() { Name = "Purchases" }).ClickAsync();
            await Chromium.ExpectLoadedAsync(page, "**/admin/purchases");
            var row = page.Locator("#purchases tbody tr", new() { HasText = buyer });
            await Assertions.Expect(row.Locator(".purchase-status")).ToHaveTextAsync("Paid");
            await Screenshots.CaptureAsync(page, "purchase-7-admin-purchases");

            await row.GetByRole(AriaRole.Link, new() { Name = "Refund…" }).ClickAsync();
            await Assertions.Expect(page.Locator("#refund-shortfall")).ToContainTextAsync("20 tokens cannot be taken back");
            await Screenshots.CaptureAsync(page, "purchase-8-admin-refund-confirm");

            await page.GetByRole(AriaRole.Button, new() { Name = "Refund €10.00" }).ClickAsync();
            await Chromium.ExpectLoadedAsync(page, "**/admin/purchases");
            await Assertions.Expect(page.Locator("#flash")).ToHaveTextAsync(
                "Refunded €10.00. 5 tokens taken back; 20 had already been spent and are recorded as not recovered.");
            await Assertions.Expect(row.Locator(".not-recovered")).ToHaveTextAsync("20 not recovered");
            await Assertions.Expect(page.Locator("#not-recovered-summary")).ToBeVisibleAsync();
            await Screenshots.CaptureAsync(page, "purchase-9-admin-purchases-after-refund");

            await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
            Assert.That(problems, Is.Empty, string.Join(Environment.NewLine, problems));
        });
    }

    [Test]
    public async Task The_super_admin_puts_a_pack_on_sale_and_members_see_it_on_the_buy_page()
    {
        var name = $"Trial {Guid.NewGuid():N}"[..12];
        var problems = new ConcurrentQueue<string>();
        var (context, page) = await Chromium.MonitoredPageAsync(_browser, new BrowserNewContextOptions { BaseURL = _baseAddress.ToString() }, problems);
        await using var _ = Chromium.ClosesAtEnd(context);
        await Chromium.RunJourneyAsync(page, problems, async () =>
        {
            await page.GotoAsync("/");
            await Chromium.LogInThroughTheNavigationAsync(page, _adminEmail, AdminPassword);
            await page.Locator("#admin-menu").ClickAsync();
            await page.GetByRole(AriaRole.Link, new() { Name = "Token packs" }).ClickAsync();
            await Chromium.ExpectLoadedAsync(page, "**/admin/token-packs");
            await page.GetByRole(AriaRole.Link, new() { Name = "New pack" }).ClickAsync();
            await Chromium.ExpectLoadedAsync(page, "**/admin/token-packs/new");

            // A pack without a price is refused on the page, with what was typed kept.
            await page.GetByLabel("Name").FillAsync(name);
            await page.GetByLabel("Tokens").FillAsync("5");
            await page.GetByLabel("Price").FillAsync("0");
            await page.GetByRole(AriaRole.Button, new() { Name = "Put on sale" }).ClickAsync();
            await Assertions.Expect(page.Locator("[data-valmsg-for='Price']")).ToHaveTextAsync("Enter the price.");
            await Assertions.Expect(page.GetByLabel("Name")).ToHaveValueAsync(name);
            await Screenshots.CaptureAsync(page, "purchase-10-admin-new-pack-refused");

            await page.GetByLabel("Price").FillAsync("2.50");
            await page.GetByRole(AriaRole.Button, new() { Name = "Put on sale" }).ClickAsync();
            await Chromium.ExpectLoadedAsync(page, "**/admin/token-packs");
            await Assertions.Expect(page.Locator("#flash")).ToHaveTextAsync($"The pack \"{name}\" is on sale.");
            var row = page.Locator("#token-packs tbody tr", new() { HasText = name });
            await Assertions.Expect(row).ToContainTextAsync("€2.50");
            await Assertions.Expect(row).ToContainTextAsync("On sale");
            await Screenshots.CaptureAsync(page, "purchase-11-admin-token-packs");

            await page.GotoAsync("/tokens/buy");
            await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Buy 5 tokens for €2.50" })).ToBeVisibleAsync();

            await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
            Assert.That(problems, Is.Empty, string.Join(Environment.NewLine, problems));
        });
    }

    /// <summary>A member who bought 25 tokens through the demo checkout (the app's own services) and spent 20. Returns their email.</summary>
    private async Task<string> PaidAndPartlySpentAsync()
    {
        await using var scope = _factory.Services.CreateAsyncScope();
        var sp = scope.ServiceProvider;
        var email = $"spender-{Guid.NewGuid():N}@example.test";
        var (memberId, errors) = await sp.GetRequiredService<IIdentityService>().CreateUserAsync(email, "spender-pass-7", "Spender", Roles.Member, CancellationToken.None);
        Assert.That(memberId, Is.Not.Null, string.Join(" ", errors));

        var db = sp.GetRequiredService<ApplicationDbContext>();
        var now = _factory.Clock.Now;
        var pack = await db.TokenPacks.SingleAsync(p => p.Name == "Regular");
        var purchase = TokenPurchase.Start(memberId!, pack, DemoPaymentProvider.ProviderName, Guid.NewGuid(), null, now);
        db.TokenPurchases.Add(purchase);
        await db.SaveChangesAsync();
        var demo = sp.GetRequiredService<DemoPaymentProvider>();
        var session = await demo.StartCheckoutAsync(new CheckoutRequest(purchase.Id, "25 tokens — Regular", purchase.Amount, email,
            "http://unused/done", "http://unused/cancelled", $"checkout:{purchase.Id}"), CancellationToken.None);
        purchase.AttachCheckout(session.SessionId, now);
        await db.SaveChangesAsync();
        await demo.MarkPaidAsync(session.SessionId, CancellationToken.None);
        await sp.GetRequiredService<PurchaseSettlement>().ApplyAsync(purchase.Id,
            PaymentFacts.From(await demo.GetCheckoutAsync(session.SessionId, CancellationToken.None)), CancellationToken.None);
        var spent = await sp.GetRequiredService<ITokenLedger>().DeductAsync(
            new LedgerDeduction(memberId!, 20, "Class: spent", _streamId, $"spent:{Guid.NewGuid():N}"), CancellationToken.None);
        Assert.That(spent.Balance, Is.EqualTo(5), spent.Message);
        return email;
    }
}
