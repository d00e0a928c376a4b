using Streaming.Domain.Notifications;

namespace Streaming.Application.Common.Interfaces;

/// <summary>
/// The signed token in an email's unsubscribe link: it names one member and one category, and
/// nobody can make or alter one without the app's keys.
/// </summary>
public interface IUnsubscribeTokens
{
    string Create(string userId, EmailCategory category);

    /// <summary>The member and category, or null for a token that was not made by this app or was altered.</summary>
    (string UserId, EmailCategory Category)? Read(string? token);
}
