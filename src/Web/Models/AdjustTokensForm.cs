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
