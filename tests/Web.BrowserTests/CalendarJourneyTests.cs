using System.Collections.Concurrent;
using System.Text;
using System.Text.RegularExpressions;
using System.Web;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Streaming.Application.Common.Interfaces;
using Streaming.Domain.Common;
using Streaming.Domain.Streams;
using Streaming.Domain.Users;
using Streaming.Infrastructure.Data;
using Streaming.TestSupport.Calendars;
using Streaming.Web.BrowserTests.Support;

namespace Streaming.Web.BrowserTests;

/// <summary>
/// A class in a member's calendar, in Chromium: the member enrolls, adds it (.ics, Google) and
/// subscribes to their feed; the instructor moves it on the edit form; later it ends early. The
/// calendar app (an anonymous client of the feed) sees the watch link, the real times and one more
/// SEQUENCE per change.
/// </summary>
public class CalendarJourneyTests
{
    private const string Password = "calendar-pass-7";
    private static readonly DateTimeOffset MovedTo = new(2030, 1, 13, 10, 0, 0, TimeSpan.Zero);

    private readonly string _memberEmail = $"cal-member-{Guid.NewGuid():N}@example.test";
    private readonly string _coachEmail = $"cal-coach-{Guid.NewGuid():N}@example.test";
    private TestDatabase _database = null!;
    private StreamingWebFactory _factory = null!;
    private IPlaywright _playwright = null!;
    private IBrowser _browser = null!;
    private Uri _baseAddress = null!;
    private Guid _streamId;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _database = await TestDatabase.CreateAsync();
        _factory = new StreamingWebFactory(_database);
        _baseAddress = _factory.StartKestrel();

        await using var scope = _factory.Services.CreateAsyncScope();
        var identity = scope.ServiceProvider.GetRequiredService<IIdentityService>();
        var (coachId, errors) = await identity.CreateUserAsync(_coachEmail, Password, "Coach Calendar", Roles.Instructor, CancellationToken.None);
        Assert.That(errors, Is.Empty);
        (_, errors) = await identity.CreateUserAsync(_memberEmail, Password, "Calendar Member", Roles.Member, CancellationToken.None);
        Assert.That(errors, Is.Empty);
        var db = scope.ServiceProvider.GetRequiredService<ApplicationDbContext>();
        var now = _factory.Clock.GetUtcNow();
        var stream = LiveStream.Schedule(coachId!, "Sunday mobility", "Hips, shoulders and spine.", "Mobility", now.AddDays(2), 45, 0, null, now);
        db.Streams.Add(stream);
        await db.SaveChangesAsync();
        _streamId = stream.Id;

