namespace Streaming.Web.Models;

/// <summary>
/// The admin's "Adjust tokens" form on a user's page: a positive amount adds tokens, a negative one
/// takes them back; either way a new ledger line with the reason. <see cref="RequestId"/> makes a
/// second submit of the same form change nothing.
/// </summary>
public sealed class AdjustTokensForm
{
    public int? Amount { get; set; }

    public string Reason { get; set; } = "";

    public Guid RequestId { get; set; }
}

/// <summary>An account action's form on a user's page (unlock, disable, enable, demote): the reason kept in the audit trail.</summary>
public sealed class AccountActionForm
{
    public string Reason { get; set; } = "";
}

/// <summary>What the account page needs to draw one account action's form.</summary>
public sealed record AccountActionView(
    string Action, string Button, string UserId, string ButtonClass, string? Confirm, string? Error, string? ReasonError, string? Reason);
