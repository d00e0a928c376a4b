using System.Net;
using Streaming.Infrastructure.Storage;

namespace Streaming.Web.Infrastructure;

/// <summary>
/// <c>X-Sendfile-Type: X-Accel-Redirect</c> ("this proxy sends what X-Accel-Redirect names", see
/// <see cref="AccelRedirect"/>) is believed only from the proxy in front of the app: a peer on this
/// machine (loopback, or a unix socket) or one of <c>Security:TrustedProxies</c>. From anyone else the
/// header is dropped, so a client that reaches the app directly gets the file itself and never learns
/// the internal location (for a plain URL, the URL it is proxied from).
/// </summary>
public sealed class SendfileTypeFromProxiesOnly(RequestDelegate next, SecurityOptions security)
{
    private readonly IReadOnlyList<IPNetwork> _proxies = security.ProxyNetworks();

    public Task InvokeAsync(HttpContext context)
    {
        // The connection's own peer: this runs before the forwarded headers replace it.
        if (context.Request.Headers.ContainsKey(AccelRedirect.RequestHeader) && !FromProxy(context.Connection.RemoteIpAddress))
            context.Request.Headers.Remove(AccelRedirect.RequestHeader);
        return next(context);
    }

    private bool FromProxy(IPAddress? peer)
    {
        if (peer is null || IPAddress.IsLoopback(peer)) return true;
        var address = peer.IsIPv4MappedToIPv6 ? peer.MapToIPv4() : peer;
        return _proxies.Any(network => network.Contains(address));
    }
}
