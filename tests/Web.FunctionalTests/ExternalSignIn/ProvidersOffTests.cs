namespace Streaming.Web.FunctionalTests.ExternalSignIn;

/// <summary>The default run: no provider configured, no button, no way to start one by hand.</summary>
public class ProvidersOffTests : WebTestBase
{
    [TestCase("/account/login")]
    [TestCase("/account/register")]
    public async Task No_provider_button_is_shown(string path)
    {
        using var visitor = NewVisitor();

        var page = await visitor.GetAsync(path);

        Assert.That(page.Document.QuerySelector("#external-logins"), Is.Null);
        Assert.That(page.Text, Does.Not.Contain("Continue with"));
    }

    [TestCase("Apple")]
    [TestCase("Google")]
    public async Task Starting_a_provider_sign_in_by_hand_is_a_404(string provider)
    {
        using var visitor = NewVisitor();
        var login = await visitor.GetAsync("/account/login");
        var form = login.FormPostingTo("/account/login").PostTo("/account/external-login").Remove("Email").Remove("Password");
        using var request = new HttpRequestMessage(HttpMethod.Post, form.Action)
        {
            Content = new FormUrlEncodedContent(form.Values.Append(KeyValuePair.Create("provider", provider))),
        };

        var response = await visitor.Http.SendAsync(request);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }

    [Test]
    public async Task The_content_security_policy_allows_forms_to_this_site_only()
    {
        using var visitor = NewVisitor();

        var page = await visitor.GetAsync("/account/login");

        Assert.That(page.Response.Headers.GetValues("Content-Security-Policy").Single(), Does.Contain("form-action 'self';"));
    }
}
