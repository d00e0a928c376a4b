using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;
using MimeKit;

namespace Streaming.TestSupport.Email;

/// <summary>How the test SMTP server answers the next messages.</summary>
public enum SmtpServerMode
{
    /// <summary>Takes every message (250).</summary>
    Accept,

    /// <summary>Refuses the message after its data with "451 try again later" (a temporary refusal).</summary>
    RefuseTemporarily,

    /// <summary>Refuses the recipient with "550 no such user" (a permanent refusal).</summary>
    RejectRecipient,

    /// <summary>Closes the connection as soon as the client sends DATA, without a word.</summary>
    DropConnection,
}

/// <summary>
/// A small SMTP server on a loopback port, speaking the part of RFC 5321 a client needs to hand over
/// a message (EHLO/HELO, MAIL, RCPT, DATA with dot-stuffing, RSET, NOOP, QUIT), so that the app's
/// SMTP adapter (MailKit) is tested over a real socket. <see cref="Mode"/> makes it refuse or drop
/// the connection; <see cref="Stop"/> takes it down (connections refused) and <see cref="Start"/>
/// brings it back on the same port. Messages it took are parsed with MimeKit.
/// </summary>
public sealed class SmtpTestServer : IAsyncDisposable
{
    private readonly ConcurrentQueue<ReceivedEmail> _received = new();
    private TcpListener? _listener;
    private CancellationTokenSource? _stop;
    private Task? _acceptLoop;

    public int Port { get; private set; }

    private volatile SmtpServerMode _mode = SmtpServerMode.Accept;
    private int _attempts;

    public SmtpServerMode Mode
    {
        get => _mode;
        set => _mode = value;
    }

    /// <summary>Messages taken (250 after DATA), in order.</summary>
    public IReadOnlyList<ReceivedEmail> Received => [.. _received];

    /// <summary>Every DATA command seen, taken or not.</summary>
    public int Attempts => Volatile.Read(ref _attempts);

    public static SmtpTestServer StartNew()
    {
        var server = new SmtpTestServer();
        server.Start();
        return server;
    }

    public void Start()
    {
        if (_listener is not null) return;
        var listener = new TcpListener(IPAddress.Loopback, Port);
        listener.Server.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        listener.Start();
        Port = ((IPEndPoint)listener.LocalEndpoint).Port;
        _listener = listener;
        _stop = new CancellationTokenSource();
        _acceptLoop = AcceptAsync(listener, _stop.Token);
    }

    /// <summary>Down: the port refuses connections until <see cref="Start"/>.</summary>
    public void Stop()
    {
        _stop?.Cancel();
        _listener?.Stop();
        _listener = null;
    }

    private async Task AcceptAsync(TcpListener listener, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await listener.AcceptTcpClientAsync(cancellationToken);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            _ = Task.Run(() => ServeAsync(client, cancellationToken), CancellationToken.None);
        }
    }

    private async Task ServeAsync(TcpClient client, CancellationToken cancellationToken)
    {
        using var _ = client;
        try
        {
            var stream = client.GetStream();
            var reader = new StreamReader(stream, Encoding.Latin1);
            var writer = new StreamWriter(stream, Encoding.Latin1) { NewLine = "\r\n", AutoFlush = true };
            await writer.WriteLineAsync("220 smtp.test ESMTP ready");
            string? from = null;
            var to = new List<string>();
            while (await reader.ReadLineAsync(cancellationToken) is { } line)
            {
                var verb = line.Split(' ', 2)[0].ToUpperInvariant();
                switch (verb)
                {
                    case "EHLO":
                        await writer.WriteLineAsync("250-smtp.test");
                        await writer.WriteLineAsync("250 8BITMIME");
                        break;
                    case "HELO":
                        await writer.WriteLineAsync("250 smtp.test");
                        break;
                    case "MAIL":
                        from = Address(line);
                        to.Clear();
                        await writer.WriteLineAsync("250 OK");
                        break;
                    case "RCPT" when Mode == SmtpServerMode.RejectRecipient:
                        await writer.WriteLineAsync("550 5.1.1 No such user here");
                        break;
                    case "RCPT":
                        to.Add(Address(line));
                        await writer.WriteLineAsync("250 OK");
                        break;
                    case "DATA":
                        Interlocked.Increment(ref _attempts);
                        if (Mode == SmtpServerMode.DropConnection)
                        {
                            client.Client.LingerState = new LingerOption(true, 0); // a reset, as a crashed server gives
                            return;
                        }

                        if (to.Count == 0)
                        {
                            await writer.WriteLineAsync("554 No valid recipients");
                            break;
                        }

                        await writer.WriteLineAsync("354 End data with <CR><LF>.<CR><LF>");
                        var data = await ReadDataAsync(reader, cancellationToken);
                        if (Mode == SmtpServerMode.RefuseTemporarily)
                        {
                            await writer.WriteLineAsync("451 4.3.0 Try again later");
                            break;
                        }

                        _received.Enqueue(new ReceivedEmail(from ?? "", [.. to], data, MimeMessage.Load(new MemoryStream(Encoding.Latin1.GetBytes(data)))));
                        await writer.WriteLineAsync("250 OK queued");
                        break;
                    case "RSET":
                        from = null;
                        to.Clear();
                        await writer.WriteLineAsync("250 OK");
                        break;
                    case "NOOP":
                        await writer.WriteLineAsync("250 OK");
                        break;
                    case "QUIT":
                        await writer.WriteLineAsync("221 Bye");
                        return;
                    default:
                        await writer.WriteLineAsync("502 Command not implemented");
                        break;
                }
            }
        }
        catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
        {
            // The client went away, or the server is being stopped.
        }
    }

    private static async Task<string> ReadDataAsync(StreamReader reader, CancellationToken cancellationToken)
    {
        var data = new StringBuilder();
        while (await reader.ReadLineAsync(cancellationToken) is { } line && line != ".")
            data.Append(line.StartsWith("..", StringComparison.Ordinal) ? line[1..] : line).Append("\r\n");
        return data.ToString();
    }

    private static string Address(string command)
    {
        var start = command.IndexOf('<');
        var end = command.IndexOf('>', start + 1);
        return start >= 0 && end > start ? command[(start + 1)..end] : "";
    }

    public async ValueTask DisposeAsync()
    {
        Stop();
        if (_acceptLoop is not null) await _acceptLoop;
    }
}

/// <summary>One message the server took: the envelope, the raw data and the parsed message.</summary>
public sealed record ReceivedEmail(string From, IReadOnlyList<string> To, string Raw, MimeMessage Message)
{
    public string Text => Message.TextBody ?? "";

    public string Html => Message.HtmlBody ?? "";

    /// <summary>The only attachment, decoded as UTF-8 text (the .ics).</summary>
    public string AttachmentText()
    {
        var part = (MimePart)Message.Attachments.Single();
        using var content = new MemoryStream();
        part.Content!.DecodeTo(content);
        return Encoding.UTF8.GetString(content.ToArray());
    }
}
