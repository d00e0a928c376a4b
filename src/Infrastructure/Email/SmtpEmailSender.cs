using System.Net.Sockets;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Streaming.Application.Common.Interfaces;

namespace Streaming.Infrastructure.Email;

/// <summary>
/// Sends through an SMTP server with MailKit (STARTTLS or TLS, optional login). One connection serves
/// every message of a job run (a scope) and is closed at its end; after any failure it is dropped and
/// the next message connects afresh. A refusal of the address itself (5xx to RCPT TO) is permanent;
/// everything else — the server down, refusing for now (4xx), dropping the connection, timing out,
/// a login or TLS problem — is worth trying again later.
/// </summary>
public sealed class SmtpEmailSender(IOptions<EmailOptions> options, TimeProvider clock, ILogger<SmtpEmailSender> logger) : IEmailSender, IAsyncDisposable
{
    private SmtpClient? _client;

    public async Task SendAsync(EmailMessage message, CancellationToken cancellationToken)
    {
        var smtp = options.Value.Smtp;
        var mime = MimeMessages.Build(message, options.Value, clock.GetUtcNow());
        try
        {
            var client = await ConnectedClientAsync(smtp, cancellationToken);
            await client.SendAsync(mime, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            await DropConnectionAsync();
            var permanent = e is SmtpCommandException { ErrorCode: SmtpErrorCode.RecipientNotAccepted } refused && (int)refused.StatusCode >= 500;
            logger.LogWarning(e, "SMTP {Host}:{Port} did not take \"{Subject}\" ({Kind})", smtp.Host, smtp.Port, message.Subject, permanent ? "permanent" : "will retry");
            throw new EmailDeliveryException(Describe(e, smtp), permanent, e);
        }
    }

    private async Task<SmtpClient> ConnectedClientAsync(SmtpOptions smtp, CancellationToken cancellationToken)
    {
        if (_client is { IsConnected: true } open) return open;
        await DropConnectionAsync();
        var client = new SmtpClient { Timeout = (int)smtp.Timeout.TotalMilliseconds };
        if (smtp.AcceptAnyCertificate) client.ServerCertificateValidationCallback = (_, _, _, _) => true;
        _client = client;
        await client.ConnectAsync(smtp.Host, smtp.Port, smtp.SocketOptions, cancellationToken);
        if (!string.IsNullOrEmpty(smtp.UserName)) await client.AuthenticateAsync(smtp.UserName, smtp.Password, cancellationToken);
        return client;
    }

    private static string Describe(Exception e, SmtpOptions smtp) => e switch
    {
        SmtpCommandException command => $"The mail server refused it ({(int)command.StatusCode}): {command.Message}",
        SmtpProtocolException => $"The mail server dropped the connection: {e.Message}",
        AuthenticationException => $"The mail server did not accept the login of {smtp.UserName}: {e.Message}",
        SslHandshakeException => $"TLS with the mail server failed: {e.Message}",
        SocketException or IOException => $"Could not reach the mail server {smtp.Host}:{smtp.Port}: {e.Message}",
        OperationCanceledException or TimeoutException => $"The mail server did not answer within {smtp.Timeout.TotalSeconds:0} s.",
        _ => e.Message,
    };

    private async Task DropConnectionAsync()
    {
        if (_client is null) return;
        var client = _client;
        _client = null;
        try
        {
            if (client.IsConnected) await client.DisconnectAsync(quit: true, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(5));
        }
        catch (Exception e) when (e is IOException or SocketException or SmtpProtocolException or TimeoutException or ServiceNotConnectedException)
        {
            // Already gone.
        }
        finally
        {
            client.Dispose();
        }
    }

    public async ValueTask DisposeAsync() => await DropConnectionAsync();
}
