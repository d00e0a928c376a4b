using System.Net.Http.Headers;
using System.Text.Json;

namespace Streaming.Web.FunctionalTests;

public class ErrorHandlingTests : WebTestBase
{
    [Test]
    public async Task A_post_without_the_antiforgery_token_is_a_friendly_400()
    {
        using var visitor = NewVisitor();
        var form = (await visitor.GetAsync("/account/login")).Form()
            .Set("Email", UniqueEmail()).Set("Password", Password)
            .Remove(HtmlForm.AntiforgeryField);

        var page = await HtmlPage.ReadAsync(await visitor.SubmitAsync(form, requireToken: false));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(page.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(page.Response.Content.Headers.ContentType?.MediaType, Is.EqualTo("text/html"));
            Assert.That(page.Document.QuerySelector("h1")?.TextContent, Is.EqualTo("That request did not make sense"));
            Assert.That(page.Text, Does.Contain("Back to the home page"));
        }
    }

    [Test]
    public async Task A_post_with_neither_token_nor_cookie_is_a_400()
    {
        using var visitor = NewVisitor();
        using var content = new FormUrlEncodedContent([KeyValuePair.Create("Email", "a@b.c"), KeyValuePair.Create("Password", "x")]);

        var response = await visitor.Http.PostAsync("/account/register", content);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
    }

    [Test]
    public async Task A_token_scraped_by_another_visitor_is_refused()
    {
        using var attacker = NewVisitor();
        using var victim = NewVisitor();
        var stolen = (await attacker.GetAsync("/account/register")).Form();
        await victim.GetAsync("/account/register"); // the victim has an antiforgery cookie of its own
        var email = UniqueEmail("csrf");
        stolen.Set("DisplayName", "Victim").Set("Email", email).Set("Password", Password).Set("ConfirmPassword", Password);

        var response = await victim.SubmitAsync(stolen);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(await FindUserAsync(email), Is.Null);
    }

    [TestCase("/no/such/page")]
    [TestCase("/account/nothing-here")]
    [TestCase("/streams/00000000-0000-0000-0000-000000000000/nope")]
    public async Task An_unknown_url_is_the_friendly_404_for_an_anonymous_visitor(string url)
    {
        using var visitor = NewVisitor();

        var page = await visitor.GetAsync(url);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(page.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
            Assert.That(page.Response.Content.Headers.ContentType?.MediaType, Is.EqualTo("text/html"));
            Assert.That(page.Document.QuerySelector("h1")?.TextContent, Is.EqualTo("Page not found"));
            Assert.That(page.Title, Does.StartWith("Page not found"));
            Assert.That(page.MenuItems, Does.Contain("Log in"), "the page has the normal layout");
        }
    }

    [Test]
    public async Task An_unknown_url_is_the_friendly_404_for_a_signed_in_member()
    {
        var (visitor, email) = await SignedInMemberAsync();
        using (visitor)
        {
            var page = await visitor.GetAsync("/no/such/page");

            Assert.That(page.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
            Assert.That(page.Document.QuerySelector("h1")?.TextContent, Is.EqualTo("Page not found"));
            Assert.That(page.AccountMenuName, Is.EqualTo("Test Member"));
        }
    }

    [Test]
    public async Task A_post_to_an_unknown_url_is_a_404_not_a_400()
    {
        using var visitor = NewVisitor();
        using var content = new FormUrlEncodedContent([KeyValuePair.Create("x", "y")]);

        var response = await visitor.Http.PostAsync("/no/such/page", content);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }

    [TestCase("/api/x", "application/json")]
    [TestCase("/api/x", null)]
    [TestCase("/no/such/page", "application/json")]
    public async Task A_json_request_to_an_unknown_url_is_a_404_problem(string url, string? accept)
    {
        using var visitor = NewVisitor();
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        if (accept is not null) request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(accept));

        var response = await visitor.Http.SendAsync(request);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.That(problem.RootElement.GetProperty("status").GetInt32(), Is.EqualTo(404));
        Assert.That(problem.RootElement.GetProperty("title").GetString(), Is.EqualTo("Page not found"));
    }

