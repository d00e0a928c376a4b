namespace Streaming.Application.Common.Interfaces;

/// <summary>
/// Serialises a calendar (live classes) to iCalendar text (RFC 5545) for a one-off ".ics" download
/// or a subscribable feed. Output depends only on the document: no clock, no culture.
/// </summary>
public interface ICalendarWriter
{
    string Write(CalendarDocument document);
}

/// <param name="Events">The events, written in this order (may be empty).</param>
/// <param name="Name">Calendar display name (<c>NAME</c> / <c>X-WR-CALNAME</c>); omitted when null or blank.</param>
/// <param name="RefreshInterval">
/// For a subscribed feed: how often clients should re-fetch it
/// (<c>REFRESH-INTERVAL</c> / <c>X-PUBLISHED-TTL</c>); omitted when null.
/// </param>
public sealed record CalendarDocument(
    IReadOnlyList<CalendarEvent> Events,
    string? Name = null,
    TimeSpan? RefreshInterval = null);

/// <param name="Uid">Stable, globally unique id (e.g. <c>stream-42@streaming.example</c>): the same class keeps the same UID.</param>
/// <param name="Sequence">Revision number: increase it whenever the class changes (time, title, cancellation).</param>
/// <param name="Start">Start instant (written in UTC).</param>
/// <param name="End">End instant (written in UTC).</param>
/// <param name="Stamp">When this revision of the event was produced (<c>DTSTAMP</c>, written in UTC).</param>
/// <param name="Summary">Title.</param>
/// <param name="Description">Free text; newlines are kept.</param>
/// <param name="Url">Absolute link to the class page.</param>
/// <param name="Organizer">The instructor's display name.</param>
/// <param name="Cancelled">Written as <c>STATUS:CANCELLED</c> (and without a reminder) so subscribed clients drop it.</param>
/// <param name="Reminder">How long before the start to remind (e.g. 15 minutes); null for none.</param>
public sealed record CalendarEvent(
    string Uid,
    int Sequence,
    DateTimeOffset Start,
    DateTimeOffset End,
    DateTimeOffset Stamp,
    string Summary,
    string? Description = null,
    string? Url = null,
    string? Organizer = null,
    bool Cancelled = false,
    TimeSpan? Reminder = null);
