using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using MimeKit;
using Streaming.Application.Common.Interfaces;
using Streaming.Infrastructure.Email;
using Streaming.TestSupport.Email;

namespace Streaming.Infrastructure.IntegrationTests.Email;

/// <summary>The MailKit adapter over a real socket, against an SMTP server the test starts (and refuses, drops and stops).</summary>
public class SmtpEmailSenderTests
{
    private SmtpTestServer _server = null!;

    [SetUp]
    public void StartServer() => _server = SmtpTestServer.StartNew();

    [TearDown]
    public async Task StopServer() => await _server.DisposeAsync();

    private SmtpEmailSender Sender() => new(Options.Create(new EmailOptions
    {
        Provider = EmailProvider.Smtp,
        FromAddress = "classes@streaming.test",
        ProductName = "Streaming Test",
        Smtp = new SmtpOptions { Host = "127.0.0.1", Port = _server.Port, Security = SmtpSecurity.None, Timeout = TimeSpan.FromSeconds(10) },
    }), new TestClock(), NullLogger<SmtpEmailSender>.Instance);

    private static EmailMessage Message(string? unsubscribe = "https://streaming.test/email/unsubscribe?token=abc") => new(
        Guid.NewGuid(),
        new EmailRecipient("ana@example.test", "Ana Member"),
        "You're enrolled: Morning HIIT",
        "Hi Ana,\n\nYou are enrolled.\n",
        "<p>Hi Ana,</p><p>You are enrolled.</p>",
        [new EmailAttachment("morning-hiit.ics", "text/calendar; charset=utf-8; method=PUBLISH", Encoding.UTF8.GetBytes("BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n"))],
        unsubscribe);

    [Test]
    public async Task Send_HandsOverOneMimeMessage_WithTextHtmlAttachmentAndOneClickUnsubscribe()
    {
        await using var sender = Sender();
        var message = Message();

        await sender.SendAsync(message, CancellationToken.None);

        var received = _server.Received.Single();
        Assert.Multiple(() =>
        {
            Assert.That(received.To, Is.EqualTo(new[] { "ana@example.test" }), "one recipient, nobody else");
            Assert.That(received.From, Is.EqualTo("classes@streaming.test"));
            Assert.That(received.Message.Subject, Is.EqualTo("You're enrolled: Morning HIIT"));
            Assert.That(received.Message.From.Mailboxes.Single().Name, Is.EqualTo("Streaming Test"));
            Assert.That(received.Text, Does.Contain("You are enrolled."));
            Assert.That(received.Html, Does.Contain("<p>You are enrolled.</p>"));
            Assert.That(received.Message.Body, Is.InstanceOf<Multipart>().With.Property("ContentType").Property("MimeType").EqualTo("multipart/mixed"));
            Assert.That(received.Message.Attachments.OfType<MimePart>().Single().ContentType.MimeType, Is.EqualTo("text/calendar"));
            Assert.That(received.Message.Headers["List-Unsubscribe"], Is.EqualTo("<https://streaming.test/email/unsubscribe?token=abc>"));
            Assert.That(received.Message.Headers["List-Unsubscribe-Post"], Is.EqualTo("List-Unsubscribe=One-Click"));
            Assert.That(received.Message.MessageId, Does.StartWith(message.Id.ToString("N")), "the outbox id names the message");
        });
    }

    [Test]
    public async Task Send_AccountMail_HasNoUnsubscribeHeaders()
    {
        await using var sender = Sender();

        await sender.SendAsync(Message(unsubscribe: null), CancellationToken.None);

        Assert.That(_server.Received.Single().Message.Headers.Contains("List-Unsubscribe"), Is.False);
    }

    [Test]
    public async Task ServerRefusesForNow_IsATemporaryFailure_AndTheNextTryGoesThrough()
    {
        await using var sender = Sender();
        _server.Mode = SmtpServerMode.RefuseTemporarily;

        var refused = Assert.ThrowsAsync<EmailDeliveryException>(() => sender.SendAsync(Message(), CancellationToken.None));
        _server.Mode = SmtpServerMode.Accept;
        await sender.SendAsync(Message(), CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(refused!.Permanent, Is.False);
            Assert.That(refused.Message, Does.Contain("451"));
            Assert.That(_server.Received, Has.Count.EqualTo(1));
        });
    }

    [Test]
    public async Task ServerRejectsTheRecipient_IsAPermanentFailure()
    {
        await using var sender = Sender();
        _server.Mode = SmtpServerMode.RejectRecipient;

        var refused = Assert.ThrowsAsync<EmailDeliveryException>(() => sender.SendAsync(Message(), CancellationToken.None));

        Assert.That(refused!.Permanent, Is.True);
        Assert.That(refused.Message, Does.Contain("550"));
    }

    [Test]
    public async Task ServerDropsTheConnection_IsATemporaryFailure_AndTheNextSendConnectsAfresh()
    {
        await using var sender = Sender();
        await sender.SendAsync(Message(), CancellationToken.None); // a connection is open and reused
        _server.Mode = SmtpServerMode.DropConnection;

        var dropped = Assert.ThrowsAsync<EmailDeliveryException>(() => sender.SendAsync(Message(), CancellationToken.None));
        _server.Mode = SmtpServerMode.Accept;
        await sender.SendAsync(Message(), CancellationToken.None);

        Assert.That(dropped!.Permanent, Is.False);
        Assert.That(_server.Received, Has.Count.EqualTo(2));
    }

    [Test]
    public async Task ServerDown_IsATemporaryFailure_NamingTheServer()
    {
        await using var sender = Sender();
        _server.Stop();

        var down = Assert.ThrowsAsync<EmailDeliveryException>(() => sender.SendAsync(Message(), CancellationToken.None));

        Assert.That(down!.Permanent, Is.False);
        Assert.That(down.Message, Does.Contain($"127.0.0.1:{_server.Port}"));
        _server.Start();
        await sender.SendAsync(Message(), CancellationToken.None);
        Assert.That(_server.Received, Has.Count.EqualTo(1), "back up on the same port: sent");
    }
}
