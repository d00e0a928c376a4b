using System.Globalization;

namespace Streaming.Web.Models;

/// <summary>The letters of a placeholder picture: the first letter or digit of the first two words that have one.</summary>
public static class Initials
{
    public static string Of(string? text)
    {
        var letters = (text ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Select(FirstLetter).OfType<string>().Take(2);
        return string.Concat(letters);
    }

    // Text elements, not chars: a first letter outside the Basic Multilingual Plane is two chars.
    private static string? FirstLetter(string word)
    {
        var elements = StringInfo.GetTextElementEnumerator(word);
        while (elements.MoveNext())
        {
            var element = (string)elements.Current;
            if (char.IsLetterOrDigit(element, 0)) return element.ToUpperInvariant();
        }

        return null;
    }
}
