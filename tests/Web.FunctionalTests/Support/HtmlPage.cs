using AngleSharp.Html.Parser;

namespace Streaming.Web.FunctionalTests.Support;

/// <summary>A response parsed as HTML, with the few questions the tests ask of a page.</summary>
public sealed class HtmlPage
{
    private static readonly HtmlParser Parser = new();

    private HtmlPage(HttpResponseMessage response, Uri url, string html)
    {
        Response = response;
        Url = url;
        Html = html;
        Document = Parser.ParseDocument(html);
    }

    public HttpResponseMessage Response { get; }

    public HttpStatusCode StatusCode => Response.StatusCode;

    /// <summary>The address this page was served from (form actions resolve against it).</summary>
    public Uri Url { get; }

    public string Html { get; }

    public IHtmlDocument Document { get; }

    /// <summary>The page's visible text with whitespace collapsed.</summary>
    public string Text => Collapse(Document.Body?.TextContent ?? "");

    public string Title => Document.Title ?? "";

    /// <summary>The signed-in account's name in the navigation bar, or null for an anonymous visitor.</summary>
    public string? AccountMenuName => Document.QuerySelector("#account-menu")?.TextContent.Trim();

    /// <summary>Field messages and the validation summary's items, in page order.</summary>
    public IReadOnlyList<string> ValidationMessages =>
        Document.QuerySelectorAll(".field-validation-error, .validation-summary-errors li")
            .Select(e => Collapse(e.TextContent))
            .Where(t => t.Length > 0)
            .ToList();

    /// <summary>The message shown next to one field (empty when none).</summary>
    public string FieldMessage(string field) =>
        Collapse(Document.QuerySelector($"[data-valmsg-for='{field}']")?.TextContent ?? "");

    public IReadOnlyList<string> MenuItems =>
        Document.QuerySelectorAll("nav a, nav button").Select(e => Collapse(e.TextContent)).Where(t => t.Length > 0).ToList();

    public static async Task<HtmlPage> ReadAsync(HttpResponseMessage response)
    {
        var url = response.RequestMessage?.RequestUri
            ?? throw new InvalidOperationException("The response has no request address.");
        var html = await response.Content.ReadAsStringAsync();
        return new HtmlPage(response, url, html);
    }

    /// <summary>The only form matching <paramref name="selector"/>; fails the test when there is none or several.</summary>
    public HtmlForm Form(string selector = "main form")
    {
        var forms = Document.QuerySelectorAll(selector).OfType<IHtmlFormElement>().ToList();
        return forms.Count switch
        {
            1 => new HtmlForm(forms[0], Url),
            0 => throw new AssertionException($"No form matches '{selector}' on {Url}.\n{Excerpt()}"),
            _ => throw new AssertionException($"{forms.Count} forms match '{selector}' on {Url}."),
        };
    }

    /// <summary>The form whose action is <paramref name="path"/> (e.g. "/account/logout").</summary>
    public HtmlForm FormPostingTo(string path)
    {
        var matches = Document.Forms
            .Select(f => new HtmlForm(f, Url))
            .Where(f => f.Action.AbsolutePath.Equals(path, StringComparison.OrdinalIgnoreCase))
            .ToList();
        return matches.Count == 1
            ? matches[0]
            : throw new AssertionException($"{matches.Count} forms post to '{path}' on {Url}.\n{Excerpt()}");
    }

    public override string ToString() => $"{(int)StatusCode} {Url}: {Excerpt()}";

    private string Excerpt() => Text.Length > 600 ? Text[..600] + "…" : Text;

    private static string Collapse(string text) => string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
}
