using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Options;

namespace Streaming.Web.FunctionalTests.Security;

/// <summary>
/// Absolute links come from App:PublicBaseUrl, never from the Host header a client sends; outside
/// Development the host filter refuses other hosts, and the app refuses to start without the base
/// URL or with a short instructor access code (the demo's is accepted with the demo data only).
/// </summary>
public class PublicUrlTests : ClassesTestBase
{
    private const string PublicBase = "https://classes.example";
    private readonly List<StreamingWebFactory> _others = [];

    [TearDown]
    public async Task DisposeOthers()
    {
        foreach (var factory in _others) await factory.DisposeAsync();
        _others.Clear();
    }

    private StreamingWebFactory Production(Action<Dictionary<string, string?>> settings)
    {
        var factory = new StreamingWebFactory(Database);
        factory.Settings["environment"] = "Production";
        factory.Settings["App:PublicBaseUrl"] = PublicBase;
        factory.Settings["Instructor:AccessCode"] = "a-long-production-access-code";
        settings(factory.Settings);
        _others.Add(factory);
        return factory;
    }

    private static async Task<HttpResponseMessage> GetWithHostAsync(HttpClient client, string path, string host)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Host = host;
        return await client.SendAsync(request);
    }

    [Test]
    public async Task In_production_a_request_for_another_host_is_refused()
    {
        var coach = await InstructorAsync();
        var stream = await ScheduleAsync(coach);
        using var client = Production(_ => { }).CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri(PublicBase), AllowAutoRedirect = false });

        var evil = await GetWithHostAsync(client, $"/streams/{stream.Id}/calendar.ics", "evil.example");
        var own = await client.GetStringAsync($"/streams/{stream.Id}/calendar.ics");

        Assert.That(evil.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(own, Does.Contain($"{PublicBase}/streams/{stream.Id}").And.Not.Contain("evil"));
    }

    /// <summary>A load balancer's probe and Prometheus address the instance itself (its address as Host): only those paths pass the filter.</summary>
    [Test]
    public async Task In_production_probes_and_scrapes_addressed_to_the_instance_pass_the_host_filter()
    {
        using var client = Production(s => s["Observability:PrometheusScrapeToken"] = "a-scrape-token-of-some-length")
            .CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri(PublicBase), AllowAutoRedirect = false });

        var live = await GetWithHostAsync(client, "/healthz/live", "10.0.3.17:8080");
        var ready = await GetWithHostAsync(client, "/healthz/ready", "10.0.3.17:8080");
        using var scrape = new HttpRequestMessage(HttpMethod.Get, "/metrics");
        scrape.Headers.Host = "10.0.3.17:8080";
        scrape.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", "a-scrape-token-of-some-length");
        var metrics = await client.SendAsync(scrape);
        var page = await GetWithHostAsync(client, "/streams", "10.0.3.17:8080");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(live.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(ready.StatusCode, Is.EqualTo(HttpStatusCode.OK), await ready.Content.ReadAsStringAsync());
            Assert.That(metrics.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(page.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest), "pages still answer only to the public host");
        }
    }

    [Test]
    public async Task Calendar_links_use_the_configured_base_whatever_the_Host_header_says()
    {
        var coach = await InstructorAsync();
        var stream = await ScheduleAsync(coach);
        var factory = new StreamingWebFactory(Database);
        factory.Settings["App:PublicBaseUrl"] = PublicBase;
        _others.Add(factory);
        using var client = factory.CreateClient();

        var ics = await (await GetWithHostAsync(client, $"/streams/{stream.Id}/calendar.ics", "evil.example")).Content.ReadAsStringAsync();

        Assert.That(ics, Does.Contain($"{PublicBase}/streams/{stream.Id}").And.Not.Contain("evil.example"));
    }

    [Test]
    public void Production_refuses_to_start_without_a_public_base_url()
    {
        var factory = Production(s => s["App:PublicBaseUrl"] = "");

        var error = Assert.Catch(() => factory.CreateClient());

        Assert.That(error!.GetBaseException(), Is.InstanceOf<OptionsValidationException>());
        Assert.That(error.GetBaseException().Message, Does.Contain("App:PublicBaseUrl"));
    }

    [Test]
    public void Production_refuses_to_start_with_a_short_instructor_access_code()
    {
        var factory = Production(s => s["Instructor:AccessCode"] = "teach-demo");

        var error = Assert.Catch(() => factory.CreateClient());

        Assert.That(error!.GetBaseException().Message, Does.Contain("Instructor:AccessCode"));
    }

    [Test]
    public async Task The_demo_may_use_its_short_access_code()
    {
        // Demo data on, but no seeding here: the database of this fixture is not migrated again.
        var factory = Production(s =>
        {
            s["Instructor:AccessCode"] = "teach-demo";
            s["Seed:DemoData"] = "true";
            s["Database:MigrateOnStartup"] = "false";
        });
        using var client = factory.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri(PublicBase) });

        Assert.That((await client.GetAsync("/healthz")).StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }
}
