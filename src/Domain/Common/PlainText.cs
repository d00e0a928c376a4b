using System.Text;

namespace Streaming.Domain.Common;

/// <summary>
/// Text that people type and others read (titles, categories, names, descriptions): normalised to
/// NFC and trimmed; control characters (line breaks too, where one line is expected) and the
/// invisible characters that reorder text on screen (bidi overrides and isolates, used to
/// disguise names and file extensions) are refused rather than silently stripped, so what is
/// stored is what the author saw.
/// </summary>
public static class PlainText
{
    /// <summary>Null when <paramref name="value"/> is acceptable, else what is wrong with it (for a message).</summary>
    public static string? Problem(string? value, bool multiline = false)
    {
        if (string.IsNullOrEmpty(value)) return null;
        // Spaces, tabs and line breaks around the text are trimmed away, not refused.
        foreach (var c in value.Trim())
        {
            if (IsDirectionControl(c)) return "invisible text-direction characters";
            if (c is '\n' or '\r' or '\u2028' or '\u2029')
            {
                if (!multiline) return "line breaks";
                continue;
            }

            if (char.IsControl(c) && !(multiline && c == '\t')) return "control characters";
        }

        return null;
    }

    /// <summary>One line of text, NFC, trimmed; throws with a message naming <paramref name="field"/> when it has forbidden characters.</summary>
    public static string SingleLine(string? value, string field) => Clean(value, field, multiline: false);

    /// <summary>Several lines (CR LF becomes LF), NFC, trimmed; throws when it has forbidden characters.</summary>
    public static string MultiLine(string? value, string field) => Clean(value, field, multiline: true);

    private static string Clean(string? value, string field, bool multiline)
    {
        if (string.IsNullOrEmpty(value)) return "";
        if (Problem(value, multiline) is { } problem) throw new DomainException($"{field} cannot contain {problem}.");
        var text = value.Trim().Normalize(NormalizationForm.FormC);
        return multiline ? text.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n') : text;
    }

    private static bool IsDirectionControl(char c) =>
        c is '\u061C' or '\u200E' or '\u200F' or (>= '\u202A' and <= '\u202E') or (>= '\u2066' and <= '\u2069');
}
