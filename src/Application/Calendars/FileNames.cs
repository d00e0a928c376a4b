using System.Text;

namespace Streaming.Application.Calendars;

public static class FileNames
{
    /// <summary>"Power Yoga: Flow!" → "power-yoga-flow" (ASCII letters and digits only, at most 60 characters).</summary>
    public static string Slug(string text)
    {
        var slug = new StringBuilder();
        foreach (var c in text.Normalize(NormalizationForm.FormD).ToLowerInvariant())
        {
            if (c is >= 'a' and <= 'z' or >= '0' and <= '9') slug.Append(c);
            else if (slug.Length > 0 && slug[^1] != '-' && System.Globalization.CharUnicodeInfo.GetUnicodeCategory(c) != System.Globalization.UnicodeCategory.NonSpacingMark)
                slug.Append('-');
        }

        var result = slug.ToString().Trim('-');
        if (result.Length > 60) result = result[..60].TrimEnd('-');
        return result.Length == 0 ? "class" : result;
    }
}
