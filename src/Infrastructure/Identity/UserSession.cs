namespace Streaming.Infrastructure.Identity;

/// <summary>
/// One signed-in browser. The auth cookie names its session; signing out revokes it, so a copy
/// of the cookie taken before stops working at once (the cookie alone is not enough).
/// </summary>
public class UserSession
{
    public const int UserAgentMaxLength = 300;

    public Guid Id { get; set; } = Guid.NewGuid();

    public string UserId { get; set; } = default!;

    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>Updated at most every few minutes (not on every request).</summary>
    public DateTimeOffset LastSeenAt { get; set; }

    public DateTimeOffset? RevokedAt { get; set; }

    public string? UserAgent { get; set; }

    public bool IsActive => RevokedAt is null;
}
