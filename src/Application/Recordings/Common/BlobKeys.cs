namespace Streaming.Application.Recordings.Common;

/// <summary>Rules every blob store applies to keys: relative, forward slashes, no segment starting with "." (so no "..").</summary>
public static class BlobKeys
{
    public const int MaxLength = 500;

    public static bool IsValid(string? key) =>
        !string.IsNullOrWhiteSpace(key)
        && key.Length <= MaxLength
        && !key.StartsWith('/')
        && !key.Contains('\\')
        && !key.Contains("://", StringComparison.Ordinal)
        && !key.Any(char.IsControl)
        && key.Split('/').All(segment => segment.Length > 0 && !segment.StartsWith('.'));

    public static string Ensure(string key) =>
        IsValid(key) ? key : throw new ArgumentException($"\"{key}\" is not a valid storage key.", nameof(key));

    /// <summary>A key for a new file: <c>{prefix}/{yyyy}/{MM}/{id}{extension}</c>.</summary>
    public static string New(string prefix, Guid id, string extension, DateTimeOffset now) =>
        $"{prefix}/{now.UtcDateTime:yyyy}/{now.UtcDateTime:MM}/{id:N}{extension}";

    /// <summary>A key for a copy of a file kept elsewhere, unique per copy: <c>{prefix}/{yyyy}/{MM}/{id}-{copy}{extension}</c>.</summary>
    public static string NewCopy(string prefix, Guid id, string extension, DateTimeOffset now) =>
        $"{prefix}/{now.UtcDateTime:yyyy}/{now.UtcDateTime:MM}/{id:N}-{Guid.NewGuid():N}{extension}";

    /// <summary>Whether <paramref name="key"/> is one of <see cref="NewCopy"/>'s keys for recording <paramref name="id"/> (a copy the app made, so the app's to delete).</summary>
    public static bool IsCopyOf(string key, Guid id)
    {
        if (key.Contains("://", StringComparison.Ordinal)) return false;
        var name = Path.GetFileNameWithoutExtension(key.AsSpan(key.LastIndexOf('/') + 1));
        var prefix = $"{id:N}-";
        return name.StartsWith(prefix, StringComparison.Ordinal) && Guid.TryParseExact(name[prefix.Length..], "N", out _);
    }
}
