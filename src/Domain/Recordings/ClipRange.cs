namespace Streaming.Domain.Recordings;

/// <summary>The rules for a clip's start and end: 0 ≤ start &lt; end ≤ duration, at least 1 s, at most a maximum.</summary>
public static class ClipRange
{
    public static readonly TimeSpan MinLength = TimeSpan.FromSeconds(1);
    public static readonly TimeSpan DefaultMaxLength = TimeSpan.FromMinutes(10);

    /// <summary>Every rule the range breaks, as messages for the page (empty when the range is fine).</summary>
    public static IReadOnlyList<string> Problems(double start, double end, double sourceDuration, TimeSpan maxLength)
    {
        var problems = new List<string>();
        if (!double.IsFinite(start) || !double.IsFinite(end))
        {
            problems.Add("Start and end must be numbers of seconds.");
            return problems;
        }

        if (start < 0) problems.Add("The start cannot be before the beginning of the recording (0:00).");
        if (end <= start) problems.Add("The end must be after the start.");
        if (end > sourceDuration + 0.0005)
            problems.Add($"The end cannot be after the end of the recording ({ClipTime.Format(sourceDuration)}).");
        var length = end - start;
        if (end > start && length < MinLength.TotalSeconds - 0.0005)
            problems.Add($"A clip is at least {MinLength.TotalSeconds:0} second long.");
        if (length > maxLength.TotalSeconds + 0.0005)
            problems.Add($"A clip is at most {Describe(maxLength)} long.");
        return problems;
    }

    public static string Describe(TimeSpan length) =>
        length.TotalMinutes >= 1 && length.Seconds == 0
            ? $"{length.TotalMinutes:0.#} minute{(length.TotalMinutes == 1 ? "" : "s")}"
            : $"{length.TotalSeconds:0.#} seconds";
}
