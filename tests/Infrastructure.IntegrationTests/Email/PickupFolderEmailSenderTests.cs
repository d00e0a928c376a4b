using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using MimeKit;
using Streaming.Application.Common.Interfaces;
using Streaming.Infrastructure.Email;

namespace Streaming.Infrastructure.IntegrationTests.Email;

public class PickupFolderEmailSenderTests
{
    private string _folder = null!;

    [SetUp]
    public void CreateFolder() => _folder = Path.Combine(Path.GetTempPath(), $"pickup-{Guid.NewGuid():N}");

    [TearDown]
    public void DeleteFolder()
    {
        if (Directory.Exists(_folder)) Directory.Delete(_folder, recursive: true);
    }

    private PickupFolderEmailSender Sender() => new(Options.Create(new EmailOptions { Pickup = new PickupOptions { Folder = _folder } }),
        new TestClock(), NullLogger<PickupFolderEmailSender>.Instance);

    private static EmailMessage Message(Guid id) => new(id, new EmailRecipient("ana@example.test", "Ana Zoë"), "Reset your password · Zoë",
        "Choose a new password: https://streaming.test/account/reset-password?code=x\nStreaming · Zoë\n", "<p>Choose a new password · Zoë</p>", [], null);

    [Test]
    public async Task Send_WritesOneEmlFileNamedAfterTheOutboxId_ThatMailProgramsRead()
    {
        var id = Guid.NewGuid();

        await Sender().SendAsync(Message(id), CancellationToken.None);
        await Sender().SendAsync(Message(id), CancellationToken.None); // handed over twice (a crash before it was recorded)

        var file = Directory.GetFiles(_folder).Single();
        Assert.That(Path.GetFileName(file), Is.EqualTo($"{id:N}.eml"));
        var message = await MimeMessage.LoadAsync(file);
        Assert.Multiple(() =>
        {
            Assert.That(message.To.Mailboxes.Single().Address, Is.EqualTo("ana@example.test"));
            Assert.That(message.Subject, Is.EqualTo("Reset your password · Zoë"));
            Assert.That(message.To.Mailboxes.Single().Name, Is.EqualTo("Ana Zoë"));
            Assert.That(message.TextBody, Does.Contain("https://streaming.test/account/reset-password?code=x"));
            Assert.That(message.HtmlBody, Does.Contain("<p>Choose a new password · Zoë</p>"));
            Assert.That(message.TextBody, Does.Contain("Streaming · Zoë"));
            Assert.That(File.ReadAllBytes(file).All(b => b < 0x80), Is.True, "7-bit transfer encodings and RFC 2047 headers: valid for any reader");
        });
    }

    [TestCase("ana b@example.test")]
    [TestCase("ana@example..test")]
    [TestCase("ana@")]
    public void Send_AnAddressThatIsNotOne_IsAPermanentFailure_ThatSaysSo_WithoutTheAddress(string address)
    {
        var message = Message(Guid.NewGuid()) with { To = new EmailRecipient(address, "Ana") };

        var failed = Assert.ThrowsAsync<EmailDeliveryException>(() => Sender().SendAsync(message, CancellationToken.None));

        Assert.That(failed!.Permanent, Is.True, "trying again changes nothing");
        Assert.That(failed.Message, Does.Contain("not a valid email address").And.Not.Contain(address));
        Assert.That(Directory.Exists(_folder) ? Directory.GetFiles(_folder) : [], Is.Empty);
    }

    [Test]
    public void Send_FolderCannotBeWritten_IsATemporaryFailure()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(_folder)!);
        File.WriteAllText(_folder, "a file where the folder should be", Encoding.UTF8);
        try
        {
            var failed = Assert.ThrowsAsync<EmailDeliveryException>(() => Sender().SendAsync(Message(Guid.NewGuid()), CancellationToken.None));
            Assert.That(failed!.Permanent, Is.False);
        }
        finally
        {
            File.Delete(_folder);
        }
    }
}
