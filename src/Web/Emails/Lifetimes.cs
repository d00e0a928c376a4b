namespace Streaming.Web.Emails;

public static class Lifetimes
{
    /// <summary>"1 hour", "3 days", "30 minutes".</summary>
    public static string Describe(TimeSpan lifetime) =>
        lifetime.TotalDays >= 1 && lifetime.TotalDays % 1 == 0 ? Plural((int)lifetime.TotalDays, "day")
        : lifetime.TotalHours >= 1 && lifetime.TotalHours % 1 == 0 ? Plural((int)lifetime.TotalHours, "hour")
        : Plural((int)Math.Ceiling(lifetime.TotalMinutes), "minute");

    private static string Plural(int n, string unit) => n == 1 ? $"1 {unit}" : $"{n} {unit}s";
}
