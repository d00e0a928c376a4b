using Streaming.Domain.Streams;
using Streaming.Domain.Viewing;

namespace Streaming.Web.FunctionalTests.Instructor;

/// <summary>
/// One class's analytics page and CSV, and the overview across the instructor's classes, with
/// numbers that come from real enrollments (paid through the class page, one cancelled) and
/// viewer sessions (see <see cref="AnalyticsTestBase.ScenarioAsync"/>).
/// </summary>
public class AnalyticsPageTests : AnalyticsTestBase
{
    [Test]
    public async Task The_class_page_shows_enrollments_revenue_viewers_watch_time_and_replays()
    {
        using var coach = await SignedInInstructorAsync();
        var (power, _) = await ScenarioAsync(coach);

        var page = await PageAsync(coach.Visitor, StreamAnalytics(power.Id));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(page.Document.QuerySelector("h1")?.TextContent, Is.EqualTo(power.Title));
            Assert.That(Figure(page, "fig-enrollments"), Is.EqualTo("3"), "the cancelled seat does not count");
            Assert.That(Figure(page, "fig-revenue"), Is.EqualTo("24"), "3 × 8 tokens; the refund is not revenue");
            Assert.That(Figure(page, "fig-peak"), Is.EqualTo("3"), "all three watched at once from 18:10 to 18:25");
            Assert.That(Figure(page, "fig-unique"), Is.EqualTo("3"));
            Assert.That(Figure(page, "fig-watch"), Is.EqualTo("30 min"), "(40 + 20 + 30) / 3; the other class's 45 minutes are not mixed in");
            Assert.That(Figure(page, "fig-replays"), Is.EqualTo("2"));
            Assert.That(page.Text, Does.Contain("8 tokens were refunded"));
        }
    }

    [Test]
    public async Task The_class_page_draws_the_enrollments_and_the_viewer_timeline_as_lines()
    {
        using var coach = await SignedInInstructorAsync();
        var (power, _) = await ScenarioAsync(coach);

        var page = await PageAsync(coach.Visitor, StreamAnalytics(power.Id));

        var enrollments = LinePoints(Chart(page, "Enrollments over time"));
        var viewers = LinePoints(Chart(page, "Concurrent viewers"));
        var table = page.Document.QuerySelectorAll("#enrollments-table tbody tr")
            .Select(r => string.Join(" | ", r.QuerySelectorAll("td").Select(c => Collapse(c.TextContent)))).ToList();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(page.Document.QuerySelectorAll("svg polyline.line"), Has.Length.EqualTo(2));
            Assert.That(enrollments, Has.Count.EqualTo(2), "one point per day with enrollments");
            Assert.That(enrollments[1].Y, Is.LessThan(enrollments[0].Y), "the cumulative line rises (SVG y grows downwards)");
            Assert.That(viewers, Has.Count.EqualTo(46), "one point a minute from 18:00 to 18:45");
            Assert.That(viewers.Select(p => p.X), Is.Ordered.Ascending);
            Assert.That(viewers.Min(p => p.Y), Is.EqualTo(viewers[10].Y), "the highest point is at 18:10");
            Assert.That(viewers[^1].Y, Is.GreaterThan(viewers[10].Y), "nobody is left at the end");
            Assert.That(table, Is.EqualTo(new[] { "2030-01-10 | 2 | 2", "2030-01-11 | 1 | 3" }));
        }
    }

    [Test]
    public async Task The_class_csv_has_the_series_and_the_totals()
    {
        using var coach = await SignedInInstructorAsync();
        var (power, _) = await ScenarioAsync(coach);

        var lines = await CsvAsync(coach.Visitor, StreamAnalytics(power.Id) + ".csv");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(lines[0], Is.EqualTo("section,at,value"));
            Assert.That(lines.Where(l => l.StartsWith("total,", StringComparison.Ordinal)), Is.EqualTo(new[]
            {
                "total,enrollments,3", "total,revenue,24", "total,peak_viewers,3",
                "total,unique_viewers,3", "total,average_watch_seconds,1800", "total,replay_views,2", "total,time_zone,UTC",
            }));
            Assert.That(lines.Where(l => l.StartsWith("enrollments,", StringComparison.Ordinal)),
                Is.EqualTo(new[] { "enrollments,2030-01-10,2", "enrollments,2030-01-11,3" }));
            var viewers = lines.Where(l => l.StartsWith("viewers,", StringComparison.Ordinal)).ToList();
            Assert.That(viewers, Has.Count.EqualTo(46));
            Assert.That(viewers, Does.Contain("viewers,2030-01-15T18:00:00+00:00,1"));
            Assert.That(viewers, Does.Contain("viewers,2030-01-15T18:05:00+00:00,2"));
            Assert.That(viewers, Does.Contain("viewers,2030-01-15T18:10:00+00:00,3"));
            Assert.That(viewers, Does.Contain("viewers,2030-01-15T18:25:00+00:00,2"), "member 2 left at 18:25");
            Assert.That(viewers, Does.Contain("viewers,2030-01-15T18:40:00+00:00,0"));
        }
    }

    [Test]
    public async Task The_overview_has_a_bar_per_class_for_revenue_and_enrollments_and_the_csv_has_the_same()
    {
        using var coach = await SignedInInstructorAsync();
        var (power, stretch) = await ScenarioAsync(coach);

        var page = await PageAsync(coach.Visitor, Overview);
        var lines = await CsvAsync(coach.Visitor, Overview + ".csv");

        var revenue = Chart(page, "Revenue per class");
        var enrollments = Chart(page, "Enrollments per class");
        var revenueBars = revenue.QuerySelectorAll("rect.bar").ToList();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(Titles(revenue, "rect.bar"), Is.EqualTo(new[] { $"{stretch.Title}: 5 tokens", $"{power.Title}: 24 tokens" }), "in start order");
            Assert.That(Titles(enrollments, "rect.bar"), Is.EqualTo(new[] { $"{stretch.Title}: 1 enrollment", $"{power.Title}: 3 enrollments" }));
            var heights = revenueBars.Select(b => double.Parse(b.GetAttribute("height")!, System.Globalization.CultureInfo.InvariantCulture)).ToList();
            Assert.That(heights[1] / heights[0], Is.EqualTo(24.0 / 5).Within(1).Percent, "bar heights are proportional");
            Assert.That(OverviewRows(page), Is.EqualTo(new[] { $"{stretch.Title} | 1 | 5 | 1", $"{power.Title} | 3 | 24 | 3" }));
            Assert.That(page.Document.QuerySelector($"#overview-table a[href='{StreamAnalytics(power.Id)}']"), Is.Not.Null);
            Assert.That(lines, Is.EqualTo(new[]
            {
                "stream_id,title,start_utc,start_local,enrollments,revenue,peak_viewers,replay_sales",
                $"{stretch.Id},\"{stretch.Title}\",2030-01-13T07:00:00Z,2030-01-13T07:00:00+00:00,1,5,1,0",
                $"{power.Id},\"{power.Title}\",2030-01-15T18:00:00Z,2030-01-15T18:00:00+00:00,3,24,3,0",
            }));
        }
    }

    /// <summary>
    /// Regression: the overview showed the 30 latest classes and nothing else, so a past class that had
    /// earned tokens vanished. Now a period is chosen (all by default), its totals count every class
    /// in it, the table and charts page through them, and the CSV has all of them.
    /// </summary>
    [Test]
    public async Task The_overview_pages_through_every_class_of_the_chosen_period_and_its_totals_count_them_all()
    {
        using var coach = await SignedInInstructorAsync();
        using var member = await MemberAsync();
        LiveStream autumn = null!;
        await AtAsync(Now.AddDays(-60), async () => autumn = await ScheduleAsync(coach.Id, "Autumn bootcamp", startsIn: TimeSpan.FromDays(1), price: 7));
        await EnrollAtAsync(member, autumn.Id, Now.AddDays(-60).AddHours(1));
        for (var i = 0; i < 21; i++) await ScheduleAsync(coach.Id, $"Weekly {i:00}", startsIn: TimeSpan.FromDays(1 + i));

        var all = await PageAsync(coach.Visitor, Overview);
        var second = await PageAsync(coach.Visitor, Overview + "?page=2");
        var month = await PageAsync(coach.Visitor, Overview + "?period=30");
        var csv = await CsvAsync(coach.Visitor, Overview + ".csv");
        var monthCsv = await CsvAsync(coach.Visitor, Overview + ".csv?period=30");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(Figure(all, "period-classes"), Is.EqualTo("22"));
            Assert.That(Figure(all, "period-revenue"), Is.EqualTo("7"), "the past class's tokens count");
            Assert.That(Chart(all, "Revenue per class").QuerySelectorAll("rect.bar"), Has.Length.EqualTo(20), "one page of classes");
            Assert.That(all.Document.QuerySelectorAll("#overview-pages a").Select(a => Collapse(a.TextContent)), Is.EqualTo(new[] { "1", "2" }));
            Assert.That(all.Document.QuerySelector("#period a.active")?.TextContent.Trim(), Is.EqualTo("All"));
            Assert.That(OverviewRows(second), Has.Count.EqualTo(2));
            Assert.That(OverviewRows(second)[0], Is.EqualTo("Autumn bootcamp | 1 | 7 | 0"), "the oldest class is on the last page");
            Assert.That(Figure(month, "period-classes"), Is.EqualTo("21"));
            Assert.That(Figure(month, "period-revenue"), Is.EqualTo("0"));
            Assert.That(month.Text, Does.Not.Contain("Autumn bootcamp"));
            Assert.That(month.Document.QuerySelector("#period a.active")?.TextContent.Trim(), Is.EqualTo("30 days"));
            Assert.That(month.Document.QuerySelector("#overview-pages"), Is.Not.Null, "21 classes are two pages");
            Assert.That(csv, Has.Count.EqualTo(1 + 22));
            Assert.That(csv, Has.Some.StartWith($"{autumn.Id},\"Autumn bootcamp\","));
            Assert.That(monthCsv, Has.Count.EqualTo(1 + 21));
        }
    }

    /// <summary>The overview table's rows as "title | enrollments | revenue | peak" (the start column is left out).</summary>
    private static IReadOnlyList<string> OverviewRows(HtmlPage page) =>
        page.Document.QuerySelectorAll("#overview-table tbody tr")
            .Select(r => r.QuerySelectorAll("td").Select(c => Collapse(c.TextContent)).ToList())
            .Select(c => $"{c[0]} | {c[2]} | {c[3]} | {c[4]}")
            .ToList();

    [Test]
    public async Task The_heat_map_counts_enrollments_at_the_weekday_and_hour_each_class_starts()
    {
        using var coach = await SignedInInstructorAsync();
        await ScenarioAsync(coach);

        var page = await PageAsync(coach.Visitor, Overview);

        var heat = HeatMap(page);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(heat, Has.Count.EqualTo(7 * 24));
            Assert.That(heat["Tue 18:00"], Is.EqualTo(3), "Power: Tuesday 18:00 UTC, 3 active seats");
            Assert.That(heat["Sun 07:00"], Is.EqualTo(1), "Stretch: Sunday 07:00 UTC");
            Assert.That(heat.Values.Sum(), Is.EqualTo(4), "the refunded seat is not counted");
            Assert.That(Chart(page, "Enrollments by class start").QuerySelector("figcaption")?.TextContent, Does.Contain("UTC"));
        }
    }

    [TestCase("America/New_York", "Tue 13:00", "Sun 02:00")]
    [TestCase("Asia/Tokyo", "Wed 03:00", "Sun 16:00")]
    public async Task The_heat_map_is_in_the_instructors_time_zone(string zone, string powerSlot, string stretchSlot)
    {
        using var coach = await SignedInInstructorAsync();
        await ScenarioAsync(coach);
        using var inZone = NewVisitorInTimeZone(zone);
        Assert.That((await SubmitLoginAsync(inZone, coach.Email, Password)).StatusCode, Is.EqualTo(HttpStatusCode.Redirect));

        var page = await PageAsync(inZone, Overview);

        var heat = HeatMap(page);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(heat[powerSlot], Is.EqualTo(3));
            Assert.That(heat[stretchSlot], Is.EqualTo(1));
            Assert.That(heat.Values.Sum(), Is.EqualTo(4));
            Assert.That(Chart(page, "Enrollments by class start").QuerySelector("figcaption")?.TextContent, Does.Contain(zone));
        }
    }

    [Test]
    public async Task The_dashboard_links_to_the_overview_and_each_class_analytics()
    {
        using var coach = await SignedInInstructorAsync();
        var (power, _) = await ScenarioAsync(coach);

        var dashboard = await DashboardAsync(coach.Visitor);

        var classLink = Row(dashboard, power.Id).QuerySelectorAll("a").SingleOrDefault(a => Collapse(a.TextContent) == "Analytics");
        var overviewLink = dashboard.Document.QuerySelectorAll("main a").FirstOrDefault(a => Collapse(a.TextContent) == "Analytics");
        Assert.That(classLink?.GetAttribute("href"), Is.EqualTo(StreamAnalytics(power.Id)));
        Assert.That(overviewLink?.GetAttribute("href"), Is.EqualTo(Overview));
    }

    [Test]
    public async Task A_class_without_any_data_shows_zeros_and_says_there_is_no_data_yet()
    {
        using var coach = await SignedInInstructorAsync();
        var bare = await ScheduleAsync(coach.Id, "Quiet class");

        var page = await PageAsync(coach.Visitor, StreamAnalytics(bare.Id));
        var lines = await CsvAsync(coach.Visitor, StreamAnalytics(bare.Id) + ".csv");

        using (Assert.EnterMultipleScope())
        {
            foreach (var id in new[] { "fig-enrollments", "fig-revenue", "fig-peak", "fig-unique", "fig-replays" })
                Assert.That(Figure(page, id), Is.EqualTo("0"), id);
            Assert.That(Figure(page, "fig-watch"), Is.EqualTo("0 min"));
            Assert.That(page.Text, Does.Contain("No data yet."));
            Assert.That(lines, Does.Contain("total,enrollments,0").And.Contain("total,revenue,0"));
        }
    }

    [Test]
    public async Task An_instructor_without_classes_gets_an_empty_overview()
    {
        using var coach = await SignedInInstructorAsync();

        var page = await PageAsync(coach.Visitor, Overview);
        var lines = await CsvAsync(coach.Visitor, Overview + ".csv");

        Assert.That(page.Text, Does.Contain("No classes yet."));
        Assert.That(lines, Is.EqualTo(new[] { "stream_id,title,start_utc,start_local,enrollments,revenue,peak_viewers,replay_sales" }));
    }

    [Test]
    public async Task The_overview_csv_quotes_titles_and_defuses_spreadsheet_formulas()
    {
        using var coach = await SignedInInstructorAsync();
        var formula = await ScheduleAsync(coach.Id, "=HYPERLINK(\"http://evil.test\",\"Open\")", startsIn: TimeSpan.FromDays(1));
        var commas = await ScheduleAsync(coach.Id, "Yoga, \"gentle\", for all", startsIn: TimeSpan.FromDays(2));

        var lines = await CsvAsync(coach.Visitor, Overview + ".csv");

        Assert.That(lines.Skip(1).Select(l => l.Split(',')[0]), Is.EqualTo(new[] { formula.Id.ToString(), commas.Id.ToString() }));
        Assert.That(lines[1], Does.StartWith($"{formula.Id},\"'=HYPERLINK(\"\"http://evil.test\"\",\"\"Open\"\")\","));
        Assert.That(lines[2], Does.StartWith($"{commas.Id},\"Yoga, \"\"gentle\"\", for all\","));
    }

    /// <summary>
    /// Regression: when every enrollment came on the same day (the usual case for a class announced
    /// the day before) the "Enrollments over time" series has one point; a polyline with one vertex
    /// draws nothing, so the chart was an empty frame while the figure said 2.
    /// </summary>
    [Test]
    public async Task Enrollments_all_made_on_one_day_still_draw_a_visible_line()
    {
        using var coach = await SignedInInstructorAsync();
        var stream = await ScheduleAsync(coach.Id, "One-day rush", price: 4);
        using var first = await MemberAsync();
        using var second = await MemberAsync();
        await EnrollAtAsync(first, stream.Id, Utc(1, 10, 9, 30));
        await EnrollAtAsync(second, stream.Id, Utc(1, 10, 15));

        var page = await PageAsync(coach.Visitor, StreamAnalytics(stream.Id));

        var points = LinePoints(Chart(page, "Enrollments over time"));
        Assert.That(Figure(page, "fig-enrollments"), Is.EqualTo("2"));
        Assert.That(points.Select(p => p.X).Distinct().Count(), Is.GreaterThanOrEqualTo(2),
            $"a polyline needs two distinct points to be visible; it has: {string.Join(" ", points)}");
    }

    /// <summary>
    /// Regression: the viewer timeline (and so "Peak viewers") counted sessions, not people. A member
    /// watching on a laptop and a phone at once was two viewers there, while the live hub's peak (shown
    /// on the dashboard) counts distinct members — the two pages disagreed about the same class.
    /// </summary>
    [Test]
    public async Task A_member_watching_on_two_devices_is_one_viewer()
    {
        using var coach = await SignedInInstructorAsync();
        var stream = await ScheduleAsync(coach.Id, "Two screens", startsIn: Utc(1, 12, 10) - Now, price: 3);
        using var member = await MemberAsync();
        await EnrollAtAsync(member, stream.Id, Utc(1, 10, 10));
        await RunClassAsync(stream.Id, Utc(1, 12, 10), Utc(1, 12, 10, 30), peak: 1);
        await SessionAsync(stream.Id, member.Id, ViewingMode.Live, Utc(1, 12, 10), Utc(1, 12, 10, 30), Utc(1, 12, 10, 30));
        await SessionAsync(stream.Id, member.Id, ViewingMode.Live, Utc(1, 12, 10, 5), Utc(1, 12, 10, 20), Utc(1, 12, 10, 20));

        var page = await PageAsync(coach.Visitor, StreamAnalytics(stream.Id));
        var dashboardPeak = Collapse(Row(await DashboardAsync(coach.Visitor), stream.Id).QuerySelectorAll("td")[6].TextContent);
        var lines = await CsvAsync(coach.Visitor, StreamAnalytics(stream.Id) + ".csv");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(Figure(page, "fig-unique"), Is.EqualTo("1"));
            Assert.That(dashboardPeak, Is.EqualTo("1"), "control: the dashboard shows the hub's peak");
            Assert.That(Figure(page, "fig-peak"), Is.EqualTo(dashboardPeak), "the analytics page agrees with the dashboard");
            Assert.That(lines, Does.Contain("viewers,2030-01-12T10:10:00+00:00,1"), "one person at 10:10, not two");
        }
    }

    /// <summary>
    /// Regression: the class page showed more peak viewers than the overview for the same class (the
    /// page took the larger of the hub's peak and its own timeline, the overview the hub's peak only).
    /// Two members overlap for twenty seconds between two points of the one-minute timeline, and no
    /// heartbeat counted them together: every place now says 2.
    /// </summary>
    [Test]
    public async Task The_overview_its_csv_and_the_class_page_agree_on_peak_viewers()
    {
        using var coach = await SignedInInstructorAsync();
        var stream = await ScheduleAsync(coach.Id, "Short overlap", startsIn: Utc(1, 12, 10) - Now, price: 3);
        using var first = await MemberAsync();
        using var second = await MemberAsync();
        await RunClassAsync(stream.Id, Utc(1, 12, 10), Utc(1, 12, 11), peak: 1);
        await SessionAsync(stream.Id, first.Id, ViewingMode.Live, Utc(1, 12, 10), Utc(1, 12, 10).AddSeconds(40), Utc(1, 12, 10).AddSeconds(40));
        await SessionAsync(stream.Id, second.Id, ViewingMode.Live, Utc(1, 12, 10).AddSeconds(20), Utc(1, 12, 10).AddSeconds(55), Utc(1, 12, 10).AddSeconds(55));

        var classPage = await PageAsync(coach.Visitor, StreamAnalytics(stream.Id));
        var classCsv = await CsvAsync(coach.Visitor, StreamAnalytics(stream.Id) + ".csv");
        var overview = await PageAsync(coach.Visitor, Overview);
        var overviewCsv = await CsvAsync(coach.Visitor, Overview + ".csv");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(Figure(classPage, "fig-peak"), Is.EqualTo("2"));
            Assert.That(classCsv, Does.Contain("total,peak_viewers,2"));
            Assert.That(OverviewRows(overview), Has.Some.EqualTo("Short overlap | 0 | 0 | 2"));
            Assert.That(overviewCsv.Single(l => l.StartsWith(stream.Id.ToString(), StringComparison.Ordinal)), Does.EndWith(",0,0,2,0"));
        }
    }

    [Test]
    public async Task The_csv_files_give_times_in_the_instructors_time_zone_with_its_offset()
    {
        using var coach = await SignedInInstructorAsync();
        var (power, _) = await ScenarioAsync(coach);
        using var inZone = NewVisitorInTimeZone("America/Los_Angeles");
        Assert.That((await SubmitLoginAsync(inZone, coach.Email, Password)).StatusCode, Is.EqualTo(HttpStatusCode.Redirect));

        var classCsv = await CsvAsync(inZone, StreamAnalytics(power.Id) + ".csv");
        var overviewCsv = await CsvAsync(inZone, Overview + ".csv");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(classCsv, Does.Contain("viewers,2030-01-15T10:00:00-08:00,1"), "18:00 UTC is 10:00 in Los Angeles");
            Assert.That(classCsv, Does.Contain("total,time_zone,America/Los_Angeles"));
            Assert.That(overviewCsv.Single(l => l.StartsWith(power.Id.ToString(), StringComparison.Ordinal)),
                Does.Contain(",2030-01-15T18:00:00Z,2030-01-15T10:00:00-08:00,"));
        }
    }
}
