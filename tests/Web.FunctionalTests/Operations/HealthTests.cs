using System.Text.Json;
using Streaming.TestSupport.Realtime;

namespace Streaming.Web.FunctionalTests.Operations;

/// <summary>
/// The load balancer's probes with Redis configured: ready while the database, Redis and storage
/// answer; not ready (503, naming Redis) once Redis is gone, while the process is still live.
/// </summary>
public class HealthTests : WebTestBase
{
    // Started in Configure, which the base class's one-time set-up calls; stopped in the one-time tear-down.
#pragma warning disable NUnit1032
    private RedisProcess _redis = null!;
#pragma warning restore NUnit1032

    protected override void Configure(StreamingWebFactory factory)
    {
        _redis = RedisProcess.StartAsync().GetAwaiter().GetResult();
        factory.Settings["Redis:Configuration"] = _redis.Configuration + ",connectTimeout=2000,syncTimeout=2000,asyncTimeout=2000";
    }

    [OneTimeTearDown]
    public async Task StopRedisAsync()
    {
        if (_redis is not null) await _redis.DisposeAsync();
    }

    private async Task<(HttpStatusCode Status, JsonElement Body)> ProbeAsync(string path)
    {
        using var client = Factory.CreateClient();
        var response = await client.GetAsync(path);
        return (response.StatusCode, JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement);
    }

    [Test]
    public async Task Ready_while_every_dependency_answers_then_not_ready_without_redis_but_still_live()
    {
        var (status, body) = await ProbeAsync("/healthz/ready");
        Assert.That(status, Is.EqualTo(HttpStatusCode.OK), body.ToString());
        Assert.That(body.GetProperty("checks").EnumerateObject().Select(c => (c.Name, c.Value.GetProperty("status").GetString())),
            Is.EquivalentTo(new[] { ("database", "Healthy"), ("redis", "Healthy"), ("storage", "Healthy") }));

        await _redis.DisposeAsync();
        _redis = null!;

        (status, body) = await ProbeAsync("/healthz/ready");
        Assert.That(status, Is.EqualTo(HttpStatusCode.ServiceUnavailable), body.ToString());
        Assert.That(body.GetProperty("checks").GetProperty("redis").GetProperty("status").GetString(), Is.EqualTo("Unhealthy"));
        Assert.That(body.GetProperty("checks").GetProperty("database").GetProperty("status").GetString(), Is.EqualTo("Healthy"));
        Assert.That(body.ToString(), Does.Not.Contain("   at "), "no stack trace");

        var (liveStatus, live) = await ProbeAsync("/healthz/live");
        Assert.That(liveStatus, Is.EqualTo(HttpStatusCode.OK), "a Redis outage does not get the instance restarted");
        Assert.That(live.GetProperty("status").GetString(), Is.EqualTo("Healthy"));
    }
}
