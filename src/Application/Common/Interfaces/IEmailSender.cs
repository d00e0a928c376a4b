namespace Streaming.Application.Common.Interfaces;

/// <summary>
/// Delivers one finished email: a pickup folder of .eml files (the default) or an SMTP server
/// (MailKit). Callers never send directly: every email goes through the outbox, whose job calls this.
/// </summary>
public interface IEmailSender
{
    /// <summary>
    /// Hands the message over. Throws <see cref="EmailDeliveryException"/> when it was not accepted
    /// (the outbox tries again later, or gives up when the refusal is permanent).
    /// </summary>
    Task SendAsync(EmailMessage message, CancellationToken cancellationToken);
}

/// <param name="Id">
/// The outbox row's id: the adapters derive the Message-ID and the pickup file name from it, so a
/// message handed over twice (a crash between sending and recording it) is recognisably the same.
/// </param>
/// <param name="UnsubscribeUrl">The one-click unsubscribe URL (RFC 8058 headers); null for account mail, which cannot be turned off.</param>
public sealed record EmailMessage(
    Guid Id,
    EmailRecipient To,
    string Subject,
    string TextBody,
    string HtmlBody,
    IReadOnlyList<EmailAttachment> Attachments,
    string? UnsubscribeUrl);

public sealed record EmailRecipient(string Address, string? DisplayName);

public sealed record EmailAttachment(string FileName, string ContentType, byte[] Content);

/// <summary>The message was not handed over. <see cref="Permanent"/>: trying again will not help (the server refused the address).</summary>
public sealed class EmailDeliveryException(string message, bool permanent, Exception? inner = null) : Exception(message, inner)
{
    public bool Permanent { get; } = permanent;
}
