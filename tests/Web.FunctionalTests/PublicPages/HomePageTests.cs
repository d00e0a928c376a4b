using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Streaming.Domain.Streams;
using Streaming.Infrastructure.Data;

namespace Streaming.Web.FunctionalTests.PublicPages;

/// <summary>
/// The home page: the hero's call to action follows the visitor, the next live and upcoming classes
/// (never a cancelled, ended or missed one) and the instructors who teach them; anonymous visitors get
/// it from the catalog's output cache, which a changed class or instructor drops at once.
/// </summary>
[NonParallelizable] // counts SQL commands; its classes start sooner than any other test's, so they lead the list
public class HomePageTests : ClassesTestBase
{
    private static string Unique(string prefix) => $"{prefix}{Guid.NewGuid():N}"[..(prefix.Length + 12)];

    private static IReadOnlyList<string> Titles(HtmlPage page) =>
        page.Document.QuerySelectorAll("#home-upcoming article.stream-card .card-title").Select(t => Collapse(t.TextContent)!).ToList();

    private static IReadOnlyList<string> Instructors(HtmlPage page) =>
        page.Document.QuerySelectorAll("#home-instructors article.instructor-card").Select(a => a.GetAttribute("data-instructor-id")!).ToList();

    private static async Task<HtmlPage> HomeAsync(PageClient visitor)
    {
        var page = await visitor.GetAsync("/");
        Assert.That(page.StatusCode, Is.EqualTo(HttpStatusCode.OK), page.ToString());
        return page;
    }

    /// <summary>A class whose time is over without it going live (the domain only schedules in the future, so its start is moved back in the table).</summary>
    private async Task<LiveStream> MissedAsync(string coach, string title)
    {
        var stream = await ScheduleAsync(coach, title);
        var start = Factory.Clock.Now.AddHours(-3);
        await InScopeAsync(sp => sp.GetRequiredService<ApplicationDbContext>().Streams.Where(s => s.Id == stream.Id)
            .ExecuteUpdateAsync(u => u.SetProperty(s => s.ScheduledStart, start)));
        return stream;
    }

    [Test]
    public async Task Lists_live_and_upcoming_classes_soonest_first_and_only_instructors_who_teach_them()
    {
        var coach = await InstructorAsync("Coach Home");
        var idle = await InstructorAsync("Coach Idle");
        var later = await ScheduleAsync(coach, Unique("Later"), TimeSpan.FromMinutes(50));
        var sooner = await ScheduleAsync(coach, Unique("Sooner"), TimeSpan.FromMinutes(20));
        var live = await ScheduleAsync(coach, Unique("Live"), TimeSpan.FromMinutes(30), state: StreamStatus.Live);
        var cancelled = await ScheduleAsync(coach, Unique("Cancelled"), TimeSpan.FromMinutes(10), state: StreamStatus.Cancelled);
        var ended = await ScheduleAsync(coach, Unique("Ended"), TimeSpan.FromMinutes(5), state: StreamStatus.Ended);
        var missed = await MissedAsync(coach, Unique("Missed")); // before the next save, which drops the cached page
        await ScheduleAsync(idle, Unique("IdleCancelled"), TimeSpan.FromMinutes(15), state: StreamStatus.Cancelled);
        using var visitor = NewVisitor();

        var page = await HomeAsync(visitor);
        var titles = Titles(page);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(titles.Take(3), Is.EqualTo(new[] { live.Title, sooner.Title, later.Title }), string.Join(" | ", titles));
            Assert.That(titles, Has.None.AnyOf(cancelled.Title, ended.Title, missed.Title));
            Assert.That(Instructors(page), Does.Contain(coach));
            Assert.That(Instructors(page), Does.Not.Contain(idle), "no upcoming class, not featured");
            Assert.That(page.Document.QuerySelector($"#home-instructors a[href='/instructors/{coach}']")?.TextContent, Is.EqualTo("Coach Home"));
            Assert.That(page.Document.QuerySelector($"#home-upcoming a.instructor-link[href='/instructors/{coach}']"), Is.Not.Null, "cards link to the instructor");
            Assert.That(page.Title, Is.EqualTo("Streaming — live fitness classes"));
            Assert.That(page.Document.QuerySelector("link[rel=icon][type='image/svg+xml']")?.GetAttribute("href"), Is.EqualTo("/favicon.svg"));
        }
    }

    [Test]
    public async Task The_call_to_action_follows_who_is_signed_in()
    {
        using var anonymous = NewVisitor();
        var (member, _) = await SignedInMemberAsync();
        using (member)
        {
            var forAnonymous = await HomeAsync(anonymous);
            var forMember = await HomeAsync(member);

            static IReadOnlyList<string?> Actions(HtmlPage page) =>
                page.Document.QuerySelectorAll("#hero-actions a").Select(a => a.GetAttribute("href")).ToList();

            using (Assert.EnterMultipleScope())
            {
                Assert.That(Actions(forAnonymous), Is.EqualTo(new[] { "/account/register", "/streams" }));
                Assert.That(Actions(forMember), Is.EqualTo(new[] { "/streams", "/me/classes" }));
                Assert.That(forMember.Document.QuerySelector("#teach a")?.GetAttribute("href"), Is.EqualTo("/account/become-instructor"));
                Assert.That(forAnonymous.Document.QuerySelector("#how-tokens-work")?.TextContent, Does.Contain("Buy a pack of tokens"));
            }
        }
    }

    [Test]
    public async Task Anonymous_visits_are_cached_until_a_class_or_an_instructor_changes()
    {
        var coach = await InstructorAsync("Coach Cached");
        var stream = await ScheduleAsync(coach, Unique("Cached"), TimeSpan.FromMinutes(1));
        using var first = NewVisitor();
        using var second = NewVisitor();
        using var third = NewVisitor();
        using var fourth = NewVisitor();

        await HomeAsync(first);
        int cachedCommands;
        using (var counter = new CommandCounter())
        {
            await HomeAsync(second);
            cachedCommands = counter.Count;
        }

        await InScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<ApplicationDbContext>();
            (await db.Profiles.SingleAsync(p => p.Id == coach)).ChangeBio("Fresh words about me.");
            return await db.SaveChangesAsync();
        });
        var afterBio = await HomeAsync(third);
        await ChangeStreamAsync(stream.Id, (s, now) => s.Cancel(now));
        var afterCancel = await HomeAsync(fourth);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(cachedCommands, Is.Zero, "the second anonymous visitor gets the stored page");
            Assert.That(afterBio.Document.QuerySelector($"#home-instructors [data-instructor-id='{coach}'] .bio-excerpt")?.TextContent,
                Is.EqualTo("Fresh words about me."), "an instructor's new bio drops the cached page");
            Assert.That(Titles(afterCancel), Does.Not.Contain(stream.Title), "a cancelled class leaves on the next visit");
        }
    }

    [Test]
    public async Task The_home_page_takes_two_queries_for_a_visitor()
    {
        var coach = await InstructorAsync();
        for (var i = 0; i < 4; i++) await ScheduleAsync(coach, Unique("Counted"), TimeSpan.FromMinutes(3 + i));
        using var visitor = NewVisitor();
        visitor.Http.DefaultRequestHeaders.Add("Cookie", "fresh=1"); // any other cookie skips the output cache

        using var counter = new CommandCounter();
        await HomeAsync(visitor);

        Assert.That(counter.Count, Is.EqualTo(2));
    }
}
