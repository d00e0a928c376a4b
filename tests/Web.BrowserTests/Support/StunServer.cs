using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;

namespace Streaming.Web.BrowserTests.Support;

/// <summary>
/// A STUN server (RFC 8489 Binding) on a loopback UDP port that plays a NAT: it answers every
/// Binding request with a fixed public address (<see cref="MappedAddress"/>, and the request's
/// own port) in XOR-MAPPED-ADDRESS, so a browser using it gathers a server-reflexive candidate of
/// that address, as it would behind a real NAT. Counts the requests it answered.
/// </summary>
public sealed class StunServer : IAsyncDisposable
{
    private const uint MagicCookie = 0x2112A442;
    private readonly UdpClient _udp = new(new IPEndPoint(IPAddress.Loopback, 0));
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private int _answered;

    public StunServer(IPAddress mappedAddress)
    {
        MappedAddress = mappedAddress;
        _loop = Task.Run(ServeAsync);
    }

    public IPAddress MappedAddress { get; }

    public string Url => $"stun:127.0.0.1:{((IPEndPoint)_udp.Client.LocalEndPoint!).Port}";

    public int Answered => Volatile.Read(ref _answered);

    private async Task ServeAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            UdpReceiveResult request;
            try
            {
                request = await _udp.ReceiveAsync(_stop.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (SocketException)
            {
                continue;
            }

            var message = request.Buffer;
            // A Binding request: type 0x0001, the magic cookie, a 96-bit transaction id.
            if (message.Length < 20 || BinaryPrimitives.ReadUInt16BigEndian(message) != 0x0001
                || BinaryPrimitives.ReadUInt32BigEndian(message.AsSpan(4)) != MagicCookie)
                continue;
            await _udp.SendAsync(SuccessResponse(message.AsSpan(8, 12), request.RemoteEndPoint.Port), request.RemoteEndPoint);
            Interlocked.Increment(ref _answered);
        }
    }

    /// <summary>Binding success (0x0101) with one attribute: XOR-MAPPED-ADDRESS (0x0020), IPv4.</summary>
    private byte[] SuccessResponse(ReadOnlySpan<byte> transactionId, int port)
    {
        var response = new byte[20 + 4 + 8];
        BinaryPrimitives.WriteUInt16BigEndian(response, 0x0101);
        BinaryPrimitives.WriteUInt16BigEndian(response.AsSpan(2), 12);
        BinaryPrimitives.WriteUInt32BigEndian(response.AsSpan(4), MagicCookie);
        transactionId.CopyTo(response.AsSpan(8));
        BinaryPrimitives.WriteUInt16BigEndian(response.AsSpan(20), 0x0020);
        BinaryPrimitives.WriteUInt16BigEndian(response.AsSpan(22), 8);
        response[25] = 0x01; // IPv4
        BinaryPrimitives.WriteUInt16BigEndian(response.AsSpan(26), (ushort)(port ^ (MagicCookie >> 16)));
        var address = BinaryPrimitives.ReadUInt32BigEndian(MappedAddress.GetAddressBytes());
        BinaryPrimitives.WriteUInt32BigEndian(response.AsSpan(28), address ^ MagicCookie);
        return response;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _udp.Dispose();
        try
        {
            await _loop;
        }
        catch (ObjectDisposedException)
        {
        }

        _stop.Dispose();
    }
}
