using Streaming.Domain.Common;

namespace Streaming.Domain.Notifications;

/// <summary>A member turned one category of email off (one-click unsubscribe or the settings page).</summary>
public class EmailOptOut
{
    private EmailOptOut()
    {
    }

    public EmailOptOut(string userId, EmailCategory category, DateTimeOffset now)
    {
        if (string.IsNullOrWhiteSpace(userId)) throw new DomainException("An opt-out needs its member.");
        if (!category.CanUnsubscribe()) throw new DomainException("Account emails (address confirmation, password reset) cannot be turned off.");
        UserId = userId;
        Category = category;
        CreatedAt = now.ToUniversalTime();
    }

    public string UserId { get; private set; } = default!;

    public EmailCategory Category { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }
}
