using Streaming.Application.Common.Interfaces;
using Streaming.Domain.Streams;

namespace Streaming.Application.Calendars;

internal static class CalendarEvents
{
    public static readonly TimeSpan Reminder = TimeSpan.FromMinutes(15);

    /// <summary>One class as a calendar event. The UID never changes; SEQUENCE grows with every edit.</summary>
    public static CalendarEvent For(LiveStream stream, string instructorName, IAppLinks links, DateTimeOffset now)
    {
        var url = links.StreamDetails(stream.Id);
        var cancelled = stream.Status == StreamStatus.Cancelled;
        return new CalendarEvent(
            Uid: $"stream-{stream.Id}@streaming",
            // Seconds since creation at the last edit: increases with every change, fits an int for decades.
            Sequence: (int)Math.Clamp((stream.UpdatedAt - stream.CreatedAt).TotalSeconds, 0, int.MaxValue),
            Start: stream.ScheduledStart,
            End: stream.ScheduledEnd,
            // The last change, not "now": an unchanged feed stays byte-identical (stable ETag).
            Stamp: stream.UpdatedAt,
            Summary: cancelled ? $"Cancelled: {stream.Title}" : stream.Title,
            Description: $"{stream.Description}\n\n{url}".Trim(),
            Url: url,
            Organizer: instructorName,
            Cancelled: cancelled,
            Reminder: cancelled ? null : Reminder);
    }
}
