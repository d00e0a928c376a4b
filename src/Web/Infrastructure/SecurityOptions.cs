using System.Net;

namespace Streaming.Web.Infrastructure;

public sealed class SecurityOptions
{
    public const string Section = "Security";

    /// <summary>Behind HTTPS: secure-only cookies, HSTS and a redirect from http.</summary>
    public bool RequireHttps { get; set; }

    /// <summary>
    /// The reverse proxies / load balancers in front of the app: addresses (<c>10.0.0.5</c>) or networks
    /// (<c>10.0.0.0/24</c>). <c>X-Forwarded-For</c> and <c>X-Forwarded-Proto</c> are believed only from
    /// these; empty: never (anyone could claim any address and escape the rate limits).
    /// </summary>
    public string[] TrustedProxies { get; set; } = [];

    /// <summary>Replaced by <see cref="TrustedProxies"/>: trusting every sender is not offered any more.</summary>
    public bool TrustForwardedHeaders { get; set; }

    /// <summary>The trusted proxies as networks (a single address is a /32 or /128); malformed entries are refused at start-up (<see cref="Failures"/>).</summary>
    public IReadOnlyList<IPNetwork> ProxyNetworks() =>
        TrustedProxies.Select(TryParse).OfType<IPNetwork>().ToList();

    /// <summary>What is wrong with these settings, each naming its key; empty when they are fine.</summary>
    public IEnumerable<string> Failures()
    {
        if (TrustForwardedHeaders && TrustedProxies.Length == 0)
            yield return "Security:TrustForwardedHeaders is no longer supported: list the addresses or networks of your reverse proxies in Security:TrustedProxies (e.g. Security__TrustedProxies__0=10.0.0.0/24) so forwarded headers are believed from them only.";
        foreach (var entry in TrustedProxies.Where(p => !string.IsNullOrWhiteSpace(p) && TryParse(p) is null))
            yield return $"Security:TrustedProxies: \"{entry.Trim()}\" is neither an IP address nor a network (e.g. 10.0.0.5 or 10.0.0.0/24).";
    }

    private static IPNetwork? TryParse(string entry)
    {
        entry = entry.Trim();
        if (entry.Length == 0) return null;
        if (IPNetwork.TryParse(entry, out var network)) return network;
        if (IPAddress.TryParse(entry, out var address)) return new IPNetwork(address, address.GetAddressBytes().Length * 8);
        return null;
    }
}
