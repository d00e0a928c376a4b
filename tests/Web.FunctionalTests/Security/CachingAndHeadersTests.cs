using Microsoft.AspNetCore.Mvc.Testing;
using Streaming.Web.FunctionalTests.Instructor;

namespace Streaming.Web.FunctionalTests.Security;

/// <summary>
/// Private pages are never cached; thumbnails have a URL per image so public caching is safe; the
/// auth cookie is Secure whenever the request is HTTPS, behind a trusted proxy too; no Server header.
/// </summary>
public class CachingAndHeadersTests : ThumbnailsTestBase
{
    protected override void Configure(StreamingWebFactory factory)
    {
        base.Configure(factory);
        factory.Settings["Security:TrustedProxies:0"] = "127.0.0.1";
    }

    [TestCase("/me/classes")]
    [TestCase("/tokens")]
    [TestCase("/account/security")]
    [TestCase("/account/security/export")]
    public async Task A_signed_in_page_is_not_stored_by_browsers_or_proxies(string path)
    {
        var (visitor, _) = await SignedInMemberAsync();
        using (visitor)
        {
            var response = await visitor.Http.GetAsync(path);

            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(response.Headers.CacheControl?.NoStore, Is.True, response.Headers.CacheControl?.ToString());
        }
    }

    [Test]
    public async Task The_analytics_csv_is_not_stored()
    {
        using var coach = await SignedInInstructorAsync();
        var stream = await ScheduleAsync(coach.Id);

        var response = await coach.Visitor.Http.GetAsync($"/instructor/streams/{stream.Id}/analytics.csv");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(response.Headers.CacheControl?.NoStore, Is.True, response.Headers.CacheControl?.ToString());
    }

    [Test]
    public async Task A_thumbnail_is_cached_for_good_under_its_own_version_and_an_old_url_points_to_the_new_image()
    {
        using var coach = await SignedInInstructorAsync();
        var (id, firstKey, _) = await ClassWithThumbnailAsync(coach);
        var firstUrl = await CurrentImagePathAsync(id);
        await UploadAndFollowAsync(coach.Visitor, id, OtherJpeg);
        var secondUrl = await CurrentImagePathAsync(id);
        using var visitor = NewVisitor();

        var current = await visitor.Http.GetAsync(secondUrl);
        var old = await visitor.Http.GetAsync(firstUrl);
        var bare = await visitor.Http.GetAsync(ImagePath(id));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(secondUrl, Is.Not.EqualTo(firstUrl), "a new image, a new URL");
            Assert.That(current.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(current.Headers.CacheControl?.ToString(), Does.Contain("public").And.Contain("immutable"));
            Assert.That(old.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), "the old URL never serves another image");
            Assert.That(PageClient.RedirectTarget(old).PathAndQuery, Is.EqualTo(secondUrl));
            Assert.That(old.Headers.CacheControl?.NoCache, Is.True);
            Assert.That(bare.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
            Assert.That(firstKey, Is.Not.Null);
        }
    }

    /// <summary>
    /// Behind a reverse proxy that ends TLS, the app sees http; with the proxy listed in Security:TrustedProxies
    /// it believes X-Forwarded-Proto and marks its cookies Secure. (Cookies are handled by hand
    /// here: a client's cookie jar would not send Secure cookies back over the test's http.)
    /// </summary>
    [Test]
    public async Task The_auth_cookie_is_secure_when_the_proxy_says_the_request_came_over_https()
    {
        var email = UniqueEmail();
        using (var signUp = NewVisitor()) await RegisterAsync(signUp, email);

        var secure = await LogInByHandAsync(email, proxiedHttps: true);
        var insecure = await LogInByHandAsync(email, proxiedHttps: false);

        Assert.That(AuthCookieHeader(secure), Does.Contain("secure").IgnoreCase);
        Assert.That(AuthCookieHeader(insecure), Does.Not.Contain("secure").IgnoreCase, "plain http (local development) keeps working");
    }

    private async Task<HttpResponseMessage> LogInByHandAsync(string email, bool proxiedHttps)
    {
        using var client = Factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        if (proxiedHttps)
        {
            client.DefaultRequestHeaders.Add("X-Forwarded-Proto", "https");
            client.DefaultRequestHeaders.Add("X-Forwarded-For", "203.0.113.9");
        }

        var login = await client.GetAsync("/account/login");
        var antiforgery = login.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("streaming.af=", StringComparison.Ordinal));
        Assert.That(antiforgery.Contains("secure", StringComparison.OrdinalIgnoreCase), Is.EqualTo(proxiedHttps), antiforgery);
        var form = (await HtmlPage.ReadAsync(login)).Form().Set("Email", email).Set("Password", Password);
        using var post = new HttpRequestMessage(HttpMethod.Post, "/account/login") { Content = form.ToContent() };
        post.Headers.Add("Cookie", antiforgery.Split(';')[0]);
        var response = await client.SendAsync(post);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), (await HtmlPage.ReadAsync(response)).ToString());
        return response;
    }

    private static string AuthCookieHeader(HttpResponseMessage response) =>
        response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("streaming.auth=", StringComparison.Ordinal));

    [Test]
    public async Task Kestrel_sends_no_Server_header()
    {
        await using var factory = new StreamingWebFactory(Database);
        var address = factory.StartKestrel();
        using var client = new HttpClient { BaseAddress = address };

        var response = await client.GetAsync("/streams");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(response.Headers.Server, Is.Empty);
    }
}
