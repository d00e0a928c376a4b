using Streaming.Domain.Common;
using Streaming.Domain.Streams;

namespace Streaming.Web.FunctionalTests.Instructor;

/// <summary>GET /instructor/streams: totals, status filter, title search, sorts, paging — all in the query string.</summary>
public class DashboardListTests : InstructorTestBase
{
    [Test]
    public async Task Totals_count_upcoming_classes_active_enrollments_and_tokens_really_paid_this_month_and_overall()
    {
        using var coach = await SignedInInstructorAsync();
        var members = new List<PageClient>();
        try
        {
            // Last month (December 2029): a member pays 4 for a class that has ended since.
            Factory.Clock.Now = new DateTimeOffset(2029, 12, 20, 10, 0, 0, TimeSpan.Zero);
            var december = await ScheduleAsync(coach.Id, "December class", startsIn: TimeSpan.FromDays(2), price: 4);
            members.Add((await PayingMemberAsync(december.Id, 4)).Visitor);
            await ChangeStreamAsync(december.Id, (s, _) =>
            {
                s.GoLive(december.ScheduledStart);
                s.End(december.ScheduledEnd, RetentionPolicy.Default);
            });
            Factory.Clock.Now = TestClock.DefaultNow;

            // This month: two members pay 5 each; one joins a free class; one pays 3 for a class that ended.
            var paid = await ScheduleAsync(coach.Id, "Paid upcoming", startsIn: TimeSpan.FromDays(2), price: 5, capacity: 10);
            var free = await ScheduleAsync(coach.Id, "Free upcoming", startsIn: TimeSpan.FromDays(3), price: 0);
            var ended = await ScheduleAsync(coach.Id, "Ended this month", startsIn: TimeSpan.FromHours(2), price: 3);
            var cancelled = await ScheduleAsync(coach.Id, "Cancelled with refund", startsIn: TimeSpan.FromDays(4), price: 6);
            members.Add((await PayingMemberAsync(paid.Id, 5)).Visitor);
            members.Add((await PayingMemberAsync(paid.Id, 7)).Visitor);
            members.Add((await PayingMemberAsync(free.Id, 0)).Visitor);
            members.Add((await PayingMemberAsync(ended.Id, 3)).Visitor);
            members.Add((await PayingMemberAsync(cancelled.Id, 6)).Visitor);
            await ChangeStreamAsync(ended.Id, (s, now) =>
            {
                s.GoLive(now);
                s.End(now, RetentionPolicy.Default);
            });
            var cancelledPage = await ConfirmAsync(coach.Visitor, cancelled.Id, "cancel");
            Assert.That(Flash(cancelledPage), Does.Match(@"^The class is cancelled\. 1 members? (was|were) refunded\.$"));

            // Another instructor's paid seat is not this instructor's business.
            var otherCoach = await InstructorAsync("Someone else");
            var theirs = await ScheduleAsync(otherCoach, "Not mine", price: 8);
            members.Add((await PayingMemberAsync(theirs.Id, 8)).Visitor);

            var page = await DashboardAsync(coach.Visitor);

            using (Assert.EnterMultipleScope())
            {
                Assert.That(TotalsOf(page), Is.EqualTo(new Totals(Upcoming: 2, Enrollments: 5, TokensThisMonth: 13, TokensOverall: 17)));
                Assert.That(RowIds(page), Is.EquivalentTo(new[] { december.Id, paid.Id, free.Id, ended.Id, cancelled.Id }));
                Assert.That(Cell(page, paid.Id, "enrollments"), Is.EqualTo("2 / 10"));
                Assert.That(Cell(page, paid.Id, "revenue"), Is.EqualTo("10"));
                Assert.That(Cell(page, free.Id, "enrollments"), Is.EqualTo("1"));
                Assert.That(Cell(page, free.Id, "revenue"), Is.EqualTo("0"));
                Assert.That(Cell(page, ended.Id, "revenue"), Is.EqualTo("3"));
                Assert.That(Cell(page, december.Id, "revenue"), Is.EqualTo("4"));
                Assert.That(Cell(page, cancelled.Id, "enrollments"), Is.EqualTo("0"), "the refunded seat does not count");
                Assert.That(Cell(page, cancelled.Id, "revenue"), Is.EqualTo("0"), "refunds are subtracted");
                Assert.That(Collapse(Row(page, ended.Id).QuerySelector(".badge")?.TextContent), Is.EqualTo("Ended"));
                Assert.That(Collapse(Row(page, cancelled.Id).QuerySelector(".badge")?.TextContent), Is.EqualTo("Cancelled"));
            }
        }
        finally
        {
            Factory.Clock.Now = TestClock.DefaultNow;
            members.ForEach(m => m.Dispose());
        }
    }

