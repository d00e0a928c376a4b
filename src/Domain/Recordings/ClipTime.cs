using System.Globalization;
using Streaming.Domain.Common;

namespace Streaming.Domain.Recordings;

/// <summary>
/// A point in a recording as people write it: <c>75</c>, <c>75.5</c>, <c>1:15</c>, <c>1:02.5</c> or
/// <c>1:01:15</c>. The one place where clip times are read and written, so the form, the clip page
/// and the list all show the same thing.
/// </summary>
public readonly record struct ClipTime
{
    public const string Hint = "Write a time as 1:05, 1:02.5, 1:01:05 or a number of seconds.";

    /// <summary>Far beyond any recording, small enough that a typo never overflows.</summary>
    private const double MaxSeconds = 1000 * 3600;

    private ClipTime(double seconds) => Seconds = seconds;

    /// <summary>Rounded to the millisecond, like the clip's stored start and end.</summary>
    public double Seconds { get; }

    public static ClipTime FromSeconds(double seconds)
    {
        if (!double.IsFinite(seconds) || seconds < 0) throw new DomainException("A time cannot be negative.");
        return new ClipTime(Math.Round(seconds, 3));
    }

    public static ClipTime Parse(string? text) =>
        TryParse(text, out var time, out var error) ? time : throw new DomainException(error!);

    /// <summary>False, with a sentence for the form, when <paramref name="text"/> is not a time.</summary>
    public static bool TryParse(string? text, out ClipTime time, out string? error)
    {
        time = default;
        error = null;
        var value = text?.Trim() ?? "";
        if (value.Length == 0)
        {
            error = "Enter a time, e.g. 1:05.";
            return false;
        }

        if (value.StartsWith('-'))
        {
            error = $"\"{value}\" is before the start of the recording: a time cannot be negative.";
            return false;
        }

        var parts = value.Split(':');
        if (parts.Length > 3 || !TryReadParts(parts, out var seconds))
        {
            error = $"\"{Shorten(value)}\" is not a time. {Hint}";
            return false;
        }

        if (!WithinSixty(parts))
        {
            error = $"\"{value}\": minutes and seconds go up to 59 after a colon. {Hint}";
            return false;
        }

        if (seconds > MaxSeconds)
        {
            error = $"\"{Shorten(value)}\" is too far into a recording.";
            return false;
        }

        time = new ClipTime(Math.Round(seconds, 3));
        return true;
    }

    /// <summary>62.5 → "1:02.5", 3725 → "1:02:05", 7 → "0:07".</summary>
    public static string Format(double seconds)
    {
        var milliseconds = (long)Math.Round(Math.Max(0, seconds) * 1000, MidpointRounding.AwayFromZero);
        var whole = milliseconds / 1000;
        var fraction = milliseconds % 1000 == 0 ? "" : "." + (milliseconds % 1000).ToString("000", CultureInfo.InvariantCulture).TrimEnd('0');
        var (hours, minutes, secs) = (whole / 3600, whole / 60 % 60, whole % 60);
        return hours > 0
            ? string.Create(CultureInfo.InvariantCulture, $"{hours}:{minutes:00}:{secs:00}{fraction}")
            : string.Create(CultureInfo.InvariantCulture, $"{minutes}:{secs:00}{fraction}");
    }

    public override string ToString() => Format(Seconds);

    private static bool TryReadParts(string[] parts, out double seconds)
    {
        seconds = 0;
        long wholeMinutes = 0;
        for (var i = 0; i < parts.Length - 1; i++)
        {
            // Hours and minutes are whole numbers; only the seconds may have a fraction.
            if (parts[i].Length is 0 or > 4 || !parts[i].All(char.IsAsciiDigit)) return false;
            wholeMinutes = wholeMinutes * 60 + int.Parse(parts[i], CultureInfo.InvariantCulture);
        }

        var last = parts[^1];
        var dot = last.IndexOf('.');
        var integer = dot < 0 ? last : last[..dot];
        var decimals = dot < 0 ? "" : last[(dot + 1)..];
        if (integer.Length is 0 or > 9 || !integer.All(char.IsAsciiDigit)) return false;
        if (dot >= 0 && (decimals.Length is 0 or > 3 || !decimals.All(char.IsAsciiDigit))) return false;
        if (parts.Length > 1 && integer.Length != 2) return false; // "1:5" could mean 1:05 or 1:50
        seconds = wholeMinutes * 60 + ReadSeconds(last);
        return true;
    }

    /// <summary>After a colon, minutes and seconds stay below 60 (only the first part may be larger).</summary>
    private static bool WithinSixty(string[] parts) =>
        parts.Length == 1 || (ReadSeconds(parts[^1]) < 60 && (parts.Length == 2 || int.Parse(parts[1], CultureInfo.InvariantCulture) < 60));

    private static double ReadSeconds(string text) => double.Parse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture);

    private static string Shorten(string value) => value.Length <= 20 ? value : value[..20] + "…";
}
