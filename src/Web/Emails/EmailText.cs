using System.Text;
using System.Text.RegularExpressions;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;

namespace Streaming.Web.Emails;

/// <summary>
/// The plain-text part of an email, read from its rendered HTML so both parts always say the same:
/// paragraphs and list items on lines of their own, "term: value" for definition lists, every link
/// as "text: URL" (the text part has no other way to carry it), the footer after a "--" line.
/// </summary>
public static partial class EmailText
{
    private static readonly HashSet<string> Blocks = ["p", "div", "h1", "h2", "h3", "h4", "dl", "ul", "ol", "table", "tr", "section"];

    public static string FromHtml(string html)
    {
        var document = new HtmlParser().ParseDocument(html);
        var text = new StringBuilder();
        Write(document.Body!, text);
        var lines = text.ToString().Split('\n').Select(l => Spaces().Replace(l, " ").Trim());
        return BlankLines().Replace(string.Join('\n', lines), "\n\n").Trim() + "\n";
    }

    private static void Write(INode node, StringBuilder text)
    {
        if (node is IText t)
        {
            text.Append(t.Data.Replace('\n', ' '));
            return;
        }

        if (node is not IElement element) return;
        switch (element.LocalName)
        {
            case "br":
                text.Append('\n');
                return;
            case "hr":
                text.Append("\n\n--\n");
                return;
            case "a":
                var label = Spaces().Replace(element.TextContent, " ").Trim();
                var href = element.GetAttribute("href") ?? "";
                text.Append(label.Length == 0 || label == href ? href : $"{label}: {href}");
                return;
            case "dt":
                text.Append('\n');
                WriteChildren(element, text);
                text.Append(": ");
                return;
            case "dd":
                WriteChildren(element, text);
                text.Append('\n');
                return;
            case "li":
                text.Append("\n- ");
                WriteChildren(element, text);
                return;
            case "title" or "style" or "script" or "head":
                return;
        }

        var block = Blocks.Contains(element.LocalName);
        if (block) text.Append("\n\n");
        WriteChildren(element, text);
        if (block) text.Append("\n\n");
    }

    private static void WriteChildren(INode node, StringBuilder text)
    {
        foreach (var child in node.ChildNodes) Write(child, text);
    }

    [GeneratedRegex("[ \t\u00a0]+")]
    private static partial Regex Spaces();

    [GeneratedRegex("\n{3,}")]
    private static partial Regex BlankLines();
}
