using Streaming.Application.Common.Interfaces;

namespace Streaming.Application.Notifications.Common;

/// <summary>An outbox email made ready to render: who gets it, what it says, what is attached — or why it is not sent.</summary>
public sealed record EmailDraft(EmailRecipient To, EmailModel Model, IReadOnlyList<EmailAttachment> Attachments)
{
    public static DraftResult Skip(string reason) => new(null, reason);

    public static implicit operator DraftResult(EmailDraft draft) => new(draft, null);
}

/// <summary>A draft, or the reason the email is not sent (it is marked Skipped with it).</summary>
public sealed record DraftResult(EmailDraft? Draft, string? SkipReason);
