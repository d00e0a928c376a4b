using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Streaming.Application.Common.Interfaces;
using Streaming.Web.FunctionalTests.Instructor;

namespace Streaming.Web.FunctionalTests.Validation;

/// <summary>
/// The validators of list pages, links and images through real HTTP: input that names nothing the
/// page offers is a 400 with the reason (on the page, or in a problem body when JSON is asked for);
/// what the pages have always read sensibly (a page number out of range, an unknown period, an
/// over-long search) still shows the page; links checked by their signature keep their own answer.
/// </summary>
public class InputValidationTests : InstructorTestBase
{
    private const string Overview = "/instructor/analytics";

    private readonly string _adminEmail = UniqueEmail("admin");

    protected override void Configure(StreamingWebFactory factory)
    {
        base.Configure(factory);
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

    private static string Message(HtmlPage page) => page.Document.QuerySelector("p.lead")?.TextContent ?? "";

    [Test]
    public async Task Pages_that_bring_a_bad_page_number_back_into_range_still_show()
    {
        using var coach = await SignedInInstructorAsync();
        using var admin = await SignedInAdminAsync();
        using var visitor = NewVisitor();

        var pages = new List<(string Url, HtmlPage Page)>();
        foreach (var url in new[] { "/streams?page=0", "/streams?page=abc&price=Cheap", "/streams?q=" + new string('y', 300) })
            pages.Add((url, await visitor.GetAsync(url)));
        foreach (var url in new[] { "/workouts?page=0", "/workouts?page=-5&length=Forever", Dashboard + "?page=0&sort=Sideways", Dashboard + "?q=" + new string('y', 300),
                     Overview + "?page=-3&period=year", Overview + "?page=abc" })
            pages.Add((url, await coach.Visitor.GetAsync(url)));
        foreach (var url in new[] { "/admin/users?page=abc", "/admin/purchases?page=0&show=paid", "/admin/purchases?show=" })
            pages.Add((url, await admin.GetAsync(url)));

        Assert.That(pages.Where(p => p.Page.StatusCode != HttpStatusCode.OK).Select(p => $"{p.Url}: {(int)p.Page.StatusCode} {Message(p.Page)}"), Is.Empty);
    }

    [Test]
    public async Task Filters_that_name_nothing_the_page_offers_are_a_400_with_the_reason()
    {
        using var coach = await SignedInInstructorAsync();
        using var admin = await SignedInAdminAsync();
        using var visitor = NewVisitor();

        var catalog = await visitor.GetAsync("/streams?instructor=" + new string('x', 451));
        var workouts = await coach.Visitor.GetAsync("/workouts?category=" + new string('x', 61));
        var overview = await coach.Visitor.GetAsync(Overview + "?period=" + new string('9', 21));
        var purchases = await admin.GetAsync("/admin/purchases?show=everything");
        var users = await admin.GetAsync("/admin/users?search=" + new string('s', 201));

        Assert.Multiple(() =>
        {
            Assert.That((catalog.StatusCode, Message(catalog)), Is.EqualTo((HttpStatusCode.BadRequest, "Pick an instructor from the list.")));
            Assert.That((workouts.StatusCode, Message(workouts)), Is.EqualTo((HttpStatusCode.BadRequest, "Pick a category from the list.")));
            Assert.That((overview.StatusCode, Message(overview)), Is.EqualTo((HttpStatusCode.BadRequest, "Pick a period from the list.")));
            Assert.That((purchases.StatusCode, Message(purchases)),
                Is.EqualTo((HttpStatusCode.BadRequest, "Show one of: all, paid, refunded, not-recovered, pending.")));
            Assert.That((users.StatusCode, Message(users)), Is.EqualTo((HttpStatusCode.BadRequest, "Search names and emails with at most 200 characters.")));
        });
        Assert.That((await admin.GetAsync("/admin/users?search=" + new string('s', 200))).StatusCode, Is.EqualTo(HttpStatusCode.OK), "the longest search passes");
    }

    [Test]
    public async Task Asked_for_json_a_refused_filter_is_a_problem_body_naming_the_field()
    {
        using var visitor = NewVisitor();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/streams?instructor=" + new string('x', 451));
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));

        var response = await visitor.Http.SendAsync(request);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
        var problem = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.That((string?)problem["errors"]!["Instructor"]![0], Is.EqualTo("Pick an instructor from the list."));
    }

    [Test]
    public async Task A_thumbnail_version_longer_than_any_file_name_is_a_400_and_a_plausible_one_is_answered()
    {
        var coach = await InstructorAsync();
        var stream = await ScheduleAsync(coach, "Thumbnail-less class");
        using var visitor = NewVisitor();

        var junk = await visitor.Http.GetAsync($"/streams/{stream.Id}/thumbnail?v={new string('v', 101)}");
        var plausible = await visitor.Http.GetAsync($"/streams/{stream.Id}/thumbnail?v={Guid.NewGuid():N}");

        Assert.That((junk.StatusCode, plausible.StatusCode), Is.EqualTo((HttpStatusCode.BadRequest, HttpStatusCode.NotFound)),
            "a class without a thumbnail answers 404 for any version it could have had");
    }

    [Test]
    public async Task Email_links_of_the_wrong_shape_get_the_same_link_not_valid_page_as_a_forged_code()
    {
        using var visitor = NewVisitor();
        var longCode = new string('c', 1001);

        var confirm = await visitor.GetAsync($"/account/confirm-email?userId={Guid.NewGuid()}&code={longCode}");
        var forged = await visitor.GetAsync($"/account/confirm-email?userId={Guid.NewGuid()}&code=forged");
        var change = await visitor.GetAsync($"/account/confirm-email-change?userId={Guid.NewGuid()}&email=not-an-address&code=abc");
        var unsubscribe = await visitor.GetAsync($"/email/unsubscribe?token={new string('t', 1001)}");
        var unsubscribePost = await visitor.Http.PostAsync($"/email/unsubscribe?token={new string('t', 1001)}", null);
        var unsubscribed = await HtmlPage.ReadAsync(unsubscribePost);

        Assert.Multiple(() =>
        {
            foreach (var page in new[] { confirm, forged, change })
            {
                Assert.That(page.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
                Assert.That(page.Document.QuerySelector("#link-invalid")?.TextContent, Is.EqualTo(AccountEmailMessages.InvalidLink));
            }

            Assert.That((unsubscribe.StatusCode, unsubscribe.Document.QuerySelector("#unsubscribe-invalid") is not null), Is.EqualTo((HttpStatusCode.BadRequest, true)));
            Assert.That((unsubscribePost.StatusCode, unsubscribed.Document.QuerySelector("#unsubscribe-invalid") is not null), Is.EqualTo((HttpStatusCode.BadRequest, true)));
        });
    }
}
