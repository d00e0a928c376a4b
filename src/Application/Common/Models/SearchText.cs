namespace Streaming.Application.Common.Models;

public static class SearchText
{
    /// <summary>
    /// Text typed into a search box, made safe for a LIKE pattern: control characters (PostgreSQL
    /// refuses a NUL) dropped, trimmed, at most 100 characters, lower-cased, and the LIKE wildcards
    /// escaped with a backslash. Null when nothing is left.
    /// </summary>
    public static string? ToLikePattern(string? text)
    {
        if (text is null) return null;
        var clean = new string(text.Where(c => !char.IsControl(c)).ToArray()).Trim();
        if (clean.Length == 0) return null;
        if (clean.Length > 100) clean = clean[..100];
        var escaped = clean.ToLowerInvariant()
            .Replace("\\", "\\\\", StringComparison.Ordinal)
            .Replace("%", "\\%", StringComparison.Ordinal)
            .Replace("_", "\\_", StringComparison.Ordinal);
        return $"%{escaped}%";
    }
}
