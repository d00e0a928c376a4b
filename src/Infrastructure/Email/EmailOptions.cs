using MailKit.Security;

namespace Streaming.Infrastructure.Email;

public enum EmailProvider
{
    /// <summary>Each message is written as an .eml file into a folder (no mail server needed).</summary>
    Pickup,

    /// <summary>Each message goes to an SMTP server (MailKit).</summary>
    Smtp,
}

/// <summary>The <c>Email</c> configuration section: where mail goes and who it comes from.</summary>
public sealed class EmailOptions
{
    public const string Section = "Email";

    public EmailProvider Provider { get; set; } = EmailProvider.Pickup;

    /// <summary>The sender address of every email.</summary>
    public string FromAddress { get; set; } = "no-reply@streaming.local";

    /// <summary>The sender's name, and the product name in every email's header and footer.</summary>
    public string ProductName { get; set; } = "Streaming";

    public PickupOptions Pickup { get; set; } = new();

    public SmtpOptions Smtp { get; set; } = new();

    /// <summary>How long a password reset link works.</summary>
    public TimeSpan PasswordResetLinkLifetime { get; set; } = TimeSpan.FromHours(1);

    /// <summary>How long an address confirmation link (sign-up, email change) works.</summary>
    public TimeSpan ConfirmationLinkLifetime { get; set; } = TimeSpan.FromDays(3);
}

public sealed class PickupOptions
{
    /// <summary>The folder the .eml files go to (default: .data/mail under the working directory).</summary>
    public string Folder { get; set; } = "";

    public string ResolvedFolder => Path.GetFullPath(string.IsNullOrWhiteSpace(Folder)
        ? Path.Combine(Directory.GetCurrentDirectory(), ".data", "mail")
        : Folder);
}

public enum SmtpSecurity
{
    /// <summary>STARTTLS, required: the connection is upgraded to TLS before anything is sent (port 587).</summary>
    StartTls,

    /// <summary>TLS from the first byte (port 465).</summary>
    Tls,

    /// <summary>No encryption: only for a relay on the same machine or a test server.</summary>
    None,
}

public sealed class SmtpOptions
{
    public string Host { get; set; } = "";

    public int Port { get; set; } = 587;

    public SmtpSecurity Security { get; set; } = SmtpSecurity.StartTls;

    /// <summary>Empty: no authentication.</summary>
    public string UserName { get; set; } = "";

    public string Password { get; set; } = "";

    /// <summary>Per SMTP operation (connect, each command).</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Skip checking the server's certificate. Only for a test server with a self-signed certificate;
    /// refused outside Development and Testing.
    /// </summary>
    public bool AcceptAnyCertificate { get; set; }

    internal SecureSocketOptions SocketOptions => Security switch
    {
        SmtpSecurity.Tls => SecureSocketOptions.SslOnConnect,
        SmtpSecurity.None => SecureSocketOptions.None,
        _ => SecureSocketOptions.StartTls,
    };
}
