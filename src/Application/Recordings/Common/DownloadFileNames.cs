using System.Globalization;
using System.Text;

namespace Streaming.Application.Recordings.Common;

/// <summary>
/// File names for Content-Disposition: <c>attachment; filename="ascii"; filename*=UTF-8''percent-encoded</c>.
/// </summary>
public static class DownloadFileNames
{
    /// <summary>A safe name: no path separators, quotes or control characters, at most 120 characters.</summary>
    public static string Safe(string name, string fallbackExtension = ".mp4")
    {
        var cleaned = new StringBuilder();
        foreach (var c in (name ?? "").Normalize(NormalizationForm.FormC))
            cleaned.Append(char.IsControl(c) || "\\/:*?\"<>|;%".Contains(c) ? '-' : c);
        var result = cleaned.ToString().Trim().Trim('.', ' ', '-');
        if (result.Length == 0) result = "recording";
        if (!Path.HasExtension(result)) result += fallbackExtension;
        if (result.Length > 120)
        {
            var extension = Path.GetExtension(result);
            result = result[..(120 - extension.Length)] + extension;
        }

        return result;
    }

    /// <summary>An ASCII fallback for the plain <c>filename</c> parameter.</summary>
    public static string Ascii(string safeName)
    {
        var decomposed = safeName.Normalize(NormalizationForm.FormD);
        var ascii = new StringBuilder();
        foreach (var c in decomposed)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark) continue;
            ascii.Append(c is >= ' ' and <= '~' ? c : '_');
        }

        return ascii.ToString();
    }

    public static string ContentDisposition(string fileName)
    {
        var safe = Safe(fileName, Path.GetExtension(fileName) is { Length: > 0 } e ? e : ".mp4");
        return $"attachment; filename=\"{Ascii(safe)}\"; filename*=UTF-8''{Uri.EscapeDataString(safe)}";
    }
}
