namespace Streaming.Web.FunctionalTests.Instructor;

/// <summary>
/// Who may read analytics: the owner; another instructor gets 404 for the class and never sees it
/// in their overview; a member gets 403; a visitor logs in; a super admin sees every class.
/// </summary>
public class AnalyticsAccessTests : AnalyticsTestBase
{
    private readonly string _adminEmail = UniqueEmail("admin");

    protected override void Configure(StreamingWebFactory factory)
    {
        factory.Settings["Seed:SuperAdmin:Email"] = _adminEmail;
        factory.Settings["Seed:SuperAdmin:Password"] = Password;
        factory.Settings["Seed:SuperAdmin:DisplayName"] = "Root Admin";
    }

    private static string[] ClassUrls(Guid id) => [StreamAnalytics(id), StreamAnalytics(id) + ".csv"];

    [Test]
    public async Task Another_instructors_class_is_a_404_and_stays_out_of_their_overview()
    {
        using var owner = await SignedInInstructorAsync("Owner");
        using var intruder = await SignedInInstructorAsync("Intruder");
        var (power, stretch) = await ScenarioAsync(owner);
        var own = await ScheduleAsync(intruder.Id, "Intruder's own class");

        var answers = new Dictionary<string, HttpStatusCode>();
        foreach (var url in ClassUrls(power.Id).Concat(ClassUrls(stretch.Id)))
            answers[url] = (await intruder.Visitor.GetAsync(url)).StatusCode;
        var overview = await PageAsync(intruder.Visitor, Overview);
        var csv = await CsvAsync(intruder.Visitor, Overview + ".csv");

        using (Assert.EnterMultipleScope())
        {
            foreach (var (url, status) in answers) Assert.That(status, Is.EqualTo(HttpStatusCode.NotFound), url);
            Assert.That(overview.Text, Does.Not.Contain(power.Title).And.Not.Contain(stretch.Title));
            Assert.That(Titles(overview.Document, "rect.bar"), Is.EqualTo(new[] { $"{own.Title}: 0 tokens", $"{own.Title}: 0 enrollments" }));
            Assert.That(HeatMap(overview).Values.Sum(), Is.Zero, "the owner's enrollments are not in the intruder's heat map");
            Assert.That(csv, Has.Count.EqualTo(2));
            Assert.That(csv[1], Does.StartWith($"{own.Id},"));
        }
    }

    [Test]
    public async Task An_unknown_class_is_a_404()
    {
        using var coach = await SignedInInstructorAsync();

        foreach (var url in ClassUrls(Guid.NewGuid()))
            Assert.That((await coach.Visitor.GetAsync(url)).StatusCode, Is.EqualTo(HttpStatusCode.NotFound), url);
        Assert.That((await coach.Visitor.GetAsync("/instructor/streams/not-a-guid/analytics")).StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }

    [Test]
    public async Task A_member_gets_403_everywhere()
    {
        using var coach = await SignedInInstructorAsync();
        var stream = await ScheduleAsync(coach.Id);
        using var member = await MemberAsync();
        await EnrollAtAsync(member, stream.Id, Now);

        foreach (var url in ClassUrls(stream.Id).Append(Overview).Append(Overview + ".csv"))
        {
            using var response = await member.Visitor.Http.GetAsync(url);
            Assert.That(PageClient.RedirectTarget(response).AbsolutePath, Is.EqualTo("/account/access-denied"), url);
            Assert.That((await member.Visitor.FollowRedirectAsync(response)).StatusCode, Is.EqualTo(HttpStatusCode.Forbidden), url);
        }
    }

    [Test]
    public async Task An_anonymous_visitor_is_sent_to_log_in()
    {
        using var coach = await SignedInInstructorAsync();
        var stream = await ScheduleAsync(coach.Id);
        using var visitor = NewVisitor();

        foreach (var url in ClassUrls(stream.Id).Append(Overview).Append(Overview + ".csv"))
        {
            using var response = await visitor.Http.GetAsync(url);
            var target = PageClient.RedirectTarget(response);
            Assert.That(target.AbsolutePath, Is.EqualTo("/account/login"), url);
            Assert.That(Uri.UnescapeDataString(target.Query), Does.Contain(url), "back to the page after logging in");
        }
    }

    [Test]
    public async Task A_super_admin_sees_any_instructors_analytics()
    {
        using var coach = await SignedInInstructorAsync();
        var (power, stretch) = await ScenarioAsync(coach);
        using var admin = NewVisitor();
        Assert.That((await SubmitLoginAsync(admin, _adminEmail, Password)).StatusCode, Is.EqualTo(HttpStatusCode.Redirect));

        var page = await PageAsync(admin, StreamAnalytics(power.Id));
        var csv = await CsvAsync(admin, StreamAnalytics(power.Id) + ".csv");
        var overview = await PageAsync(admin, Overview);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(Figure(page, "fig-enrollments"), Is.EqualTo("3"));
            Assert.That(Figure(page, "fig-revenue"), Is.EqualTo("24"));
            Assert.That(Figure(page, "fig-unique"), Is.EqualTo("3"));
            Assert.That(csv, Does.Contain("total,revenue,24"));
            Assert.That(Titles(Chart(overview, "Revenue per class"), "rect.bar"),
                Does.Contain($"{power.Title}: 24 tokens").And.Contain($"{stretch.Title}: 5 tokens"));
        }
    }
}
