using MediatR;

namespace Streaming.Architecture.Tests;

/// <summary>
/// Handlers stay short (load, ask the domain, save, map): no MediatR handler in Application is longer
/// than <see cref="MaxLines"/> lines, counted in its source file from the <c>class …Handler</c> line
/// to its closing brace. Rules go to Domain entities or to small named collaborators in the use case's folder.
/// </summary>
public class HandlerLengthTests
{
    private const int MaxLines = 60;

    private static readonly string ApplicationFolder = Path.Combine(FindRepositoryRoot(), "src", "Application");

    [Test]
    public void EveryHandler_IsFoundInItsSource()
    {
        var lengths = HandlerLengths();

        var unseen = HandlerTypes().Select(t => t.Name).Where(name => !lengths.ContainsKey(name)).ToList();

        Assert.That(lengths, Is.Not.Empty);
        Assert.That(unseen, Is.Empty, "handlers the source scan did not find (is the class declared as `class Name`?)");
    }

    [Test]
    public void NoHandler_IsLongerThanSixtyLines()
    {
        var tooLong = HandlerLengths()
            .Where(h => h.Value > MaxLines)
            .Select(h => $"{h.Key}: {h.Value} lines").ToList();

        Assert.That(tooLong, Is.Empty, $"handlers over {MaxLines} lines: move rules into the domain or a collaborator in the use case's folder");
    }

    [Test]
    public void LineCount_RunsFromTheClassLineToItsClosingBrace_IgnoringBracesInTextAndComments()
    {
        const string source = """
            namespace X;
            public class SampleHandler : IRequestHandler<Q, string>
            {
                // a { in a comment
                public string Handle() => $"{Open} {{ \" {";
                /* } */
                private const char Open = '{';
                private const string Raw = @"}}";
            }
            public class Other { }
            """;

        Assert.That(HandlerSource.Lengths(source), Is.EqualTo(new Dictionary<string, int> { ["SampleHandler"] = 8 }));
    }

    private static IEnumerable<Type> HandlerTypes() =>
        Layers.Application.GetTypes().Where(t => t is { IsClass: true, IsAbstract: false } && t.GetInterfaces().Any(i =>
            i.IsGenericType && (i.GetGenericTypeDefinition() == typeof(IRequestHandler<,>) || i.GetGenericTypeDefinition() == typeof(INotificationHandler<>))));

    private static Dictionary<string, int> HandlerLengths()
    {
        var names = HandlerTypes().Select(t => t.Name).ToHashSet();
        var lengths = new Dictionary<string, int>();
        foreach (var file in Directory.EnumerateFiles(ApplicationFolder, "*.cs", SearchOption.AllDirectories)
                     .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}")))
        {
            foreach (var (name, lines) in HandlerSource.Lengths(File.ReadAllText(file)))
                if (names.Contains(name)) lengths[name] = lines;
        }

        return lengths;
    }

    private static string FindRepositoryRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
            if (File.Exists(Path.Combine(folder.FullName, "Streaming.sln"))) return folder.FullName;
        throw new InvalidOperationException($"No Streaming.sln above {AppContext.BaseDirectory}.");
    }
}

/// <summary>Finds <c>class …Handler</c> declarations in C# source and counts their lines, braces in strings, characters and comments aside.</summary>
internal static class HandlerSource
{
    private static readonly System.Text.RegularExpressions.Regex Declaration = new(@"\bclass\s+(\w+Handler)\b");

    public static Dictionary<string, int> Lengths(string source)
    {
        var code = WithoutTextAndComments(source);
        var lengths = new Dictionary<string, int>();
        foreach (System.Text.RegularExpressions.Match match in Declaration.Matches(code))
        {
            int depth = 0, end = -1;
            for (var i = match.Index; i < code.Length && end < 0; i++)
            {
                if (code[i] == '{') depth++;
                else if (code[i] == '}' && --depth == 0) end = i;
            }

            if (end < 0) continue;
            lengths[match.Groups[1].Value] = code[match.Index..end].Count(c => c == '\n') + 1;
        }

        return lengths;
    }

    /// <summary>The source with the insides of strings, characters and comments blanked (line breaks kept, so lines still count).</summary>
    private static string WithoutTextAndComments(string source)
    {
        var result = new System.Text.StringBuilder(source.Length);
        var i = 0;
        while (i < source.Length)
        {
            var rest = source.AsSpan(i);
            int skip;
            if (rest.StartsWith("//")) skip = Until(rest, 0, "\n", 0);
            else if (rest.StartsWith("/*")) skip = Until(rest, 2, "*/", 2);
            else if (rest.StartsWith("\"\"\"") || rest.StartsWith("$\"\"\"")) skip = Until(rest, 4, "\"\"\"", 3);
            else if (rest.StartsWith("@\"") || rest.StartsWith("$@\"") || rest.StartsWith("@$\"")) skip = Verbatim(rest);
            else if (rest[0] == '"' || rest.StartsWith("$\"")) skip = Regular(rest, '"');
            else if (rest[0] == '\'') skip = Regular(rest, '\'');
            else skip = 0;

            if (skip == 0)
            {
                result.Append(source[i]);
                i++;
                continue;
            }

            foreach (var c in rest[..skip]) result.Append(c == '\n' ? '\n' : ' ');
            i += skip;
        }

        return result.ToString();
    }

    /// <summary>How far <paramref name="text"/> runs to <paramref name="end"/> (searched from <paramref name="from"/>), with <paramref name="keep"/> of its characters; all of it when there is none.</summary>
    private static int Until(ReadOnlySpan<char> text, int from, string end, int keep)
    {
        var at = text[from..].IndexOf(end);
        return at < 0 ? text.Length : from + at + keep;
    }

    private static int Verbatim(ReadOnlySpan<char> text)
    {
        var i = text.IndexOf('"') + 1;
        while (i < text.Length)
        {
            if (text[i] == '"' && i + 1 < text.Length && text[i + 1] == '"') i += 2;
            else if (text[i] == '"') return i + 1;
            else i++;
        }

        return text.Length;
    }

    private static int Regular(ReadOnlySpan<char> text, char quote)
    {
        var i = text.IndexOf(quote) + 1;
        while (i < text.Length && text[i] != '\n')
        {
            if (text[i] == '\\') i += 2;
            else if (text[i] == quote) return i + 1;
            else i++;
        }

        return i;
    }
}
