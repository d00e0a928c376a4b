namespace Streaming.Application.Common.Interfaces;

/// <summary>Absolute links to the app's own pages (for calendars, emails and shares).</summary>
public interface IAppLinks
{
    string StreamDetails(Guid streamId);

    /// <summary>The personal calendar feed (webcal:// so calendar apps subscribe).</summary>
    string CalendarFeed(string token);
}
