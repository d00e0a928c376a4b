namespace Streaming.Application.Streams.Common;

/// <summary>Fills a class form from an existing class, its times shown in the instructor's zone.</summary>
internal static class StreamForms
{
    public static T Fill<T>(T form, Streaming.Domain.Streams.LiveStream stream, DateTimeOffset start, string? timeZone)
        where T : StreamForm
    {
        var zone = StreamForm.FindZone(timeZone) ?? TimeZoneInfo.Utc;
        form.Title = stream.Title;
        form.Description = stream.Description;
        form.Category = stream.Category;
        form.TimeZone = zone.Id;
        form.StartLocal = TimeZoneInfo.ConvertTime(start, zone).DateTime;
        form.DurationMinutes = stream.DurationMinutes;
        form.PriceInTokens = stream.PriceInTokens;
        form.Capacity = stream.Capacity;
        form.ReplayPriceInTokens = stream.ReplayPriceInTokens;
        return form;
    }
}
