using Streaming.Domain.Common;

namespace Streaming.Domain.Users;

/// <summary>The public face of an account (the identity store keeps credentials).</summary>
public class UserProfile
{
    public const int DisplayNameMaxLength = 80;

    private UserProfile()
    {
    }

    public UserProfile(string id, string displayName, string email, DateTimeOffset now)
    {
        if (string.IsNullOrWhiteSpace(id)) throw new DomainException("A profile needs the account id.");
        Id = id;
        Rename(displayName);
        if (string.IsNullOrWhiteSpace(email)) throw new DomainException("A profile needs an email address.");
        Email = email.Trim();
        CreatedAt = now.ToUniversalTime();
    }

    public string Id { get; private set; } = default!;

    public string DisplayName { get; private set; } = default!;

    public string Email { get; private set; } = default!;

    public DateTimeOffset CreatedAt { get; private set; }

    public void Rename(string displayName)
    {
        displayName = displayName?.Trim() ?? "";
        if (displayName.Length == 0) throw new DomainException("Display name is required.");
        if (displayName.Length > DisplayNameMaxLength)
            throw new DomainException($"Display name must be at most {DisplayNameMaxLength} characters.");
        DisplayName = displayName;
    }
}
