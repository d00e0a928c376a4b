using MimeKit;
using Streaming.Application.Common.Interfaces;

namespace Streaming.Infrastructure.Email;

/// <summary>
/// Builds the MIME message both adapters send: multipart/alternative (plain text, then HTML) inside
/// multipart/mixed when there are attachments, one recipient, and RFC 8058 one-click unsubscribe
/// headers for optional mail. The Message-ID comes from the outbox id, so a message handed over twice
/// is recognisably one.
/// </summary>
public static class MimeMessages
{
    public static MimeMessage Build(EmailMessage email, EmailOptions options, DateTimeOffset now)
    {
        var message = new MimeMessage();
        message.From.Add(new MailboxAddress(options.ProductName, options.FromAddress));
        message.To.Add(Recipient(email.To));
        message.Subject = email.Subject;
        message.Date = now;
        message.MessageId = $"{email.Id:N}@{Domain(options.FromAddress)}";
        // Automated mail: no out-of-office replies to it (RFC 3834).
        message.Headers.Add("Auto-Submitted", "auto-generated");

        if (email.UnsubscribeUrl is { } unsubscribe)
        {
            message.Headers.Add(HeaderId.ListUnsubscribe, $"<{unsubscribe}>");
            message.Headers.Add("List-Unsubscribe-Post", "List-Unsubscribe=One-Click");
        }

        var body = new BodyBuilder { TextBody = email.TextBody, HtmlBody = email.HtmlBody };
        foreach (var attachment in email.Attachments)
            body.Attachments.Add(attachment.FileName, attachment.Content, ContentType.Parse(attachment.ContentType));
        message.Body = body.ToMessageBody();
        return message;
    }

    /// <summary>
    /// An address no mail server can take (accounts made before addresses were checked, an import)
    /// fails for good with a message the admin can act on; trying it again would change nothing.
    /// The message leaves the address out: /admin/jobs shows it.
    /// </summary>
    private static MailboxAddress Recipient(EmailRecipient to)
    {
        try
        {
            return new MailboxAddress(to.DisplayName ?? "", to.Address);
        }
        catch (ParseException e)
        {
            throw new EmailDeliveryException(
                "The recipient's address is not a valid email address (the account must change it); nothing was sent.", permanent: true, e);
        }
    }

    private static string Domain(string address) =>
        MailboxAddress.TryParse(address, out var mailbox) && mailbox.Domain is { Length: > 0 } domain ? domain : "streaming.local";
}
