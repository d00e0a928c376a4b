using System.Net;
using Microsoft.AspNetCore.Http;
using Streaming.Web.Infrastructure;

namespace Streaming.Web.FunctionalTests.Recordings;

/// <summary>
/// "This proxy follows X-Accel-Redirect" counts only from the proxy: the header reaches the app from a
/// peer on this machine or one of Security:TrustedProxies, and is dropped from anyone else (who then
/// gets the file itself, never the internal location). Through the whole app, from loopback, see
/// <see cref="AccelRedirectDownloadTests"/>.
/// </summary>
public class SendfileTypeFromProxiesOnlyTests
{
    [TestCase("127.0.0.1", new string[0], true)]
    [TestCase("::1", new string[0], true)]
    [TestCase(null, new string[0], true)] // a unix socket: only processes on this machine connect
    [TestCase("203.0.113.7", new string[0], false)]
    [TestCase("10.0.0.5", new[] { "10.0.0.0/24" }, true)]
    [TestCase("::ffff:10.0.0.5", new[] { "10.0.0.0/24" }, true)]
    [TestCase("10.0.1.5", new[] { "10.0.0.0/24" }, false)]
    [TestCase("203.0.113.7", new[] { "203.0.113.8" }, false)]
    public async Task The_header_is_kept_only_from_the_proxy(string? peer, string[] trustedProxies, bool kept)
    {
        var context = new DefaultHttpContext();
        context.Connection.RemoteIpAddress = peer is null ? null : IPAddress.Parse(peer);
        context.Request.Headers["X-Sendfile-Type"] = "X-Accel-Redirect";
        string? seen = null;
        var middleware = new SendfileTypeFromProxiesOnly(next =>
        {
            seen = next.Request.Headers["X-Sendfile-Type"];
            return Task.CompletedTask;
        }, new SecurityOptions { TrustedProxies = trustedProxies });

        await middleware.InvokeAsync(context);

        Assert.That(seen, kept ? Is.EqualTo("X-Accel-Redirect") : Is.Null.Or.Empty);
    }
}
