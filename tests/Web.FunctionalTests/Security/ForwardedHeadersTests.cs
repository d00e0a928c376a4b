using Microsoft.Extensions.Options;

namespace Streaming.Web.FunctionalTests.Security;

/// <summary>
/// X-Forwarded-Proto/For are believed only from the proxies in Security:TrustedProxies: the same
/// request over real loopback TCP makes the cookies Secure behind a listed proxy, and changes nothing
/// when the sender is not one of them (anyone could send the headers).
/// </summary>
public class ForwardedHeadersTests
{
    private TestDatabase _database = null!;
    private readonly List<StreamingWebFactory> _factories = [];

    [OneTimeSetUp]
    public async Task CreateDatabaseAsync() => _database = await TestDatabase.CreateAsync();

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        foreach (var factory in _factories) await factory.DisposeAsync();
        await _database.DisposeAsync();
    }

    private Uri Start(params string[] trustedProxies)
    {
        var factory = new StreamingWebFactory(_database);
        for (var i = 0; i < trustedProxies.Length; i++) factory.Settings[$"Security:TrustedProxies:{i}"] = trustedProxies[i];
        _factories.Add(factory);
        return factory.StartKestrel();
    }

    private static async Task<string> AntiforgeryCookieAsync(Uri app)
    {
        using var client = new HttpClient(new HttpClientHandler { UseCookies = false }) { BaseAddress = app };
        using var request = new HttpRequestMessage(HttpMethod.Get, "/account/login");
        request.Headers.Add("X-Forwarded-Proto", "https");
        request.Headers.Add("X-Forwarded-For", "203.0.113.9");
        var response = await client.SendAsync(request);
        return response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("streaming.af=", StringComparison.Ordinal));
    }

    [Test]
    public async Task Forwarded_headers_count_from_a_listed_proxy_only()
    {
        var behindListedProxy = Start("127.0.0.1");
        var behindOtherNetwork = Start("10.0.0.0/8", "192.168.1.20");
        var noProxyListed = Start();

        Assert.That(await AntiforgeryCookieAsync(behindListedProxy), Does.Contain("secure").IgnoreCase);
        Assert.That(await AntiforgeryCookieAsync(behindOtherNetwork), Does.Not.Contain("secure").IgnoreCase, "127.0.0.1 is not one of the proxies");
        Assert.That(await AntiforgeryCookieAsync(noProxyListed), Does.Not.Contain("secure").IgnoreCase);
    }

    [Test]
    public void A_malformed_proxy_entry_or_the_retired_trust_everyone_switch_stops_the_start_with_a_message()
    {
        var malformed = new StreamingWebFactory(_database);
        malformed.Settings["Security:TrustedProxies:0"] = "proxy.internal";
        _factories.Add(malformed);
        var retired = new StreamingWebFactory(_database);
        retired.Settings["Security:TrustForwardedHeaders"] = "true";
        _factories.Add(retired);

        Assert.That(Assert.Catch(() => malformed.CreateClient())!.GetBaseException(),
            Is.InstanceOf<OptionsValidationException>().With.Message.Contains("Security:TrustedProxies: \"proxy.internal\" is neither an IP address nor a network"));
        Assert.That(Assert.Catch(() => retired.CreateClient())!.GetBaseException(),
            Is.InstanceOf<OptionsValidationException>().With.Message.Contains("Security:TrustedProxies"));
    }
}
