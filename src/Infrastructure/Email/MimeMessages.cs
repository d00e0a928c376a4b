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
        message.To.Add(new MailboxAddress(email.To.DisplayName ?? "", email.To.Address));
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

    private static string Domain(string address) =>
        MailboxAddress.TryParse(address, out var mailbox) && mailbox.Domain is { Length: > 0 } domain ? domain : "streaming.local";
}
