namespace Streaming.Web.FunctionalTests.Instructor;

/// <summary>
/// Uploads over the limit on the real server (Kestrel enforces the request size limit; the in-memory
/// test server does not): the instructor gets a message on the edit page or the friendly "too large"
/// page — never "Something went wrong" — and the thumbnail stays as it was.
/// </summary>
/// <remarks>
/// BUG (the two far-over cases fail): the antiforgery filter reads the form first; reading it fails
/// (Kestrel's 413 / the multipart limit), so it answers 400. The status-code page re-executes the
/// POST as /error/400, whose <c>int statusCode</c> parameter is also looked up in the (unreadable)
/// form: binding fails, statusCode is 0, and ErrorController.Status turns that into a 500 page.
/// </remarks>
public class ThumbnailsUploadLimitTests : ThumbnailsTestBase
{
    private Uri _address = null!;

    protected override void Configure(StreamingWebFactory factory)
    {
        base.Configure(factory);
        _address = factory.StartKestrel();
    }

    /// <summary>
    /// A plain HttpClient on the real port that keeps cookies and never follows redirects. It sends
    /// "Expect: 100-continue" so that a server refusing the body early answers before the body is sent
    /// (otherwise the client only sees the connection close under it: "broken pipe").
    /// </summary>
    protected override PageClient NewClient()
    {
        var http = new HttpClient(new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseCookies = true,
            CookieContainer = new CookieContainer(),
            Expect100ContinueTimeout = TimeSpan.FromSeconds(10),
        })
        {
            BaseAddress = _address,
        };
        http.DefaultRequestHeaders.ExpectContinue = true;
        return new PageClient(http);
    }

    [Test]
    public async Task A_file_between_5_and_6_MB_gets_the_message_on_the_edit_page()
    {
        using var coach = await CoachAsync();
        var (id, key, _) = await ClassWithThumbnailAsync(coach);

        var page = await UploadAndFollowAsync(coach.Visitor, id, TestImages.OversizedPng(5 * 1024 * 1024 + 500 * 1024), "big.png");

        Assert.That(FlashError(page), Is.EqualTo("The image is larger than 5 MB."), page.ToString());
        Assert.That(await ThumbnailKeyAsync(id), Is.EqualTo(key));
    }

    [TestCase(9 * 1024 * 1024, TestName = "A 9 MB upload gets the 413 page or a message, never a 500")]
    [TestCase(6 * 1024 * 1024 + 200 * 1024, TestName = "An upload just over the 6 MB request limit gets the 413 page or a message, never a 500")]
    public async Task A_file_far_over_the_limit_is_refused_politely(int size)
    {
        using var coach = await CoachAsync();
        var (id, key, served) = await ClassWithThumbnailAsync(coach);

        var response = await UploadAsync(coach.Visitor, id, TestImages.OversizedPng(size), "huge.png");

        var page = await HtmlPage.ReadAsync(response);
        if (response.StatusCode == HttpStatusCode.Redirect)
        {
            page = await coach.Visitor.FollowRedirectAsync(response);
            Assert.That(FlashError(page), Does.Contain("5 MB"), page.ToString());
        }
        else
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.RequestEntityTooLarge), page.ToString());
            Assert.That(page.Document.QuerySelector("h1")?.TextContent, Does.Contain("too large"), page.ToString());
        }

        using (Assert.EnterMultipleScope())
        {
            Assert.That(await ThumbnailKeyAsync(id), Is.EqualTo(key));
            Assert.That(Hash((await ServedAsync(id))!), Is.EqualTo(Hash(served)));
            Assert.That(ThumbnailFiles(id), Is.EqualTo(new[] { key }));
        }
    }
}
