namespace Streaming.Web.FunctionalTests.ExternalSignIn;

/// <summary>Starting a provider sign-in and the password-once link page count as login attempts (per address).</summary>
public class ExternalSignInRateLimitTests : ExternalSignInTestBase
{
    protected override void ConfigureMore(StreamingWebFactory factory)
    {
        factory.Settings["RateLimiting:Enabled"] = "true";
        factory.Settings["RateLimiting:Login:PerIp"] = "3";
        factory.Settings["RateLimiting:Login:PerAccount"] = "3";
        factory.Settings["RateLimiting:Login:Window"] = "01:00:00";
    }

    [Test]
    public async Task The_fourth_start_from_one_address_is_refused_with_429()
    {
        using var browser = NewBrowser();
        var login = await browser.GetAsync("/account/login");
        var start = new HtmlForm((IHtmlFormElement)login.Document.QuerySelector("#sign-in-with-apple")!.Closest("form")!, login.Url);

        var answers = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++) answers.Add((await browser.SubmitAsync(start)).StatusCode);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(answers.Take(3), Has.All.EqualTo(HttpStatusCode.Redirect), "off to Apple");
            Assert.That(answers[3], Is.EqualTo(HttpStatusCode.TooManyRequests));
        }
    }
}
