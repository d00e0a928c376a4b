using Streaming.Domain.Common;

namespace Streaming.Domain.Users;

public enum AccountActionKind
{
    Unlocked,
    Disabled,
    Enabled,
    Demoted,
}

/// <summary>
/// What a super admin did to an account (unlocked, disabled, enabled, demoted), by whom, when and
/// why: the audit trail on the account's admin page. Rows are only ever added.
/// </summary>
public class AccountAction
{
    public const int ReasonMaxLength = 200;

    private AccountAction()
    {
    }

    public AccountAction(string userId, string adminId, AccountActionKind kind, string reason, DateTimeOffset now)
    {
        if (string.IsNullOrWhiteSpace(userId)) throw new DomainException("An account action needs the account.");
        if (string.IsNullOrWhiteSpace(adminId)) throw new DomainException("An account action needs the admin who took it.");
        reason = PlainText.SingleLine(reason, "Reason");
        if (reason.Length == 0) throw new DomainException("Say why.");
        if (reason.Length > ReasonMaxLength) throw new DomainException($"The reason must be at most {ReasonMaxLength} characters.");
        Id = Guid.NewGuid();
        UserId = userId;
        AdminId = adminId;
        Kind = kind;
        Reason = reason;
        At = now.ToUniversalTime();
    }

    public Guid Id { get; private set; }

    /// <summary>The account acted on.</summary>
    public string UserId { get; private set; } = default!;

    public string AdminId { get; private set; } = default!;

    public AccountActionKind Kind { get; private set; }

    public string Reason { get; private set; } = default!;

    public DateTimeOffset At { get; private set; }
}