        _playwright = await Playwright.CreateAsync();
        _browser = await Chromium.LaunchAsync(_playwright);
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        await Chromium.ShutDownAsync(_browser, _playwright);
        if (_factory is not null) await _factory.DisposeAsync();
        if (_database is not null) await _database.DisposeAsync();
    }

    private string Watch => $"{_baseAddress}streams/{_streamId}/watch";

    /// <summary>The event's properties, unfolded (a long line continues on the next one after a space).</summary>
    private static Dictionary<string, string> Event(string ics)
    {
        var lines = ics.Replace("\r\n ", "", StringComparison.Ordinal).Split("\r\n");
        var body = lines.SkipWhile(l => l != "BEGIN:VEVENT").TakeWhile(l => l != "BEGIN:VALARM" && l != "END:VEVENT");
        return body.Where(l => l.Contains(':')).Select(l => (Name: l[..l.IndexOf(':')].Split(';')[0], Value: l[(l.IndexOf(':') + 1)..]))
            .GroupBy(p => p.Name).ToDictionary(g => g.Key, g => g.First().Value);
    }

    [Test]
    public async Task A_member_adds_a_class_to_their_calendar_and_it_follows_the_move_and_the_early_end()
    {
        var problems = new ConcurrentQueue<string>();
        var options = new BrowserNewContextOptions { BaseURL = _baseAddress.ToString(), TimezoneId = "UTC", AcceptDownloads = true };
        var (memberContext, member) = await Chromium.MonitoredPageAsync(_browser, options, problems, "member",
            expectedFailure: r => r.Url.EndsWith(".ics", StringComparison.Ordinal));
        await using var closeMember = Chromium.ClosesAtEnd(memberContext);
        var (coachContext, coach) = await Chromium.MonitoredPageAsync(_browser, options, problems, "instructor");
        await using var closeCoach = Chromium.ClosesAtEnd(coachContext);
        var calendarApp = await _playwright.APIRequest.NewContextAsync();
        var start = _factory.Clock.Now;

        try
        {
            await Chromium.RunJourneyAsync(member, problems, async () =>
            {
                // The member enrolls and adds the class: the .ics and the Google link carry the watch page.
                await member.GotoAsync("/");
                await Chromium.LogInThroughTheNavigationAsync(member, _memberEmail, Password);
                await Assertions.Expect(member.Locator("#account-menu")).ToHaveTextAsync("Calendar Member");
                await member.GotoAsync($"/streams/{_streamId}");
                await member.GetByRole(AriaRole.Button, new() { Name = "Enroll for free" }).ClickAsync();
                await Assertions.Expect(member.Locator("#enrolled-note")).ToBeVisibleAsync();
                var google = new Uri((await member.GetByRole(AriaRole.Link, new() { Name = "Google" }).GetAttributeAsync("href"))!);
                var details = HttpUtility.ParseQueryString(google.Query)["details"]!;
                Assert.That(Regex.Matches(details, Regex.Escape(Watch)), Has.Count.EqualTo(1), details);
                Assert.That(HttpUtility.ParseQueryString(google.Query)["text"], Is.EqualTo("Sunday mobility"));
                var download = await member.RunAndWaitForDownloadAsync(() => member.GetByRole(AriaRole.Link, new() { Name = "Download .ics" }).ClickAsync());
                var ics = await File.ReadAllBytesAsync((await download.PathAsync())!);
                IcalJs.Validate(ics);
                var added = Event(Encoding.UTF8.GetString(ics));
                Assert.That(added["URL"], Is.EqualTo(Watch));
                Assert.That(added["DESCRIPTION"], Does.Contain($"Watch: {Watch}"));
                Assert.That(added["SEQUENCE"], Is.EqualTo("0"));
                await Screenshots.CaptureAsync(member, "calendar-class-page");

                // …and subscribes to their personal feed.
                await member.Locator("nav").GetByRole(AriaRole.Link, new() { Name = "My classes" }).ClickAsync();
                await Chromium.ExpectLoadedAsync(member, "**/me/classes");
                await member.GetByRole(AriaRole.Button, new() { Name = "Create my calendar link" }).ClickAsync();
                var webcal = await member.Locator("#feed-url").InputValueAsync();
                var feed = "http" + webcal["webcal".Length..];
                await Screenshots.CaptureAsync(member, "calendar-feed-link");

                // The instructor moves the class on the edit form.
                await coach.GotoAsync("/");
                await Chromium.LogInThroughTheNavigationAsync(coach, _coachEmail, Password);
                await Assertions.Expect(coach.Locator("#account-menu")).ToHaveTextAsync("Coach Calendar");
                await coach.GotoAsync($"/instructor/streams/{_streamId}/edit");
                await coach.Locator("#StartLocal").FillAsync("2030-01-13T10:00");
                await coach.GetByRole(AriaRole.Button, new() { Name = "Save", Exact = true }).ClickAsync();
                await Assertions.Expect(coach.Locator("#flash")).ToContainTextAsync("is saved");

                var moved = Event(await (await calendarApp.GetAsync(feed)).TextAsync());
                Assert.That(moved["SEQUENCE"], Is.EqualTo("1"));
                Assert.That(moved["DTSTART"], Is.EqualTo("20300113T100000Z"));
                Assert.That(moved["DTEND"], Is.EqualTo("20300113T104500Z"));

                // Days later the class goes live two minutes late and ends after 18 minutes (45 planned).
                await EndEarlyAsync(MovedTo.AddMinutes(2), MovedTo.AddMinutes(20));
                var ended = Event(await (await calendarApp.GetAsync(feed)).TextAsync());
                Assert.That(ended["SEQUENCE"], Is.EqualTo("2"));
                Assert.That(ended["DTSTART"], Is.EqualTo("20300113T100200Z"));
                Assert.That(ended["DTEND"], Is.EqualTo("20300113T102000Z"));
                Assert.That(ended["URL"], Is.EqualTo(Watch), "the replay plays on the watch page");

                await member.ReloadAsync();
                await Assertions.Expect(member.Locator("li.my-class", new() { HasText = "Sunday mobility" })).ToBeVisibleAsync();
                await Screenshots.CaptureAsync(member, "calendar-my-classes-after-the-class");
                Assert.That(problems, Is.Empty, string.Join("\n", problems));
            });
        }
        finally
        {
            await calendarApp.DisposeAsync();
            _factory.Clock.Now = start;
        }
    }

    /// <summary>Time passes on the app's clock; the class goes live and ends through its own domain rules.</summary>
    private async Task EndEarlyAsync(DateTimeOffset wentLive, DateTimeOffset ended)
    {
        await using var scope = _factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ApplicationDbContext>();
        var stream = await db.Streams.SingleAsync(s => s.Id == _streamId);
        _factory.Clock.Now = wentLive;
        stream.GoLive(wentLive);
        _factory.Clock.Now = ended;
        stream.End(ended, RetentionPolicy.Default);
        await db.SaveChangesAsync();
    }
}
