using System.Web;
using Microsoft.Extensions.DependencyInjection;
using Streaming.Infrastructure.Data;
using Streaming.Domain.Streams;

namespace Streaming.Web.FunctionalTests.Catalog;

/// <summary>
/// The public catalog (/streams) and class page (/streams/{id}) through real HTTP. Every test makes
/// its own instructor and filters by it (or by a unique word), so the tests of this fixture never
/// see each other's classes.
/// </summary>
public class CatalogPageTests : ClassesTestBase
{
    private static string Unique(string prefix) => $"{prefix}{Guid.NewGuid():N}"[..(prefix.Length + 12)];

    private sealed record Card(Guid Id, string Title, string Text, IReadOnlyList<string> Badges);

    private static IReadOnlyList<Card> Cards(HtmlPage page) =>
        page.Document.QuerySelectorAll("#stream-list article.stream-card")
            .Select(a => new Card(
                Guid.Parse(a.GetAttribute("data-stream-id")!),
                Collapse(a.QuerySelector(".card-title")?.TextContent) ?? "",
                Collapse(a.TextContent) ?? "",
                a.QuerySelectorAll(".badge").Select(b => Collapse(b.TextContent)!).ToList()))
            .ToList();

    private static async Task<HtmlPage> CatalogAsync(PageClient visitor, string query)
    {
        var page = await visitor.GetAsync("/streams" + query);
        Assert.That(page.StatusCode, Is.EqualTo(HttpStatusCode.OK), page.ToString());
        return page;
    }

    [Test]
    public async Task Live_classes_come_first_then_upcoming_ones_by_start_time()
    {
        var coach = await InstructorAsync("Coach Order");
        var later = await ScheduleAsync(coach, "Order later", TimeSpan.FromDays(3));
        var sooner = await ScheduleAsync(coach, "Order sooner", TimeSpan.FromDays(1));
        var middle = await ScheduleAsync(coach, "Order middle", TimeSpan.FromDays(2));
        var live = await ScheduleAsync(coach, "Order live", TimeSpan.FromDays(4), state: StreamStatus.Live);
        using var visitor = NewVisitor();

        var cards = Cards(await CatalogAsync(visitor, $"?instructor={coach}"));

        Assert.That(cards.Select(c => c.Id), Is.EqualTo(new[] { live.Id, sooner.Id, middle.Id, later.Id }),
            string.Join(" | ", cards.Select(c => c.Title)));
        Assert.That(cards[0].Badges, Does.Contain("Live now"));
        Assert.That(cards[1].Badges, Does.Not.Contain("Live now"));
    }