    [Test]
    public async Task The_health_check_answers_healthy_without_signing_in()
    {
        using var visitor = NewVisitor();

        var response = await visitor.Http.GetAsync("/healthz");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(await response.Content.ReadAsStringAsync(), Is.EqualTo("Healthy"));
    }

    [Test]
    public async Task Every_html_response_carries_the_security_headers()
    {
        var (member, _) = await SignedInMemberAsync();
        using (member)
        {
            using var anonymous = NewVisitor();
            var pages = new List<HtmlPage>();
            foreach (var url in new[] { "/", "/streams", "/account/login", "/account/register", "/account/access-denied", "/no/such/page" })
                pages.Add(await anonymous.GetAsync(url));
            var badForm = (await anonymous.GetAsync("/account/login")).Form().Remove(HtmlForm.AntiforgeryField);
            pages.Add(await HtmlPage.ReadAsync(await anonymous.SubmitAsync(badForm, requireToken: false)));
            var wrongLogin = (await anonymous.GetAsync("/account/login")).Form().Set("Email", UniqueEmail()).Set("Password", "nope-1234");
            pages.Add(await anonymous.SubmitForPageAsync(wrongLogin));
            foreach (var url in new[] { "/", "/account/become-instructor", "/admin/users", "/no/such/page" })
                pages.Add(await member.GetAsync(url));

            using (Assert.EnterMultipleScope())
            {
                foreach (var page in pages)
                {
                    var what = $"{page.Response.RequestMessage!.Method} {page.Url.PathAndQuery} ({(int)page.StatusCode})";
                    var headers = page.Response.Headers;
                    if (page.StatusCode != HttpStatusCode.Redirect)
                        Assert.That(page.Response.Content.Headers.ContentType?.MediaType, Is.EqualTo("text/html"), what);
                    Assert.That(headers.TryGetValues("Content-Security-Policy", out var csp) ? string.Join(",", csp) : null,
                        Does.Contain("default-src 'self'").And.Contain("script-src 'self'").And.Contain("frame-ancestors 'none'"), what);
                    Assert.That(headers.TryGetValues("X-Content-Type-Options", out var nosniff) ? string.Join(",", nosniff) : null,
                        Is.EqualTo("nosniff"), what);
                    Assert.That(headers.TryGetValues("X-Frame-Options", out var frame) ? string.Join(",", frame) : null,
                        Is.EqualTo("DENY"), what);
                }
            }
        }
    }

    [Test]
    public async Task The_layout_has_no_inline_script_that_the_policy_would_block()
    {
        using var visitor = NewVisitor();
        foreach (var url in new[] { "/", "/streams", "/account/login", "/account/register", "/no/such/page" })
        {
            var page = await visitor.GetAsync(url);
            var inline = page.Document.Scripts.Where(s => string.IsNullOrEmpty(s.Source) && !string.IsNullOrWhiteSpace(s.Text)).ToList();
            var handlers = page.Document.All.SelectMany(e => e.Attributes).Where(a => a.Name.StartsWith("on", StringComparison.Ordinal)).ToList();
            var styles = page.Document.All.Where(e => e.HasAttribute("style") || e.LocalName == "style").ToList();
            Assert.That(inline, Is.Empty, url);
            Assert.That(handlers, Is.Empty, url);
            Assert.That(styles, Is.Empty, url);
        }
    }

    [TestCase("/css/site.css")]
    [TestCase("/js/site.js")]
    [TestCase("/lib/bootstrap/dist/js/bootstrap.bundle.min.js")]
    [TestCase("/lib/jquery/dist/jquery.min.js")]
    [TestCase("/lib/bootstrap/dist/css/bootstrap.min.css")]
    [TestCase("/favicon.ico")]
    public async Task The_assets_the_layout_links_to_are_served_anonymously(string url)
    {
        using var visitor = NewVisitor();

        var response = await visitor.Http.GetAsync(url);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }
}
