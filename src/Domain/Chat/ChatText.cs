using System.Text;

namespace Streaming.Domain.Chat;

/// <summary>
/// What a chat message may contain. Unlike titles and names, chat text is typed fast and read
/// once, so unwanted characters are removed rather than refused: control characters (line breaks
/// and tabs become a space) and the invisible characters that reorder text on screen (bidi
/// overrides and isolates, used to disguise links and words).
/// </summary>
public static class ChatText
{
    public static string Clean(string? value)
    {
        if (string.IsNullOrEmpty(value)) return "";
        var text = new StringBuilder(value.Length);
        foreach (var c in value)
        {
            if (c is '\n' or '\r' or '\t' or '\u2028' or '\u2029') text.Append(' ');
            else if (!char.IsControl(c) && !IsDirectionControl(c)) text.Append(c);
        }

        return text.ToString().Trim().Normalize(NormalizationForm.FormC);
    }

    private static bool IsDirectionControl(char c) =>
        c is '\u061C' or '\u200E' or '\u200F' or (>= '\u202A' and <= '\u202E') or (>= '\u2066' and <= '\u2069');
}
