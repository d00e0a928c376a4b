using Microsoft.Extensions.DependencyInjection;
using Streaming.Application.Common.Interfaces;

namespace Streaming.Web.FunctionalTests;

/// <summary>
/// A super admin's page of one account: balance and history, and "Adjust tokens" (add, or take
/// back with a reason) as new ledger lines — once per form, never below zero, never by anyone else.
/// </summary>
public class AdminAccountTests : WebTestBase
{
    private readonly string _adminEmail = UniqueEmail("admin");

    protected override void Configure(StreamingWebFactory factory)
    {
        factory.Settings["Seed:SuperAdmin:Email"] = _adminEmail;
        factory.Settings["Seed:SuperAdmin:Password"] = Password;
        factory.Settings["Seed:SuperAdmin:DisplayName"] = "Root Admin";
    }

    private async Task<PageClient> SignedInAdminAsync()
    {
        var admin = NewVisitor();
        Assert.That((await SubmitLoginAsync(admin, _adminEmail, Password)).StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        return admin;
    }

    private async Task<string> MemberWithTokensAsync(int tokens)
    {
        var (member, email) = await SignedInMemberAsync("wallet");
        member.Dispose();
        var id = (await FindUserAsync(email))!.Id;
        var grant = await InScopeAsync(sp => sp.GetRequiredService<ITokenLedger>()
            .GrantAsync(new LedgerGrant(id, tokens, "Welcome tokens", $"grant:{Guid.NewGuid():N}"), CancellationToken.None));
        Assert.That(grant.Succeeded, Is.True);
        return id;
    }

    private Task<int?> BalanceAsync(string id) =>
        InScopeAsync(async sp => (await sp.GetRequiredService<ITokenLedger>().GetBalanceAsync(id, CancellationToken.None)).Balance);

    private static string? Collapse(string? text) => text is null ? null : string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));

    private static string? Text(HtmlPage page, string css) => Collapse(page.Document.QuerySelector(css)?.TextContent);

    private static string? Flash(HtmlPage page) => Text(page, "#flash");

    [Test]
    public async Task Taking_tokens_back_with_a_reason_adds_a_ledger_line_once_and_stops_at_zero()
    {
        var memberId = await MemberWithTokensAsync(10);
        using var admin = await SignedInAdminAsync();

        var users = await admin.GetAsync("/admin/users");
        Assert.That(users.Document.QuerySelector($"tr[data-user-id='{memberId}'] a")?.GetAttribute("href"), Is.EqualTo($"/admin/users/{memberId}"));
        var page = await admin.GetAsync($"/admin/users/{memberId}");
        Assert.That(page.StatusCode, Is.EqualTo(HttpStatusCode.OK), page.ToString());
        Assert.That(Text(page, "#account-balance"), Is.EqualTo("10 tokens"));
        Assert.That(Text(page, "#history-table tbody tr"), Does.Contain("Welcome tokens"));

        var form = page.Form("#adjust-form").Set("Amount", "-3").Set("Reason", "Chargeback on a gift");
        var response = await admin.SubmitAsync(form);
        Assert.That(PageClient.RedirectTarget(response).AbsolutePath, Is.EqualTo($"/admin/users/{memberId}"));
        var after = await admin.FollowRedirectAsync(response);
        var again = await admin.SubmitAsync(form); // the same form twice (a double click, a retry)
        Assert.That(again.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(Flash(after), Is.EqualTo("Took back 3 tokens. The balance is now 7."));
            Assert.That(await BalanceAsync(memberId), Is.EqualTo(7), "taken once");
            Assert.That(Text(after, "#history-table tbody tr"), Does.Contain("Chargeback on a gift").And.Contain("-3"));
            Assert.That(after.Document.QuerySelectorAll("#history-table tbody tr"), Has.Length.EqualTo(2), "a new line; the grant is unchanged");
        }

        var more = (await admin.GetAsync($"/admin/users/{memberId}")).Form("#adjust-form").Set("Amount", "-50").Set("Reason", "Account closed");
        var emptied = await admin.FollowRedirectAsync(await admin.SubmitAsync(more));
        Assert.That(Flash(emptied), Is.EqualTo("Took back 7 tokens: only that much was left of the 50 asked. The balance is now 0."));
        Assert.That(await BalanceAsync(memberId), Is.EqualTo(0));
    }

    [Test]
    public async Task Adding_tokens_from_the_account_page_is_a_grant_with_the_reason()
    {
        var memberId = await MemberWithTokensAsync(2);
        using var admin = await SignedInAdminAsync();

        var form = (await admin.GetAsync($"/admin/users/{memberId}")).Form("#adjust-form").Set("Amount", "5").Set("Reason", "Sorry for the outage");
        var after = await admin.FollowRedirectAsync(await admin.SubmitAsync(form));

        Assert.That(Flash(after), Is.EqualTo("Added 5 tokens. The balance is now 7."));
        Assert.That(Text(after, "#history-table tbody tr"), Does.Contain("Sorry for the outage").And.Contain("+5"));
    }

    [TestCase("", "Fine", "Enter a positive number to add tokens or a negative one to take them back.")]
    [TestCase("0", "Fine", "Enter a positive number to add tokens or a negative one to take them back.")]
    [TestCase("-2", "", "Say why (the member sees it in their history).")]
    [TestCase("abc", "Fine", null)]
    public async Task A_bad_adjustment_is_answered_in_the_form_and_changes_nothing(string amount, string reason, string? message)
    {
        var memberId = await MemberWithTokensAsync(4);
        using var admin = await SignedInAdminAsync();

        var form = (await admin.GetAsync($"/admin/users/{memberId}")).Form("#adjust-form").Set("Amount", amount).Set("Reason", reason);
        var page = await admin.SubmitForPageAsync(form);

        Assert.That(page.StatusCode, Is.EqualTo(HttpStatusCode.OK), page.ToString());
        var shown = Text(page, reason == "" ? "#reason-error" : "#amount-error");
        if (message is null) Assert.That(shown, Is.Not.Empty);
        else Assert.That(shown, Is.EqualTo(message));
        Assert.That(await BalanceAsync(memberId), Is.EqualTo(4));
    }

    [Test]
    public async Task An_unknown_account_is_a_404()
    {
        using var admin = await SignedInAdminAsync();

        var page = await admin.GetAsync($"/admin/users/{Guid.NewGuid()}");

        Assert.That(page.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }

    [Test]
    public async Task A_member_can_neither_see_another_account_nor_take_its_tokens()
    {
        var victimId = await MemberWithTokensAsync(9);
        var (member, _) = await SignedInMemberAsync("thief");
        using (member)
        {
            var look = await member.Http.GetAsync($"/admin/users/{victimId}");
            Assert.That(PageClient.RedirectTarget(look).AbsolutePath, Is.EqualTo("/account/access-denied"));

            var token = (await member.GetAsync("/")).FormPostingTo("/account/logout").AntiforgeryToken!;
            var response = await member.Http.PostAsync($"/admin/users/{victimId}/tokens", new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["__RequestVerificationToken"] = token, ["Amount"] = "-9", ["Reason"] = "Mine now", ["RequestId"] = Guid.NewGuid().ToString(),
            }));

            Assert.That(PageClient.RedirectTarget(response).AbsolutePath, Is.EqualTo("/account/access-denied"));
            Assert.That(await BalanceAsync(victimId), Is.EqualTo(9));
        }
    }
}
