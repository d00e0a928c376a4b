namespace Streaming.Web.FunctionalTests.Support;

/// <summary>
/// A scraped HTML form: its action, method and successful controls (hidden fields such as the
/// antiforgery token included), which a test fills in and posts with <see cref="PageClient.SubmitAsync"/>.
/// </summary>
public sealed class HtmlForm
{
    public const string AntiforgeryField = "__RequestVerificationToken";

    private readonly List<Field> _fields = [];

    public HtmlForm(IHtmlFormElement element, Uri pageUrl)
    {
        var action = element.GetAttribute("action");
        Action = string.IsNullOrEmpty(action) ? pageUrl : new Uri(pageUrl, action);
        Method = (element.GetAttribute("method") ?? "get").ToUpperInvariant();

        foreach (var control in element.Elements)
        {
            switch (control)
            {
                case IHtmlInputElement input when !string.IsNullOrEmpty(input.Name) && !input.IsDisabled:
                    var type = input.Type.ToLowerInvariant();
                    if (type is "submit" or "button" or "reset" or "image" or "file") break;
                    var toggles = type is "checkbox" or "radio";
                    _fields.Add(new Field(input.Name, toggles ? input.GetAttribute("value") ?? "on" : input.Value, type)
                    {
                        Included = !toggles || input.IsChecked,
                    });
                    break;
                case IHtmlTextAreaElement textArea when !string.IsNullOrEmpty(textArea.Name) && !textArea.IsDisabled:
                    _fields.Add(new Field(textArea.Name, textArea.Value, "textarea"));
                    break;
                case IHtmlSelectElement select when !string.IsNullOrEmpty(select.Name) && !select.IsDisabled:
                    _fields.Add(new Field(select.Name, select.Value ?? "", "select"));
                    break;
            }
        }
    }

    public Uri Action { get; private set; }

    public string Method { get; }

    public string? AntiforgeryToken => _fields.FirstOrDefault(f => f.Name == AntiforgeryField)?.Value;

    /// <summary>The name/value pairs the browser would send now.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Values =>
        _fields.Where(f => f.Included).Select(f => KeyValuePair.Create(f.Name, f.Value)).ToList();

    public string? this[string name] => _fields.FirstOrDefault(f => f.Name == name && f.Included)?.Value;

    /// <summary>Types into the field(s) called <paramref name="name"/>; a name the form lacks fails the test.</summary>
    public HtmlForm Set(string name, string value)
    {
        var targets = _fields.Where(f => f.Name == name && f.Type is not ("checkbox" or "radio")).ToList();
        if (targets.Count == 0) throw new AssertionException($"The form posting to {Action} has no field '{name}'. Fields: {FieldNames()}.");
        foreach (var field in targets) field.Value = value;
        return this;
    }

    /// <summary>Ticks (or clears) the checkbox called <paramref name="name"/>.</summary>
    public HtmlForm Check(string name, bool on = true)
    {
        var box = _fields.FirstOrDefault(f => f.Name == name && f.Type == "checkbox")
            ?? throw new AssertionException($"The form posting to {Action} has no checkbox '{name}'. Fields: {FieldNames()}.");
        box.Included = on;
        return this;
    }

    /// <summary>Ticks exactly the checkboxes called <paramref name="name"/> whose value is one of <paramref name="values"/>; clears the others.</summary>
    public HtmlForm CheckOnly(string name, params string[] values)
    {
        var boxes = _fields.Where(f => f.Name == name && f.Type == "checkbox").ToList();
        if (boxes.Count == 0) throw new AssertionException($"The form posting to {Action} has no checkbox '{name}'. Fields: {FieldNames()}.");
        foreach (var box in boxes) box.Included = values.Contains(box.Value);
        return this;
    }

    /// <summary>Drops a field as a hand-crafted request would (e.g. the antiforgery token).</summary>
    public HtmlForm Remove(string name)
    {
        _fields.RemoveAll(f => f.Name == name);
        return this;
    }

    /// <summary>Posts the same fields somewhere else (a tampered or guessed URL).</summary>
    public HtmlForm PostTo(string url)
    {
        Action = new Uri(Action, url);
        return this;
    }

    public FormUrlEncodedContent ToContent() => new(Values);

    private string FieldNames() => string.Join(", ", _fields.Select(f => f.Name).Distinct());

    private sealed class Field(string name, string value, string type)
    {
        public string Name { get; } = name;

        public string Value { get; set; } = value;

        public string Type { get; } = type;

        public bool Included { get; set; } = true;
    }
}
