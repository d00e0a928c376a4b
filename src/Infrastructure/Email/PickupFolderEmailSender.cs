using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MimeKit;
using Streaming.Application.Common.Interfaces;

namespace Streaming.Infrastructure.Email;

/// <summary>
/// The default adapter: writes each message as an .eml file (open it with any mail program) into
/// Email:Pickup:Folder. The file is named after the outbox id and written under a temporary name
/// first, so a reader never sees half a message and a message written twice is still one file.
/// </summary>
public sealed class PickupFolderEmailSender(IOptions<EmailOptions> options, TimeProvider clock, ILogger<PickupFolderEmailSender> logger) : IEmailSender
{
    public async Task SendAsync(EmailMessage message, CancellationToken cancellationToken)
    {
        var folder = options.Value.Pickup.ResolvedFolder;
        var path = Path.Combine(folder, $"{message.Id:N}.eml");
        var temporary = path + ".tmp";
        try
        {
            Directory.CreateDirectory(folder);
            var mime = MimeMessages.Build(message, options.Value, clock.GetUtcNow());
            // 7-bit transfer encodings (quoted-printable, base64) for the UTF-8 parts, as SMTP gets
            // them from MailKit when the server wants it: the file is then valid for any reader.
            mime.Prepare(EncodingConstraint.SevenBit);
            await using (var file = File.Create(temporary))
                await mime.WriteToAsync(file, cancellationToken);
            File.Move(temporary, path, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new EmailDeliveryException($"Could not write to the pickup folder {folder}: {e.Message}", permanent: false, e);
        }

        logger.LogInformation("Email \"{Subject}\" written to {Path}", message.Subject, path);
    }
}
