using System.Net.Http.Headers;

namespace Streaming.Web.FunctionalTests.Operations;

/// <summary>
/// Prometheus's scrape endpoint: the bearer token or the ordinary 404; what it shows is what the
/// requests did (ASP.NET Core, Npgsql and the product's own counters).
/// </summary>
public class MetricsTests : ClassesTestBase
{
    private const string Token = "scrape-token-for-the-tests-0123";

    protected override void Configure(StreamingWebFactory factory) =>
        factory.Settings["Observability:PrometheusScrapeToken"] = Token;

    private async Task<HttpResponseMessage> ScrapeAsync(string? authorization)
    {
        using var client = Factory.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/metrics");
        if (authorization is not null) request.Headers.TryAddWithoutValidation("Authorization", authorization);
        return await client.SendAsync(request);
    }

    [Test]
    public async Task Without_the_token_the_scrape_endpoint_is_an_ordinary_404()
    {
        foreach (var authorization in new[] { null, "Bearer wrong-token-wrong-token", $"Basic {Token}", Token })
        {
            var response = await ScrapeAsync(authorization);
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound), authorization ?? "no header");
            Assert.That(await response.Content.ReadAsStringAsync(), Does.Not.Contain("# TYPE"));
        }
    }

    [Test]
    public async Task A_scrape_shows_requests_database_commands_and_the_enrollments_counted()
    {
        var coach = await InstructorAsync();
        var free = await ScheduleAsync(coach, price: 0);
        using var member = NewVisitor();
        await RegisterAsync(member, UniqueEmail());
        await EnrollAsync(member, free.Id);

        var response = await ScrapeAsync($"Bearer {Token}");
        var text = await response.Content.ReadAsStringAsync();

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("text/plain").Or.EqualTo("application/openmetrics-text"));
        Assert.That(text, Does.Contain("http_server_request_duration_seconds_bucket"));
        Assert.That(text, Does.Contain("db_client_operation_duration_seconds_bucket"));
        Assert.That(Value(text, "streaming_enrollments_total{", "paid=\"false\""), Is.GreaterThanOrEqualTo(1), text);
        Assert.That(text, Does.Contain("service_name=\"streaming\""));
    }

    /// <summary>The value of the sample whose line starts with <paramref name="name"/> and carries <paramref name="label"/>.</summary>
    private static double Value(string text, string name, string label)
    {
        var line = text.Split('\n').FirstOrDefault(l => l.StartsWith(name, StringComparison.Ordinal) && l.Contains(label, StringComparison.Ordinal));
        return line is null ? 0 : double.Parse(line.Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture);
    }
}
