using Streaming.Application.Streams.Common;
using Streaming.Domain.Users;

namespace Streaming.Application.Notifications.Common;

/// <summary>The time zone an email shows times in.</summary>
public static class RecipientTimeZone
{
    /// <summary>The zone the member's browser last reported (at sign-up or log-in); UTC until then.</summary>
    public static TimeZoneInfo Of(UserProfile recipient) => StreamForm.FindZone(recipient.TimeZone) ?? TimeZoneInfo.Utc;
}