    [Test]
    public async Task A_cancelled_class_is_listed_neither_with_the_upcoming_nor_with_the_past_classes()
    {
        var coach = await InstructorAsync();
        var kept = await ScheduleAsync(coach, Unique("Kept"));
        var cancelled = await ScheduleAsync(coach, Unique("Cancelled"), state: StreamStatus.Cancelled);
        using var visitor = NewVisitor();

        var upcoming = Cards(await CatalogAsync(visitor, $"?instructor={coach}"));
        var past = Cards(await CatalogAsync(visitor, $"?instructor={coach}&past=true"));
        var searched = Cards(await CatalogAsync(visitor, $"?q={cancelled.Title}"));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(upcoming.Select(c => c.Id), Is.EqualTo(new[] { kept.Id }));
            Assert.That(past, Is.Empty);
            Assert.That(searched, Is.Empty);
        }
    }

    [Test]
    public async Task A_scheduled_class_whose_time_is_over_without_going_live_is_no_longer_listed()
    {
        var coach = await InstructorAsync();
        var now = Factory.Clock.Now;
        var overdue = LiveStream.Schedule(coach, Unique("Overdue"), "Never started.", "Yoga", now.AddHours(-2), 45, 5, null, now.AddDays(-1));
        var running = LiveStream.Schedule(coach, Unique("Running late"), "Due to end soon.", "Yoga", now.AddMinutes(-30), 45, 5, null, now.AddDays(-1));
        await InScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<ApplicationDbContext>();
            db.Streams.AddRange(overdue, running);
            return await db.SaveChangesAsync();
        });
        using var visitor = NewVisitor();

        var upcoming = Cards(await CatalogAsync(visitor, $"?instructor={coach}"));
        var past = Cards(await CatalogAsync(visitor, $"?instructor={coach}&past=true"));
        var (member, _) = await SignedInMemberAsync();
        var details = await member.GetAsync($"/streams/{overdue.Id}");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(upcoming.Select(c => c.Id), Is.EqualTo(new[] { running.Id }), "a class still within its time stays listed");
            Assert.That(past, Is.Empty, "it never took place, so it is no past class either");
            Assert.That(details.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(details.Document.QuerySelector("#overdue-note")?.TextContent, Does.Contain("did not take place"));
            Assert.That(details.Document.QuerySelector("#enroll-form"), Is.Null, "no enroll button for a class that is over");
        }
    }

    [Test]
    public async Task An_ended_class_is_only_listed_under_past_classes()
    {
        var coach = await InstructorAsync();
        var upcoming = await ScheduleAsync(coach, Unique("Upcoming"));
        var ended = await ScheduleAsync(coach, Unique("Ended"), state: StreamStatus.Ended);
        using var visitor = NewVisitor();

        var current = await CatalogAsync(visitor, $"?instructor={coach}");
        var past = await CatalogAsync(visitor, $"?instructor={coach}&past=true");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(Cards(current).Select(c => c.Id), Is.EqualTo(new[] { upcoming.Id }));
            Assert.That(Cards(past).Select(c => c.Id), Is.EqualTo(new[] { ended.Id }));
            Assert.That(past.Document.QuerySelector("h1")?.TextContent, Is.EqualTo("Past classes"));
            Assert.That(Cards(past)[0].Text, Does.Not.Contain("Add to calendar"), "an ended class has no calendar link");
        }
    }

    [Test]
    public async Task The_instructor_filter_shows_only_that_instructors_classes_and_is_offered_in_the_select()
    {
        var alice = await InstructorAsync("Alice Filter");
        var bob = await InstructorAsync("Bob Filter");
        var hers = await ScheduleAsync(alice, "Alice's class");
        await ScheduleAsync(bob, "Bob's class");
        using var visitor = NewVisitor();

        var page = await CatalogAsync(visitor, $"?instructor={alice}");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(Cards(page).Select(c => c.Id), Is.EqualTo(new[] { hers.Id }));
            Assert.That(Cards(page)[0].Text, Does.Contain("with Alice Filter"));
            var options = page.Document.QuerySelectorAll("#instructor option").OfType<IHtmlOptionElement>().ToList();
            Assert.That(options.Select(o => o.Value), Does.Contain(alice).And.Contain(bob));
            Assert.That(options.Single(o => o.Value == alice).IsSelected, Is.True, "the chosen instructor stays selected");
        }
    }

    [Test]
    public async Task The_date_range_is_inclusive_whole_utc_days()
    {
        // The clock says 2030-01-10 09:00 UTC.
        var coach = await InstructorAsync();
        await ScheduleAsync(coach, "Jan 11 09:00", TimeSpan.FromDays(1));
        var lateOn12th = await ScheduleAsync(coach, "Jan 12 23:30", TimeSpan.FromDays(2) + TimeSpan.FromHours(14.5));
        var on13th = await ScheduleAsync(coach, "Jan 13 09:00", TimeSpan.FromDays(3));
        await ScheduleAsync(coach, "Jan 14 00:00", TimeSpan.FromDays(3) + TimeSpan.FromHours(15));
        Assert.That(Factory.Clock.Now, Is.EqualTo(TestClock.DefaultNow), "the dates below assume the default clock");
        using var visitor = NewVisitor();

        var range = await CatalogAsync(visitor, $"?instructor={coach}&from=2030-01-12&to=2030-01-13");
        var fromOnly = await CatalogAsync(visitor, $"?instructor={coach}&from=2030-01-13");
        var toOnly = await CatalogAsync(visitor, $"?instructor={coach}&to=2030-01-11");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(Cards(range).Select(c => c.Id), Is.EqualTo(new[] { lateOn12th.Id, on13th.Id }));
            Assert.That(Cards(fromOnly).Select(c => c.Title), Is.EqualTo(new[] { "Jan 13 09:00", "Jan 14 00:00" }));
            Assert.That(Cards(toOnly).Select(c => c.Title), Is.EqualTo(new[] { "Jan 11 09:00" }));
            Assert.That(range.Document.QuerySelector<IHtmlInputElement>("#from")?.Value, Is.EqualTo("2030-01-12"), "the filter form keeps the dates");
            Assert.That(range.Document.QuerySelector<IHtmlInputElement>("#to")?.Value, Is.EqualTo("2030-01-13"));
        }
    }

    [Test]
    public async Task The_price_filter_separates_free_and_paid_classes()
    {
        var coach = await InstructorAsync();
        var free = await ScheduleAsync(coach, "Free one", price: 0);
        var paid = await ScheduleAsync(coach, "Paid one", price: 7, startsIn: TimeSpan.FromDays(3));
        using var visitor = NewVisitor();

        var freeCards = Cards(await CatalogAsync(visitor, $"?instructor={coach}&price=Free"));
        var paidCards = Cards(await CatalogAsync(visitor, $"?instructor={coach}&price=Paid"));
        var all = Cards(await CatalogAsync(visitor, $"?instructor={coach}"));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(freeCards.Select(c => c.Id), Is.EqualTo(new[] { free.Id }));
            Assert.That(freeCards[0].Text, Does.Contain("Free"));
            Assert.That(paidCards.Select(c => c.Id), Is.EqualTo(new[] { paid.Id }));
            Assert.That(paidCards[0].Text, Does.Contain("7 tokens"));
            Assert.That(all, Has.Count.EqualTo(2));
        }
    }

    [Test]
    public async Task The_text_search_looks_in_titles_and_descriptions_ignoring_case()
    {
        var coach = await InstructorAsync();
        var word = Unique("Zebra");
        var inTitle = await ScheduleAsync(coach, $"Stretch with {word}", TimeSpan.FromDays(1));
        var inDescription = await ScheduleAsync(coach, "Plain title", TimeSpan.FromDays(2), description: $"Today: {word.ToUpperInvariant()} moves");
        await ScheduleAsync(coach, "Unrelated", TimeSpan.FromDays(3));
        using var visitor = NewVisitor();

        var page = await CatalogAsync(visitor, $"?q={word.ToLowerInvariant()}");
        var wildcard = await CatalogAsync(visitor, $"?instructor={coach}&q=%25");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(Cards(page).Select(c => c.Id), Is.EqualTo(new[] { inTitle.Id, inDescription.Id }));
            Assert.That(page.Document.QuerySelector<IHtmlInputElement>("#q")?.Value, Is.EqualTo(word.ToLowerInvariant()));
            Assert.That(Cards(wildcard), Is.Empty, "'%' is searched for literally, not as a wildcard");
            Assert.That(wildcard.Document.QuerySelector("#no-results")?.TextContent, Does.Contain("No classes match these filters."));
        }
    }

    [Test]
    public async Task Thirteen_classes_make_two_pages_and_the_pager_keeps_every_filter()
    {
        var coach = await InstructorAsync();
        var word = Unique("Pager");
        var classes = new List<LiveStream>();
        for (var i = 0; i < 13; i++)
            classes.Add(await ScheduleAsync(coach, $"{word} {i:00}", TimeSpan.FromDays(1) + TimeSpan.FromHours(i), price: 3));
        using var visitor = NewVisitor();
        var filters = $"instructor={coach}&from=2030-01-10&to=2030-12-31&price=Paid&q={word}";

        var first = await CatalogAsync(visitor, $"?{filters}");
        var next = first.Document.QuerySelectorAll(".pagination a").Single(a => a.TextContent.Trim() == "Next").GetAttribute("href")!;
        var second = await visitor.GetAsync(next);
        Assert.That(second.StatusCode, Is.EqualTo(HttpStatusCode.OK), second.ToString());

        var nextQuery = HttpUtility.ParseQueryString(new Uri(first.Url, next).Query);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(Cards(first).Select(c => c.Id), Is.EqualTo(classes.Take(12).Select(c => c.Id)));
            Assert.That(first.Text, Does.Contain("13 classes"));
            Assert.That(first.Document.QuerySelector(".pagination .active")?.TextContent.Trim(), Is.EqualTo("1 of 2"));
            Assert.That(nextQuery["instructor"], Is.EqualTo(coach));
            Assert.That(nextQuery["from"], Is.EqualTo("2030-01-10"));
            Assert.That(nextQuery["to"], Is.EqualTo("2030-12-31"));
            Assert.That(nextQuery["price"], Is.EqualTo("Paid"));
            Assert.That(nextQuery["q"], Is.EqualTo(word));
            Assert.That(nextQuery["page"], Is.EqualTo("2"));
            Assert.That(Cards(second).Select(c => c.Id), Is.EqualTo(new[] { classes[12].Id }));
            Assert.That(second.Document.QuerySelector(".pagination .active")?.TextContent.Trim(), Is.EqualTo("2 of 2"));
        }

        var previous = second.Document.QuerySelectorAll(".pagination a").Single(a => a.TextContent.Trim() == "Previous").GetAttribute("href")!;
        var previousQuery = HttpUtility.ParseQueryString(new Uri(second.Url, previous).Query);
        Assert.That(previousQuery["q"], Is.EqualTo(word));
        Assert.That(previousQuery["page"], Is.EqualTo("1"));
    }

    [TestCase("-5", TestName = "page=-5 shows page 1")]
    [TestCase("0", TestName = "page=0 shows page 1")]
    [TestCase("abc", TestName = "page=abc shows page 1")]
    [TestCase("99999999999999", TestName = "page beyond Int32 shows page 1")]
    public async Task A_malformed_or_negative_page_number_shows_the_first_page(string page)
    {
        var coach = await InstructorAsync();
        var classes = new List<LiveStream>();
        for (var i = 0; i < 13; i++) classes.Add(await ScheduleAsync(coach, $"Odd page {i:00}", TimeSpan.FromDays(1) + TimeSpan.FromHours(i)));
        using var visitor = NewVisitor();

        var result = await CatalogAsync(visitor, $"?instructor={coach}&page={page}");

        Assert.That(Cards(result).Select(c => c.Id), Is.EqualTo(classes.Take(12).Select(c => c.Id)));
    }

    [TestCase("from=0001-01-01&to=0001-01-01")]
    [TestCase("from=9999-12-31")]
    [TestCase("from=not-a-date&to=2030-13-45&price=Cheap&past=maybe")]
    [TestCase("from=2030-02-01&to=2030-01-01")]
    [TestCase("q=a%00b")]
    [TestCase("q=%01%02%7F")]
    public async Task Odd_filters_never_break_the_page(string query)
    {
        using var visitor = NewVisitor();

        var page = await visitor.GetAsync($"/streams?{query}");

        Assert.That(page.StatusCode, Is.EqualTo(HttpStatusCode.OK), page.ToString());
        Assert.That(page.Document.QuerySelector("#catalog-filters"), Is.Not.Null);
    }

    /// <summary>
    /// Regression: "to" becomes an exclusive end with to.AddDays(1), which threw for 9999-12-31
    /// (DateOnly.MaxValue) and turned a hand-edited link into a 500.
    /// </summary>
    [Test]
    public async Task A_to_date_at_the_end_of_the_calendar_is_not_a_server_error()
    {
        var coach = await InstructorAsync();
        var stream = await ScheduleAsync(coach, "Far future filter");
        using var visitor = NewVisitor();

        var page = await visitor.GetAsync($"/streams?instructor={coach}&to=9999-12-31");

        Assert.That(page.StatusCode, Is.EqualTo(HttpStatusCode.OK), page.ToString());
        Assert.That(Cards(page).Select(c => c.Id), Is.EqualTo(new[] { stream.Id }), "every class starts before the end of 9999");
    }

    [TestCase("99999")]
    [TestCase("2147483647")]
    public async Task A_page_past_the_end_shows_the_last_page_or_says_it_is_empty(string page)
    {
        var coach = await InstructorAsync();
        var only = await ScheduleAsync(coach, "Only class");
        using var visitor = NewVisitor();

        var result = await CatalogAsync(visitor, $"?instructor={coach}&page={page}");

        var cards = Cards(result);
        if (cards.Count == 0)
        {
            Assert.That(result.Document.QuerySelector("#no-results")?.TextContent, Does.Contain("There are no classes on this page."));
            Assert.That(result.Document.QuerySelector("#no-results a")?.GetAttribute("href"), Is.EqualTo("/streams"), "a way back");
        }
        else
        {
            Assert.That(cards.Select(c => c.Id), Is.EqualTo(new[] { only.Id }), "clamped to the last page");
        }
    }

    [Test]
    public async Task A_member_sees_the_enrolled_badge_on_their_own_class_and_nobody_else_does()
    {
        var coach = await InstructorAsync();
        var mine = await ScheduleAsync(coach, "Badge mine", price: 0, startsIn: TimeSpan.FromDays(1));
        var other = await ScheduleAsync(coach, "Badge other", price: 0, startsIn: TimeSpan.FromDays(2));
        var (member, _) = await SignedInMemberAsync();
        var (stranger, _) = await SignedInMemberAsync("stranger");
        using var anonymous = NewVisitor();
        using (member)
        using (stranger)
        {
            await EnrollAsync(member, mine.Id);

            var memberCards = Cards(await CatalogAsync(member, $"?instructor={coach}"));
            var strangerCards = Cards(await CatalogAsync(stranger, $"?instructor={coach}"));
            var anonymousCards = Cards(await CatalogAsync(anonymous, $"?instructor={coach}"));

            using (Assert.EnterMultipleScope())
            {
                Assert.That(memberCards.Single(c => c.Id == mine.Id).Badges, Does.Contain("Enrolled"));
                Assert.That(memberCards.Single(c => c.Id == other.Id).Badges, Does.Not.Contain("Enrolled"));
                Assert.That(strangerCards.SelectMany(c => c.Badges), Does.Not.Contain("Enrolled"));
                Assert.That(anonymousCards.SelectMany(c => c.Badges), Does.Not.Contain("Enrolled"));
            }
        }
    }

    [Test]
    public async Task Cards_show_the_spots_left_or_full_and_nothing_for_unlimited_classes()
    {
        var coach = await InstructorAsync();
        var roomy = await ScheduleAsync(coach, "Roomy", price: 0, capacity: 5, startsIn: TimeSpan.FromDays(1));
        var tiny = await ScheduleAsync(coach, "Tiny", price: 0, capacity: 1, startsIn: TimeSpan.FromDays(2));
        var unlimited = await ScheduleAsync(coach, "Unlimited", price: 0, startsIn: TimeSpan.FromDays(3));
        var (member, _) = await SignedInMemberAsync();
        using (member) await EnrollAsync(member, tiny.Id);
        using var visitor = NewVisitor();

        var cards = Cards(await CatalogAsync(visitor, $"?instructor={coach}"));
        var details = await visitor.GetAsync($"/streams/{tiny.Id}");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(cards.Single(c => c.Id == roomy.Id).Text, Does.Contain("5 spots left"));
            Assert.That(cards.Single(c => c.Id == tiny.Id).Text, Does.Contain("Full").And.Not.Contain("spots left"));
            Assert.That(cards.Single(c => c.Id == unlimited.Id).Text, Does.Not.Contain("spots left").And.Not.Contain("Full"));
            Assert.That(Collapse(details.Document.QuerySelector("#spots")?.TextContent), Is.EqualTo("0 of 1 left"));
        }
    }

    [Test]
    public async Task An_anonymous_visitor_browses_the_catalog_and_a_class_page_and_is_invited_to_log_in()
    {
        var coach = await InstructorAsync("Coach Public");
        var stream = await ScheduleAsync(coach, Unique("Public"), price: 4, capacity: 10, description: "Open to everyone.");
        using var visitor = NewVisitor();

        var catalog = await CatalogAsync(visitor, $"?q={stream.Title}");
        var details = await visitor.GetAsync($"/streams/{stream.Id}");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(Cards(catalog).Select(c => c.Title), Is.EqualTo(new[] { stream.Title }));
            Assert.That(catalog.Document.QuerySelector("#token-balance"), Is.Null, "no balance for a visitor");
            Assert.That(details.StatusCode, Is.EqualTo(HttpStatusCode.OK), details.ToString());
            Assert.That(details.Document.QuerySelector("h1")?.TextContent, Is.EqualTo(stream.Title));
            Assert.That(details.Text, Does.Contain("Open to everyone.").And.Contain("with Coach Public").And.Contain("45 minutes"));
            Assert.That(Collapse(details.Document.QuerySelector("#price")?.TextContent), Is.EqualTo("4 tokens"));
            Assert.That(Collapse(details.Document.QuerySelector("#spots")?.TextContent), Is.EqualTo("10 of 10 left"));
            Assert.That(details.Document.QuerySelector("#enroll-form"), Is.Null);
            var login = details.Document.QuerySelectorAll("main a").FirstOrDefault(a => a.TextContent.Trim() == "Log in to enroll");
            Assert.That(login?.GetAttribute("href"), Does.StartWith("/account/login?returnUrl=").IgnoreCase.And.Contain(stream.Id.ToString()));
            Assert.That(details.Document.QuerySelector("#ics-link")?.GetAttribute("href"), Is.EqualTo($"/streams/{stream.Id}/calendar.ics"));
            Assert.That(details.Html, Does.Contain("https://calendar.google.com/calendar/render?action=TEMPLATE"));
            Assert.That(details.Html, Does.Contain("https://outlook.live.com/calendar/"));
        }
    }

    [Test]
    public async Task Past_classes_are_listed_latest_ended_first()
    {
        var coach = await InstructorAsync();
        var start = Factory.Clock.Now;
        var first = await ScheduleAsync(coach, "Ended first", TimeSpan.FromHours(1));
        var second = await ScheduleAsync(coach, "Ended second", TimeSpan.FromHours(2));
        try
        {
            Factory.Clock.Now = start + TimeSpan.FromHours(2);
            await ChangeStreamAsync(first.Id, (s, now) => { s.GoLive(now); s.End(now, Streaming.Domain.Common.RetentionPolicy.Default); });
            Factory.Clock.Now = start + TimeSpan.FromHours(3);
            await ChangeStreamAsync(second.Id, (s, now) => { s.GoLive(now); s.End(now, Streaming.Domain.Common.RetentionPolicy.Default); });
        }
        finally
        {
            Factory.Clock.Now = start;
        }

        using var visitor = NewVisitor();
        var past = Cards(await CatalogAsync(visitor, $"?instructor={coach}&past=true"));

        Assert.That(past.Select(c => c.Id), Is.EqualTo(new[] { second.Id, first.Id }));
    }

    [Test]
    public async Task Markup_in_a_title_or_description_is_shown_as_text()
    {
        var coach = await InstructorAsync();
        var word = Unique("Markup");
        var stream = await ScheduleAsync(coach, $"<b>{word}</b> & <script>alert(1)</script>", description: "<img src=x onerror=alert(2)>");
        using var visitor = NewVisitor();

        var catalog = await CatalogAsync(visitor, $"?q={word}");
        var details = await visitor.GetAsync($"/streams/{stream.Id}");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(Cards(catalog).Single().Title, Is.EqualTo(stream.Title));
            Assert.That(catalog.Html, Does.Not.Contain($"<b>{word}</b>"));
            Assert.That(catalog.Document.QuerySelectorAll("#stream-list script, #stream-list b"), Is.Empty);
            Assert.That(details.Document.QuerySelector("h1")?.TextContent, Is.EqualTo(stream.Title));
            Assert.That(details.Document.QuerySelectorAll("main img[onerror], main script"), Is.Empty);
            Assert.That(details.Document.QuerySelector(".description")?.TextContent, Is.EqualTo("<img src=x onerror=alert(2)>"));
        }
    }

    [Test]
    public async Task A_signed_in_member_sees_the_enroll_button_with_the_price()
    {
        var coach = await InstructorAsync();
        var paid = await ScheduleAsync(coach, price: 6);
        var free = await ScheduleAsync(coach, price: 0);
        var (member, _) = await SignedInMemberAsync();
        using (member)
        {
            var paidButton = (await member.GetAsync($"/streams/{paid.Id}")).Document.QuerySelector("#enroll-form button");
            var freeButton = (await member.GetAsync($"/streams/{free.Id}")).Document.QuerySelector("#enroll-form button");

            Assert.That(paidButton?.TextContent.Trim(), Is.EqualTo("Enroll for 6 tokens"));
            Assert.That(freeButton?.TextContent.Trim(), Is.EqualTo("Enroll for free"));
        }
    }

    [TestCase("/streams/{guid}")]
    [TestCase("/streams/not-a-guid")]
    [TestCase("/streams/{guid}/calendar.ics")]
    public async Task An_unknown_class_is_the_404_page(string path)
    {
        using var visitor = NewVisitor();

        var page = await visitor.GetAsync(path.Replace("{guid}", Guid.NewGuid().ToString(), StringComparison.Ordinal));

        Assert.That(page.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(page.Document.QuerySelector("h1")?.TextContent, Is.EqualTo("Page not found"));
    }
}
