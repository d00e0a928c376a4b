namespace Streaming.Web.FunctionalTests.Tokens;

/// <summary>/tokens (balance and history) and /admin/tokens (a super admin grants tokens).</summary>
public class TokensPageTests : ClassesTestBase
{
    private readonly string _adminEmail = UniqueEmail("admin");

    protected override void Configure(StreamingWebFactory factory)
    {
        factory.Settings["Seed:SuperAdmin:Email"] = _adminEmail;
        factory.Settings["Seed:SuperAdmin:Password"] = Password;
        factory.Settings["Seed:SuperAdmin:DisplayName"] = "Token Admin";
    }

    private async Task<PageClient> SignedInAdminAsync()
    {
        var admin = NewVisitor();
        var response = await SubmitLoginAsync(admin, _adminEmail, Password);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), "the seeded super admin can log in");
        return admin;
    }

    private static async Task<HtmlForm> GrantFormAsync(PageClient admin, string email, string amount, string reason = "Welcome bonus")
    {
        var page = await admin.GetAsync("/admin/tokens");
        Assert.That(page.StatusCode, Is.EqualTo(HttpStatusCode.OK), page.ToString());
        var form = page.Form();
        Assert.That(Guid.TryParse(form["RequestId"], out var requestId) && requestId != Guid.Empty, Is.True, "the form carries a request id");
        return form.Set("Email", email).Set("Amount", amount).Set("Reason", reason);
    }

    [Test]
    public async Task The_tokens_page_shows_the_balance_and_the_history_with_links_to_classes()
    {
        var coach = await InstructorAsync();
        var stream = await ScheduleAsync(coach, "History class", price: 7);
        var (member, email) = await SignedInMemberAsync();
        using (member)
        {
            await GrantAsync(email, 20);
            await EnrollAsync(member, stream.Id);

            var page = await member.GetAsync("/tokens");

            var rows = HistoryRows(page);
            using (Assert.EnterMultipleScope())
            {
                Assert.That(page.StatusCode, Is.EqualTo(HttpStatusCode.OK), page.ToString());
                Assert.That(Collapse(page.Document.QuerySelector("#balance")?.TextContent), Is.EqualTo("13 tokens"));
                Assert.That(NavBalance(page), Is.EqualTo(13));
                Assert.That(rows, Has.Count.EqualTo(2));
                Assert.That(rows[0], Is.EqualTo(rows[0] with { Kind = "Enrollment", Amount = "-7", What = "History class", Link = $"/streams/{stream.Id}", BalanceAfter = "13" }));
                Assert.That(rows[1], Is.EqualTo(rows[1] with { Kind = "Grant", Amount = "+20", What = "Test grant", Link = null, BalanceAfter = "20" }));
                Assert.That(rows.Select(r => r.Date), Has.All.Match(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$"), "a machine-readable date");
                var buy = page.Document.QuerySelectorAll("main a").SingleOrDefault(a => a.TextContent.Trim() == "Buy tokens");
                Assert.That(buy?.GetAttribute("href"), Is.EqualTo("/tokens/buy"), "the web purchase (built-in ledger, demo checkout)");
            }
        }
    }

    [Test]
    public async Task A_new_member_has_zero_tokens_and_no_history()
    {
        var (member, _) = await SignedInMemberAsync();
        using (member)
        {
            var page = await member.GetAsync("/tokens");

            Assert.That(Collapse(page.Document.QuerySelector("#balance")?.TextContent), Is.EqualTo("0 tokens"));
            Assert.That(page.Document.QuerySelector("#history"), Is.Null);
            Assert.That(page.Text, Does.Contain("No transactions yet."));
        }
    }

    [Test]
    public async Task An_anonymous_visitor_is_sent_to_log_in_for_the_tokens_page()
    {
        using var visitor = NewVisitor();

        var response = await visitor.Http.GetAsync("/tokens");

        Assert.That(PageClient.RedirectTarget(response).AbsolutePath, Is.EqualTo("/account/login"));
    }

    [Test]
    public async Task A_member_gets_the_403_page_for_the_grant_page_and_cannot_post_to_it()
    {
        var (member, email) = await SignedInMemberAsync();
        using (member)
        {
            var response = await member.Http.GetAsync("/admin/tokens");

            Assert.That(PageClient.RedirectTarget(response).AbsolutePath, Is.EqualTo("/account/access-denied"));
            var page = await member.FollowRedirectAsync(response);
            Assert.That(page.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));

            // A hand-made grant to themselves, with a valid antiforgery token.
            var form = TokenFormPostingTo(await member.GetAsync("/tokens"), "/admin/tokens");
            var content = new FormUrlEncodedContent(form.Values.Concat(new Dictionary<string, string>
            {
                ["Email"] = email, ["Amount"] = "500", ["Reason"] = "free money", ["RequestId"] = Guid.NewGuid().ToString(),
            }));
            var forged = await member.Http.PostAsync(form.Action, content);

            Assert.That(PageClient.RedirectTarget(forged).AbsolutePath, Is.EqualTo("/account/access-denied"));
            Assert.That(await LedgerBalanceAsync(email), Is.Zero);
        }
    }

    [Test]
    public async Task The_super_admin_grants_tokens_and_the_member_sees_them()
    {
        var (member, email) = await SignedInMemberAsync();
        using var admin = await SignedInAdminAsync();
        using (member)
        {
            var response = await admin.SubmitAsync(await GrantFormAsync(admin, email.ToUpperInvariant(), "25", "Loyalty"));

            Assert.That(PageClient.RedirectTarget(response).AbsolutePath, Is.EqualTo("/admin/tokens"));
            var after = await admin.FollowRedirectAsync(response);
            var tokens = await member.GetAsync("/tokens");
            using (Assert.EnterMultipleScope())
            {
                Assert.That(Flash(after), Is.EqualTo($"Granted 25 tokens to {email.ToUpperInvariant()}. Their balance is now 25."));
                Assert.That(after.Form()["Email"], Is.Empty, "a fresh form");
                Assert.That(Collapse(tokens.Document.QuerySelector("#balance")?.TextContent), Is.EqualTo("25 tokens"));
                Assert.That(HistoryRows(tokens).Single(), Is.EqualTo(HistoryRows(tokens).Single() with { Kind = "Grant", Amount = "+25", What = "Loyalty", BalanceAfter = "25" }));
            }
        }
    }

    [Test]
    public async Task Granting_to_an_unknown_email_says_so_on_the_page()
    {
        using var admin = await SignedInAdminAsync();
        var form = await GrantFormAsync(admin, UniqueEmail("nobody"), "10");

        var page = await admin.SubmitForPageAsync(form);

        Assert.That(page.StatusCode, Is.EqualTo(HttpStatusCode.OK), page.ToString());
        Assert.That(page.FieldMessage("Email"), Is.EqualTo("No account has this email address."));
        Assert.That(page.Form()["Amount"], Is.EqualTo("10"), "the form keeps what was typed");
    }

    [TestCase("0")]
    [TestCase("-5")]
    [TestCase("1000000")]
    public async Task An_amount_out_of_range_says_so_and_grants_nothing(string amount)
    {
        var (member, email) = await SignedInMemberAsync();
        member.Dispose();
        using var admin = await SignedInAdminAsync();
        var form = await GrantFormAsync(admin, email, amount);

        var page = await admin.SubmitForPageAsync(form);

        Assert.That(page.StatusCode, Is.EqualTo(HttpStatusCode.OK), page.ToString());
        Assert.That(page.FieldMessage("Amount"), Is.EqualTo("Grant between 1 and 100,000 tokens."));
        Assert.That(await LedgerBalanceAsync(email), Is.Zero);
    }

    [Test]
    public async Task Submitting_the_same_grant_form_twice_grants_once()
    {
        var (member, email) = await SignedInMemberAsync();
        member.Dispose();
        using var admin = await SignedInAdminAsync();
        var form = await GrantFormAsync(admin, email, "30");

        // A double click (both at once), then the Back button and Submit again.
        var both = await Task.WhenAll(admin.SubmitAsync(form), admin.SubmitAsync(form));
        var again = await admin.SubmitAsync(form);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(both.Append(again).Select(r => PageClient.RedirectTarget(r).AbsolutePath), Is.All.EqualTo("/admin/tokens"));
            Assert.That(await LedgerBalanceAsync(email), Is.EqualTo(30));
            Assert.That((await LedgerHistoryAsync(email)).Count(l => l.Kind == "Grant"), Is.EqualTo(1));
        }

        // A new form is a new grant.
        await admin.SubmitAsync(await GrantFormAsync(admin, email, "5"));
        Assert.That(await LedgerBalanceAsync(email), Is.EqualTo(35));
    }
}

/// <summary>No web purchase (Payments:Provider=None) and no Tokens:BuyTokensUrl: no "Buy tokens" link, only where tokens are bought.</summary>
public class TokensPageWithoutBuyLinkTests : ClassesTestBase
{
    protected override void Configure(StreamingWebFactory factory) => factory.Settings["Payments:Provider"] = "None";

    [Test]
    public async Task There_is_no_buy_tokens_link()
    {
        var (member, _) = await SignedInMemberAsync();
        using (member)
        {
            var page = await member.GetAsync("/tokens");

            Assert.That(page.Document.QuerySelectorAll("a").Select(a => a.TextContent.Trim()), Does.Not.Contain("Buy tokens"));
            Assert.That(page.Text, Does.Contain("Tokens are bought in the iOS app."));
        }
    }
}
