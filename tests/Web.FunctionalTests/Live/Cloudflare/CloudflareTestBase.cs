using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Streaming.Domain.Streams;
using Streaming.Infrastructure.Data;
using Streaming.TestSupport.Live.Cloudflare;

namespace Streaming.Web.FunctionalTests.Live.Cloudflare;

/// <summary>The app in Cloudflare mode (Streaming:Provider = Cloudflare) against a fake Cloudflare API on a real port.</summary>
public abstract class CloudflareTestBase : LiveTestBase
{
    // Started in Configure (the base fixture's one-time set-up calls it before the app starts) and
    // disposed in StopFakeAsync, which the analyzer cannot see through.
#pragma warning disable NUnit1032
    protected FakeCloudflareApi Api { get; private set; } = null!;
#pragma warning restore NUnit1032

    /// <summary>
    /// How long the app waits for the fake. Generous, so that a stall of a loaded machine does not turn
    /// a success into a timeout; a fixture that tests the timeout itself makes it short.
    /// </summary>
    protected virtual TimeSpan ApiTimeout => TimeSpan.FromSeconds(15);

    protected override void Configure(StreamingWebFactory factory)
    {
        // The fake must listen before the app starts (its address is part of the configuration).
        Api = FakeCloudflareApi.StartAsync().GetAwaiter().GetResult();
        foreach (var (key, value) in Api.Settings(ApiTimeout)) factory.Settings[key] = value;
    }

    [OneTimeTearDown]
    public async Task StopFakeAsync()
    {
        if (Api is not null) await Api.DisposeAsync();
    }

    [SetUp]
    public void ResetFake() => Api.Reset();

    /// <summary>Posts "Schedule a class" and returns the raw answer (302 to the dashboard on success, 200 with messages otherwise).</summary>
    protected static async Task<HttpResponseMessage> ScheduleThroughFormAsync(User instructor, string title)
    {
        var page = await instructor.Visitor.GetAsync("/instructor/streams/new");
        Assert.That(page.StatusCode, Is.EqualTo(HttpStatusCode.OK), page.ToString());
        var form = page.Form("#stream-form")
            .Set("Title", title)
            .Set("Description", "Bring a mat.")
            .Set("Category", "Yoga")
            .Set("StartLocal", new DateTime(2030, 3, 1, 9, 0, 0).ToString("yyyy-MM-ddTHH:mm", CultureInfo.InvariantCulture))
            .Set("TimeZone", "")
            .Set("DurationMinutes", "45")
            .Set("PriceInTokens", "0")
            .Set("Capacity", "");
        return await instructor.Visitor.SubmitAsync(form);
    }

    /// <summary>Schedules a class while the fake fails with <paramref name="failure"/>: the form comes back with <paramref name="message"/> and no class or input remains.</summary>
    protected async Task AssertFailedSchedulingAsync(CloudflareFailure failure, string message)
    {
        var coach = await SignUpAsync(instructor: true);
        var title = $"Failing {failure} {Guid.NewGuid():N}";
        Api.FailNext(2, failure);

        var response = await ScheduleThroughFormAsync(coach, title);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), "the form again, with the message");
        var page = await HtmlPage.ReadAsync(response);
        Assert.That(page.Document.QuerySelector("[data-valmsg-summary], .validation-summary-errors")?.TextContent, Does.Contain(message));
        Assert.That(page.Document.QuerySelector("#stream-form input[name=Title]")?.GetAttribute("value"), Is.EqualTo(title), "what was typed is kept");
        Assert.That(await StreamsTitledAsync(title), Is.Empty, "no half-created class");
        Assert.That(Api.Inputs, Is.Empty);
    }

    protected static Guid CreatedId(HttpResponseMessage response)
    {
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        var highlight = System.Web.HttpUtility.ParseQueryString(PageClient.RedirectTarget(response).Query)["highlight"];
        return Guid.Parse(highlight!);
    }

    protected Task<StreamInput?> InputAsync(Guid streamId) =>
        InScopeAsync(sp => sp.GetRequiredService<ApplicationDbContext>().StreamInputs.AsNoTracking().SingleOrDefaultAsync(i => i.StreamId == streamId));

    protected Task<List<LiveStream>> StreamsTitledAsync(string title) =>
        InScopeAsync(sp => sp.GetRequiredService<ApplicationDbContext>().Streams.AsNoTracking().Where(s => s.Title == title).ToListAsync());

    /// <summary>Posts a live input notification as Cloudflare does (<paramref name="secret"/> null: no header).</summary>
    protected async Task<HttpResponseMessage> NotifyAsync(string? secret, string eventType, string inputId, string updatedAt = "2026-11-21T10:00:00.123456789Z")
    {
        var body = $$"""
            {"name":"Streaming app","text":"Notification type: Stream Live Input\nInput ID: {{inputId}}\nEvent type: {{eventType}}\nUpdated at: {{updatedAt}}",
             "data":{"notification_name":"Stream Live Input","input_id":"{{inputId}}","event_type":"{{eventType}}","updated_at":"{{updatedAt}}"},
             "ts":1795255200}
            """;
        return await NotifyRawAsync(secret, body);
    }

    protected async Task<HttpResponseMessage> NotifyRawAsync(string? secret, string body)
    {
        using var client = Factory.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        using var request = new HttpRequestMessage(HttpMethod.Post, "/webhooks/cloudflare/live") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        if (secret is not null) request.Headers.Add("cf-webhook-auth", secret);
        return await client.SendAsync(request);
    }
}