    [Test]
    public async Task A_new_instructor_sees_zero_totals_and_an_empty_list()
    {
        using var coach = await SignedInInstructorAsync();
        await ScheduleAsync(await InstructorAsync(), "Someone else's");

        var page = await DashboardAsync(coach.Visitor);

        Assert.That(TotalsOf(page), Is.EqualTo(new Totals(0, 0, 0, 0)));
        Assert.That(RowIds(page), Is.Empty);
        Assert.That(page.Document.QuerySelector("#no-streams")?.TextContent, Does.Contain("You have not scheduled a class yet").And.Contain("Schedule your first class"));
    }

    [Test]
    public async Task Filtering_by_each_status_shows_only_those_classes_and_keeps_the_choice_selected()
    {
        using var coach = await SignedInInstructorAsync();
        var scheduled = await ScheduleAsync(coach.Id, "S", state: StreamStatus.Scheduled);
        var live = await ScheduleAsync(coach.Id, "L", startsIn: TimeSpan.FromMinutes(10), state: StreamStatus.Live);
        var ended = await ScheduleAsync(coach.Id, "E", startsIn: TimeSpan.FromMinutes(10), state: StreamStatus.Ended);
        var cancelled = await ScheduleAsync(coach.Id, "C", state: StreamStatus.Cancelled);
        var expected = new Dictionary<string, Guid>
        {
            ["Scheduled"] = scheduled.Id, ["Live"] = live.Id, ["Ended"] = ended.Id, ["Cancelled"] = cancelled.Id,
        };

        foreach (var (status, id) in expected)
        {
            var page = await DashboardAsync(coach.Visitor, $"?status={status}");
            using (Assert.EnterMultipleScope())
            {
                Assert.That(RowIds(page), Is.EqualTo(new[] { id }), status);
                Assert.That(page.Document.QuerySelector("#status option[selected]")?.GetAttribute("value"), Is.EqualTo(status));
            }
        }

        var all = await DashboardAsync(coach.Visitor, "?status=");
        Assert.That(RowIds(all), Is.EquivalentTo(expected.Values));
        var lowerCase = await DashboardAsync(coach.Visitor, "?status=ended");
        Assert.That(RowIds(lowerCase), Is.EqualTo(new[] { ended.Id }), "enum values bind case-insensitively");
    }

    [Test]
    public async Task The_filter_form_submits_to_the_same_query_string()
    {
        using var coach = await SignedInInstructorAsync();
        var match = await ScheduleAsync(coach.Id, "Form search target");
        await ScheduleAsync(coach.Id, "Other");

        var form = (await DashboardAsync(coach.Visitor)).Form("#dashboard-filters").Set("q", "target").Set("status", "Scheduled").Set("sort", "Revenue");
        var response = await coach.Visitor.SubmitAsync(form);
        var page = await HtmlPage.ReadAsync(response);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(page.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(page.Url.Query, Does.Contain("q=target").And.Contain("status=Scheduled").And.Contain("sort=Revenue"));
            Assert.That(RowIds(page), Is.EqualTo(new[] { match.Id }));
            Assert.That(page.Document.QuerySelector<IHtmlInputElement>("#q")?.Value, Is.EqualTo("target"));
            Assert.That(page.Document.QuerySelector("#sort option[selected]")?.GetAttribute("value"), Is.EqualTo("Revenue"));
        }
    }

