using Microsoft.Extensions.DependencyInjection;
using Streaming.Application.Common.Interfaces;

namespace Streaming.Web.FunctionalTests;

public class AdminTests : WebTestBase
{
    private readonly string _adminEmail = UniqueEmail("admin");

    /// <summary>The first super admin comes from the Seed:SuperAdmin settings, as in production.</summary>
    protected override void Configure(StreamingWebFactory factory)
    {
        factory.Settings["Seed:SuperAdmin:Email"] = _adminEmail;
        factory.Settings["Seed:SuperAdmin:Password"] = Password;
        factory.Settings["Seed:SuperAdmin:DisplayName"] = "Root Admin";
    }

    private async Task<PageClient> SignedInAdminAsync()
    {
        var admin = NewVisitor();
        var response = await SubmitLoginAsync(admin, _adminEmail, Password);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), "the seeded super admin can log in");
        return admin;
    }

    [Test]
    public async Task A_member_gets_the_403_page()
    {
        var (visitor, _) = await SignedInMemberAsync();
        using (visitor)
        {
            var response = await visitor.Http.GetAsync("/admin/users");

            var target = PageClient.RedirectTarget(response);
            Assert.That(target.AbsolutePath, Is.EqualTo("/account/access-denied"));
            var page = await visitor.FollowRedirectAsync(response);
            using (Assert.EnterMultipleScope())
            {
                Assert.That(page.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
                Assert.That(page.Document.QuerySelector("h1")?.TextContent, Is.EqualTo("You do not have access"));
                Assert.That(page.MenuItems, Does.Not.Contain("Admin"));
            }
        }
    }

    [Test]
    public async Task A_member_cannot_promote_anyone()
    {
        var (visitor, email) = await SignedInMemberAsync();
        using (visitor)
        {
            var userId = (await FindUserAsync(email))!.Id;
            var form = (await visitor.GetAsync("/")).FormPostingTo("/account/logout").PostTo($"/admin/users/{userId}/make-instructor");

            var response = await visitor.SubmitAsync(form);

            Assert.That(PageClient.RedirectTarget(response).AbsolutePath, Is.EqualTo("/account/access-denied"));
            Assert.That(await RolesOfAsync(email), Is.EquivalentTo(new[] { "Member" }));
        }
    }

    [Test]
    public async Task An_anonymous_visitor_is_sent_to_log_in()
    {
        using var visitor = NewVisitor();

        var response = await visitor.Http.GetAsync("/admin/users");

        Assert.That(PageClient.RedirectTarget(response).AbsolutePath, Is.EqualTo("/account/login"));
    }

    [Test]
    public async Task The_super_admin_sees_the_users_and_makes_one_an_instructor()
    {
        var (member, memberEmail) = await SignedInMemberAsync("pupil");
        member.Dispose();
        using var admin = await SignedInAdminAsync();

        var page = await admin.GetAsync("/admin/users");
        Assert.That(page.StatusCode, Is.EqualTo(HttpStatusCode.OK), page.ToString());
        Assert.That(page.MenuItems, Does.Contain("Admin"));
        var row = RowOf(page, memberEmail);
        Assert.That(row.Cells[2].TextContent.Trim(), Is.EqualTo("Member"));
        Assert.That(RowOf(page, _adminEmail).Cells[2].TextContent, Does.Contain("SuperAdmin"));

        var form = new HtmlForm(row.QuerySelector("form") as IHtmlFormElement ?? throw new AssertionException("no Make instructor form"), page.Url);
        var response = await admin.SubmitAsync(form);

        Assert.That(PageClient.RedirectTarget(response).AbsolutePath, Is.EqualTo("/admin/users"));
        var after = await admin.FollowRedirectAsync(response);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(after.Text, Does.Contain("The account is now an instructor."));
            var promoted = RowOf(after, memberEmail);
            Assert.That(promoted.Cells[2].TextContent.Trim(), Is.EqualTo("Instructor, Member"));
            Assert.That(promoted.QuerySelector("form"), Is.Null, "no Make instructor button any more");
            Assert.That(await RolesOfAsync(memberEmail), Is.EquivalentTo(new[] { "Member", "Instructor" }));
        }
    }

    [Test]
    public async Task The_search_narrows_the_list()
    {
        var needle = $"Needle{Guid.NewGuid():N}"[..14];
        var email = UniqueEmail("searched");
        await InScopeAsync(sp => sp.GetRequiredService<IIdentityService>()
            .CreateUserAsync(email, Password, needle, "Member", CancellationToken.None));
        using var admin = await SignedInAdminAsync();

        var search = (await admin.GetAsync("/admin/users")).Form("form[role=search]").Set("search", needle.ToLowerInvariant());
        var page = await HtmlPage.ReadAsync(await admin.SubmitAsync(search));

        var emails = page.Document.QuerySelectorAll("tbody tr").Select(r => ((IHtmlTableRowElement)r).Cells[1].TextContent.Trim()).ToList();
        Assert.That(emails, Is.EqualTo(new[] { email }));
    }

    [Test]
    public async Task Promoting_an_unknown_id_is_a_404()
    {
        using var admin = await SignedInAdminAsync();
        var form = (await admin.GetAsync("/admin/users")).FormPostingTo("/account/logout")
            .PostTo($"/admin/users/{Guid.NewGuid()}/make-instructor");

        var page = await admin.SubmitForPageAsync(form);

        Assert.That(page.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(page.Document.QuerySelector("h1")?.TextContent, Is.EqualTo("Page not found"));
    }

    private static IHtmlTableRowElement RowOf(HtmlPage page, string email) =>
        page.Document.QuerySelectorAll("tbody tr").OfType<IHtmlTableRowElement>()
            .SingleOrDefault(r => r.Cells[1].TextContent.Trim() == email)
        ?? throw new AssertionException($"No row for {email} on {page}");
}
