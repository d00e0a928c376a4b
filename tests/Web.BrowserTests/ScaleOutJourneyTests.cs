using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Streaming.Application.Common.Interfaces;
using Streaming.Domain.Enrollments;
using Streaming.Domain.Streams;
using Streaming.Domain.Users;
using Streaming.Infrastructure.Data;
using Streaming.TestSupport.Realtime;
using Streaming.Web.BrowserTests.Support;

namespace Streaming.Web.BrowserTests;

/// <summary>
/// The class journey in Chromium through nginx in front of two app instances (one database, a real
/// redis-server), configured as <c>scripts/run.sh --instances 2</c> configures it: round robin, no
/// sticky sessions. A member signs in and enrolls (tokens charged), the instructor goes live from the
/// camera, the member watches and chats with the instructor; nginx's log proves both instances
/// served the journey's requests.
/// </summary>
public class ScaleOutJourneyTests
{
    private const string Password = "browser-pass-7";
    private const int Price = 5;

    private RedisProcess _redis = null!;
    private TestDatabase _database = null!;
    private string _blobs = null!;
    private StreamingWebFactory _a = null!;
    private StreamingWebFactory _b = null!;
    private Uri _urlA = null!;
    private Uri _urlB = null!;
    private NginxProcess _nginx = null!;
    private IPlaywright _playwright = null!;
    private IBrowser _browser = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _redis = await RedisProcess.StartAsync();
        _database = await TestDatabase.CreateAsync();
        _blobs = Directory.CreateTempSubdirectory("scale-out-blobs-").FullName;
        (_a, _urlA) = Start();
        (_b, _urlB) = Start();
        _nginx = await NginxProcess.StartAsync(_urlA, _urlB);
        _playwright = await Playwright.CreateAsync();
        _browser = await Chromium.LaunchAsync(_playwright, Chromium.WebRtcArgs);
    }

    private (StreamingWebFactory, Uri) Start()
    {
        var factory = new StreamingWebFactory(_database);
        factory.Settings["Redis:Configuration"] = _redis.Configuration;
        factory.Settings["Redis:ChannelPrefix"] = _database.Name;
        factory.Settings["Security:TrustedProxies:0"] = "127.0.0.1";
        // One blob folder for both, as a shared volume would be.
        factory.Settings["Storage:Provider"] = "Local";
        factory.Settings["Storage:Local:Root"] = _blobs;
        factory.Settings["Storage:Local:SigningKey"] = "scale-out-browser-signing-key-0123456789";
        return (factory, factory.StartKestrel());
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        await Chromium.ShutDownAsync(_browser, _playwright);
        if (_nginx is not null) await _nginx.DisposeAsync();
        foreach (var factory in new[] { _a, _b }) if (factory is not null) await factory.DisposeAsync();
        if (_database is not null) await _database.DisposeAsync();
        if (_redis is not null) await _redis.DisposeAsync();
        if (_blobs is not null && Directory.Exists(_blobs)) Directory.Delete(_blobs, recursive: true);
    }

    [Test]
    public async Task Through_nginx_a_member_enrolls_watches_the_live_class_and_chats_while_both_instances_serve()
    {
        var instructorEmail = $"coach-{Guid.NewGuid():N}@example.test";
        var memberEmail = $"member-{Guid.NewGuid():N}@example.test";
        var instructorId = await CreateUserAsync(instructorEmail, "Coach Maya", Roles.Instructor);
        var memberId = await CreateUserAsync(memberEmail, "Ana", Roles.Member);
        await GrantAsync(memberId, 20);
        var title = $"Two-instance flow {Guid.NewGuid():N}"[..26];
        var streamId = await ScheduleAsync(instructorId, title);

        var problems = new ConcurrentQueue<string>();
        var (memberContext, member) = await PageAsync(problems, "member");
        var (coachContext, coach) = await PageAsync(problems, "instructor");
        await using var _ = Chromium.ClosesAtEnd(memberContext);
        await using var __ = Chromium.ClosesAtEnd(coachContext);

        await Chromium.RunJourneyAsync(member, problems, async () =>
        {
            // The member signs in and enrolls; each request may land on either instance.
            await SignInAsync(member, memberEmail);
            await member.GotoAsync($"/streams/{streamId}");
            await member.GetByRole(AriaRole.Button, new() { Name = $"Enroll for {Price} tokens" }).ClickAsync();
            await Assertions.Expect(member.Locator("#flash")).ToContainTextAsync($"your balance is now {20 - Price}");
            await Assertions.Expect(member.Locator("#enrolled-note")).ToHaveTextAsync("You are enrolled in this class.");

            // The instructor goes live from the broadcast page.
            await SignInAsync(coach, instructorEmail);
            await coach.GotoAsync($"/instructor/streams/{streamId}/broadcast");
            var goLive = coach.Locator("#go-live");
            await Assertions.Expect(goLive).ToBeEnabledAsync(new() { Timeout = 30_000 });
            coach.Dialog += async (_, dialog) => await dialog.AcceptAsync(); // the class is an hour away: "Go live now anyway?"
            await goLive.ClickAsync();
            await Assertions.Expect(coach.Locator("#connection-state")).ToHaveAttributeAsync("data-state", "Connected", new() { Timeout = 30_000 });

            // The member watches: the offer may reach either instance, the broadcaster's page is on one of them.
            await member.GotoAsync($"/streams/{streamId}/watch");
            var watch = Stopwatch.StartNew();
            while (await member.EvaluateAsync<int>("async () => (await window.streamingPlayer?.stats())?.framesDecoded ?? 0") == 0)
            {
                if (watch.Elapsed > TimeSpan.FromSeconds(60))
                    Assert.Fail($"No video frame decoded within 60 s. Player: {await member.Locator("#player-state").InnerTextAsync()}");
                await Task.Delay(200);
            }

            await Assertions.Expect(coach.Locator("#viewer-count")).ToHaveTextAsync("1", new() { Timeout = 30_000 });

            // They chat: each panel's WebSocket is on whichever instance nginx chose; Redis carries the messages.
            foreach (var page in new[] { member, coach }) await Assertions.Expect(page.Locator("#chat-input")).ToBeEnabledAsync();
            await SendAsync(member, "Hi coach, the picture is great");
            await Assertions.Expect(coach.Locator("#chat-messages .chat-message").Filter(new() { HasText = "the picture is great" })).ToBeVisibleAsync();
            await SendAsync(coach, "Welcome Ana, grab a mat");
            await Assertions.Expect(member.Locator("#chat-messages .chat-message").Filter(new() { HasText = "grab a mat" })).ToBeVisibleAsync();
            await Screenshots.CaptureAsync(member, "scale-out-watch-and-chat");
            await Screenshots.CaptureAsync(coach, "scale-out-broadcast");
        });

        var served = _nginx.RequestsPerInstance();
        TestContext.Out.WriteLine($"Requests per instance: {string.Join(", ", served.Select(s => $"{s.Key}: {s.Value}"))}");
        Assert.That(served.Keys, Is.EquivalentTo(new[] { _urlA.Port, _urlB.Port }), "both instances served the journey:\n" + _nginx.AccessLog());
        Assert.That(served.Values, Has.All.GreaterThan(5));
        await using var scope = _a.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ApplicationDbContext>();
        var enrollment = await db.Enrollments.AsNoTracking().SingleAsync(e => e.StreamId == streamId && e.MemberId == memberId);
        Assert.That((enrollment.Status, enrollment.TokensPaid), Is.EqualTo((EnrollmentStatus.Active, Price)), "charged once");
        Assert.That(problems.Where(p => p.StartsWith("CSP", StringComparison.Ordinal) || p.StartsWith("page error", StringComparison.Ordinal)),
            Is.Empty, string.Join(Environment.NewLine, problems));
    }

    private Task<(IBrowserContext Context, IPage Page)> PageAsync(ConcurrentQueue<string> problems, string who) =>
        Chromium.MonitoredPageAsync(_browser, new BrowserNewContextOptions { BaseURL = _nginx.Url.ToString(), Permissions = ["camera", "microphone"] },
            problems, who, reportFailedRequests: false);

    private static async Task SignInAsync(IPage page, string email)
    {
        await page.GotoAsync("/account/login");
        await page.GetByLabel("Email").FillAsync(email);
        await page.GetByLabel("Password").FillAsync(Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Log in" }).ClickAsync();
        await Assertions.Expect(page.Locator("#account-menu")).ToBeVisibleAsync();
    }

    private static async Task SendAsync(IPage page, string text)
    {
        await page.Locator("#chat-input").FillAsync(text);
        await page.Locator("#chat-send").ClickAsync();
        await Assertions.Expect(page.Locator("#chat-input")).ToHaveValueAsync("");
    }

    private async Task<string> CreateUserAsync(string email, string name, string role)
    {
        await using var scope = _a.Services.CreateAsyncScope();
        var (id, errors) = await scope.ServiceProvider.GetRequiredService<IIdentityService>().CreateUserAsync(email, Password, name, role, CancellationToken.None);
        return id ?? throw new AssertionException(string.Join(" ", errors));
    }

    private async Task GrantAsync(string memberId, int tokens)
    {
        await using var scope = _a.Services.CreateAsyncScope();
        var grant = await scope.ServiceProvider.GetRequiredService<ITokenLedger>()
            .GrantAsync(new LedgerGrant(memberId, tokens, "Welcome tokens", $"scale-out:{Guid.NewGuid():N}"), CancellationToken.None);
        Assert.That(grant.Succeeded, Is.True, grant.Message);
    }

    private async Task<Guid> ScheduleAsync(string instructorId, string title)
    {
        await using var scope = _a.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ApplicationDbContext>();
        var now = _a.Clock.Now;
        var stream = LiveStream.Schedule(instructorId, title, "Two instances behind nginx.", "Yoga", now.AddHours(1), 30, Price, 10, now);
        db.Streams.Add(stream);
        await db.SaveChangesAsync();
        return stream.Id;
    }
}
