using Streaming.Application.Common.Interfaces;
using Streaming.Domain.Streams;

namespace Streaming.Application.Calendars;

internal static class CalendarEvents
{
    public static readonly TimeSpan Reminder = TimeSpan.FromMinutes(15);

    /// <summary>
    /// One class as a calendar event. The UID never changes; SEQUENCE is the class's calendar
    /// revision (one more per move, end or cancellation); an ended class carries the times it
    /// really ran. The watch page is the event's URL and closes its description.
    /// </summary>
    public static CalendarEvent For(LiveStream stream, string instructorName, IAppLinks links)
    {
        var watch = links.Watch(stream.Id);
        var cancelled = stream.Status == StreamStatus.Cancelled;
        return new CalendarEvent(
            Uid: $"stream-{stream.Id}@streaming",
            Sequence: stream.CalendarSequence,
            Start: stream.ActualStart,
            End: stream.ActualEnd,
            // The last change, not "now": an unchanged feed stays byte-identical (stable ETag).
            Stamp: stream.UpdatedAt,
            Summary: cancelled ? $"Cancelled: {stream.Title}" : stream.Title,
            Description: $"{stream.Description}\n\nWatch: {watch}".Trim(),
            Url: watch,
            Organizer: instructorName,
            Cancelled: cancelled,
            Reminder: cancelled ? null : Reminder);
    }
}
