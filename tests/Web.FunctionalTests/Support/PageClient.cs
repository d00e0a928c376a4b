using System.Net.Http.Headers;

namespace Streaming.Web.FunctionalTests.Support;

/// <summary>
/// One visitor: an HttpClient that keeps its cookies (auth + antiforgery) and never follows
/// redirects by itself, so tests see every 302 and follow it on purpose.
/// </summary>
public sealed class PageClient(HttpClient http) : IDisposable
{
    public HttpClient Http { get; } = http;

    public async Task<HtmlPage> GetAsync(string url)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/html"));
        return await HtmlPage.ReadAsync(await Http.SendAsync(request));
    }

    /// <summary>
    /// Posts the form as a browser would: its fields (the scraped antiforgery token among them) plus
    /// this client's cookies. A POST form without a token fails the test unless <paramref name="requireToken"/> is false.
    /// </summary>
    public async Task<HttpResponseMessage> SubmitAsync(HtmlForm form, bool requireToken = true)
    {
        if (form.Method != "POST")
        {
            var query = await form.ToContent().ReadAsStringAsync();
            return await Http.GetAsync(new UriBuilder(form.Action) { Query = query }.Uri);
        }

        if (requireToken && string.IsNullOrEmpty(form.AntiforgeryToken))
            throw new AssertionException($"The form posting to {form.Action} carries no {HtmlForm.AntiforgeryField}.");

        using var request = new HttpRequestMessage(HttpMethod.Post, form.Action) { Content = form.ToContent() };
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/html"));
        return await Http.SendAsync(request);
    }

    /// <summary>Submits and reads the answer as a page (a re-rendered form, an error page…).</summary>
    public async Task<HtmlPage> SubmitForPageAsync(HtmlForm form) => await HtmlPage.ReadAsync(await SubmitAsync(form));

    /// <summary>Asserts that <paramref name="response"/> is a redirect and GETs its target.</summary>
    public async Task<HtmlPage> FollowRedirectAsync(HttpResponseMessage response)
    {
        var location = RedirectTarget(response);
        return await GetAsync(location.ToString());
    }

    public static Uri RedirectTarget(HttpResponseMessage response)
    {
        var status = (int)response.StatusCode;
        if (status is < 300 or > 399 || response.Headers.Location is null)
            throw new AssertionException($"Expected a redirect but got {status} {response.StatusCode} from {response.RequestMessage?.RequestUri}.");
        var location = response.Headers.Location;
        return location.IsAbsoluteUri ? location : new Uri(response.RequestMessage!.RequestUri!, location);
    }

    public void Dispose() => Http.Dispose();
}
