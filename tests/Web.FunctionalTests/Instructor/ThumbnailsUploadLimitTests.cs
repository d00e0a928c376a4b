namespace Streaming.Web.FunctionalTests.Instructor;

/// <summary>
/// An upload far over the limit, on the real server (Kestrel enforces the request size limit; the
/// in-memory test server does not): the instructor gets the friendly "too large" page or a message
/// on the edit page — never "Something went wrong" — and the thumbnail stays as it was.
/// </summary>
public class ThumbnailsUploadLimitTests : ThumbnailsTestBase
{
    protected override void Configure(StreamingWebFactory factory)
    {
        base.Configure(factory);
        factory.UseKestrel(0);
    }

    [TestCase(9 * 1024 * 1024, TestName = "A 9 MB upload gets the 413 page or a message, never a 500")]
    [TestCase(6 * 1024 * 1024 + 200 * 1024, TestName = "An upload just over the 6 MB request limit gets the 413 page or a message, never a 500")]
    public async Task A_file_far_over_the_limit_is_refused_politely(int size)
    {
        using var coach = await SignedInInstructorAsync();
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