    [Test]
    public async Task Search_matches_titles_case_insensitively_and_takes_wildcards_literally()
    {
        using var coach = await SignedInInstructorAsync();
        var morning = await ScheduleAsync(coach.Id, "Morning Yoga Flow");
        var runners = await ScheduleAsync(coach.Id, "yoga for runners");
        await ScheduleAsync(coach.Id, "Evening HIIT", description: "yoga-free zone");
        var percent = await ScheduleAsync(coach.Id, "100% effort");
        await ScheduleAsync(coach.Id, "1000 reps");
        var underscore = await ScheduleAsync(coach.Id, "core_blast");
        await ScheduleAsync(coach.Id, "coreXblast");
        await ScheduleAsync(await InstructorAsync(), "Someone else's yoga");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(RowIds(await DashboardAsync(coach.Visitor, "?q=YOGA")), Is.EquivalentTo(new[] { morning.Id, runners.Id }), "titles only, own classes only");
            Assert.That(RowIds(await DashboardAsync(coach.Visitor, "?q=%20yoga%20")), Is.EquivalentTo(new[] { morning.Id, runners.Id }), "trimmed");
            Assert.That(RowIds(await DashboardAsync(coach.Visitor, "?q=100%25")), Is.EqualTo(new[] { percent.Id }), "% is not a wildcard");
            Assert.That(RowIds(await DashboardAsync(coach.Visitor, "?q=core_")), Is.EqualTo(new[] { underscore.Id }), "_ is not a wildcard");
            Assert.That(RowIds(await DashboardAsync(coach.Visitor, "?q=pilates")), Is.Empty);
            Assert.That(RowIds(await DashboardAsync(coach.Visitor, "?q=" + new string('y', 300))), Is.Empty, "an over-long search is cut, not an error");
        }
    }

    [Test]
    public async Task Each_sort_orders_the_rows_by_date_enrollments_or_revenue()
    {
        using var coach = await SignedInInstructorAsync();
        // x: 3 paid seats × 2 = 6; y: 1 × 10 = 10; z: free, 2 seats.
        var x = await ScheduleAsync(coach.Id, "X three seats", startsIn: TimeSpan.FromDays(3), price: 2);
        var y = await ScheduleAsync(coach.Id, "Y dearest", startsIn: TimeSpan.FromDays(1), price: 10);
        var z = await ScheduleAsync(coach.Id, "Z free", startsIn: TimeSpan.FromDays(2), price: 0);
        var members = new List<PageClient>();
        try
        {
            for (var i = 0; i < 3; i++) members.Add((await PayingMemberAsync(x.Id, 2)).Visitor);
            members.Add((await PayingMemberAsync(y.Id, 10)).Visitor);
            for (var i = 0; i < 2; i++) members.Add((await PayingMemberAsync(z.Id, 0)).Visitor);

            using (Assert.EnterMultipleScope())
            {
                Assert.That(RowIds(await DashboardAsync(coach.Visitor, "?sort=DateAscending")), Is.EqualTo(new[] { y.Id, z.Id, x.Id }));
                Assert.That(RowIds(await DashboardAsync(coach.Visitor, "?sort=DateDescending")), Is.EqualTo(new[] { x.Id, z.Id, y.Id }));
                Assert.That(RowIds(await DashboardAsync(coach.Visitor, "?sort=Enrollments")), Is.EqualTo(new[] { x.Id, z.Id, y.Id }));
                Assert.That(RowIds(await DashboardAsync(coach.Visitor, "?sort=Revenue")), Is.EqualTo(new[] { y.Id, x.Id, z.Id }));
                var byRevenue = await DashboardAsync(coach.Visitor, "?sort=Revenue");
                Assert.That(RowIds(byRevenue).Select(id => Cell(byRevenue, id, "revenue")), Is.EqualTo(new[] { "10", "6", "0" }));
                var byEnrollments = await DashboardAsync(coach.Visitor, "?sort=Enrollments");
                Assert.That(RowIds(byEnrollments).Select(id => Cell(byEnrollments, id, "enrollments")), Is.EqualTo(new[] { "3", "2", "1" }));
            }
        }
        finally
        {
            members.ForEach(m => m.Dispose());
        }
    }

    [Test]
    public async Task The_default_order_is_live_then_upcoming_soonest_first_then_past_latest_first()
    {
        using var coach = await SignedInInstructorAsync();
        var later = await ScheduleAsync(coach.Id, "Later", startsIn: TimeSpan.FromDays(5));
        var endedLongAgo = await ScheduleAsync(coach.Id, "Ended long ago", startsIn: TimeSpan.FromMinutes(1), state: StreamStatus.Ended);
        var soon = await ScheduleAsync(coach.Id, "Soon", startsIn: TimeSpan.FromDays(1));
        var cancelledLater = await ScheduleAsync(coach.Id, "Cancelled later", startsIn: TimeSpan.FromDays(9), state: StreamStatus.Cancelled);
        var live = await ScheduleAsync(coach.Id, "Live", startsIn: TimeSpan.FromMinutes(30), state: StreamStatus.Live);
        var endedRecently = await ScheduleAsync(coach.Id, "Ended recently", startsIn: TimeSpan.FromMinutes(20), state: StreamStatus.Ended);

        var page = await DashboardAsync(coach.Visitor);
        var explicitDefault = await DashboardAsync(coach.Visitor, "?sort=Default");

        var expected = new[] { live.Id, soon.Id, later.Id, cancelledLater.Id, endedRecently.Id, endedLongAgo.Id };
        Assert.That(RowIds(page), Is.EqualTo(expected));
        Assert.That(RowIds(explicitDefault), Is.EqualTo(expected));
    }

    [Test]
    public async Task Paging_shows_twenty_rows_a_page_and_the_pager_links_keep_the_filters()
    {
        using var coach = await SignedInInstructorAsync();
        var pageable = new List<LiveStream>();
        for (var i = 0; i < 23; i++)
            pageable.Add(await ScheduleAsync(coach.Id, $"Pageable {i:00}", startsIn: TimeSpan.FromHours(24 + i)));
        await ScheduleAsync(coach.Id, "Pageable but cancelled", state: StreamStatus.Cancelled);
        await ScheduleAsync(coach.Id, "Unrelated");

        var first = await DashboardAsync(coach.Visitor, "?status=Scheduled&q=pageable&sort=DateDescending");
        var next = first.Document.QuerySelectorAll(".pagination a.page-link").Single(a => a.TextContent.Trim() == "Next").GetAttribute("href")!;
        var second = await DashboardAsync(coach.Visitor, next[Dashboard.Length..]);
        var previous = second.Document.QuerySelectorAll(".pagination a.page-link").Single(a => a.TextContent.Trim() == "Previous").GetAttribute("href")!;

        var newestFirst = pageable.OrderByDescending(s => s.ScheduledStart).Select(s => s.Id).ToList();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(RowIds(first), Is.EqualTo(newestFirst.Take(20)));
            Assert.That(Collapse(first.Document.QuerySelector(".pagination [aria-current]")?.TextContent), Is.EqualTo("1 of 2"));
            Assert.That(Query(next), Is.EquivalentTo(new[] { "status=Scheduled", "q=pageable", "sort=DateDescending", "page=2" }), next);
            Assert.That(new Uri(new Uri("http://localhost"), next).AbsolutePath, Is.EqualTo(Dashboard));
            Assert.That(RowIds(second), Is.EqualTo(newestFirst.Skip(20)));
            Assert.That(Collapse(second.Document.QuerySelector(".pagination [aria-current]")?.TextContent), Is.EqualTo("2 of 2"));
            Assert.That(Query(previous), Is.EquivalentTo(new[] { "status=Scheduled", "q=pageable", "sort=DateDescending", "page=1" }), previous);
            Assert.That(second.Document.QuerySelectorAll(".pagination .page-item.disabled").Select(e => Collapse(e.TextContent)), Is.EqualTo(new[] { "Next" }));
        }

        var everything = await DashboardAsync(coach.Visitor, "?page=2");
        Assert.That(RowIds(everything), Has.Count.EqualTo(5), "25 classes without a filter: 5 on page 2");
    }

    [TestCase("?page=-1")]
    [TestCase("?page=0")]
    [TestCase("?page=999")]
    [TestCase("?page=abc")]
    [TestCase("?page=99999999999")]
    [TestCase("?page=2147483647")]
    [TestCase("?status=Bogus&sort=Sideways&page=1.5")]
    [TestCase("?status=99&sort=42")]
    [TestCase("?q=%27%3B%20drop%20table%20streams%3B--")]
    public async Task Odd_query_strings_give_the_page_never_an_error(string query)
    {
        using var coach = await SignedInInstructorAsync();
        var only = await ScheduleAsync(coach.Id, "Still here");

        var page = await coach.Visitor.GetAsync(Dashboard + query);

        Assert.That(page.StatusCode, Is.EqualTo(HttpStatusCode.OK), page.ToString());
        Assert.That(page.Document.QuerySelector("#totals"), Is.Not.Null);
        Assert.That(TotalsOf(page).Upcoming, Is.EqualTo(1));
        if (query is "?page=-1" or "?page=0" or "?page=abc" or "?status=Bogus&sort=Sideways&page=1.5")
            Assert.That(RowIds(page), Is.EqualTo(new[] { only.Id }), "falls back to the first page and no filter");
        if (query is "?page=999" or "?page=2147483647")
            Assert.That(RowIds(page), Is.EqualTo(new[] { only.Id }), "a page past the end shows the last page");
    }

    private static IEnumerable<string> Query(string href) =>
        Uri.UnescapeDataString(new Uri(new Uri("http://localhost"), href).Query.TrimStart('?')).Split('&');
}
