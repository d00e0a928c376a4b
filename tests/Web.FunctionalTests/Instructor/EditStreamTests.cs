using System.Globalization;
using Streaming.Domain.Enrollments;
using Streaming.Domain.Streams;

namespace Streaming.Web.FunctionalTests.Instructor;

/// <summary>GET/POST /instructor/streams/{id}/edit: moving keeps enrollments; the price freezes once someone paid.</summary>
public class EditStreamTests : InstructorTestBase
{
    private static async Task<HtmlForm> EditFormAsync(PageClient instructor, Guid streamId)
    {
        var page = await instructor.GetAsync($"{Dashboard}/{streamId}/edit");
        Assert.That(page.StatusCode, Is.EqualTo(HttpStatusCode.OK), page.ToString());
        Assert.That(page.Title, Does.StartWith("Edit class"));
        return page.Form("#stream-form");
    }

    private static async Task<HtmlPage> SaveAsync(PageClient instructor, HtmlForm form)
    {
        var response = await instructor.SubmitAsync(form);
        if (response.StatusCode != HttpStatusCode.Redirect)
            throw new AssertionException($"Saving did not redirect: {await HtmlPage.ReadAsync(response)}");
        Assert.That(PageClient.RedirectTarget(response).AbsolutePath, Is.EqualTo(Dashboard));
        return await instructor.FollowRedirectAsync(response);
    }

    [Test]
    public async Task The_edit_form_shows_the_class_in_the_instructors_time_zone_and_saving_it_unchanged_keeps_the_start()
    {
        using var coach = await SignedInInstructorAsync("Coach Zone", timeZoneCookie: "America/New_York");
        var stream = await ScheduleAsync(coach.Id, "Zoned", startsIn: TimeSpan.FromDays(3), price: 4, capacity: 9);

        var form = await EditFormAsync(coach.Visitor, stream.Id);

        var expectedLocal = TimeZoneInfo.ConvertTime(stream.ScheduledStart, TimeZoneInfo.FindSystemTimeZoneById("America/New_York")).DateTime;
        using (Assert.EnterMultipleScope())
        {
            Assert.That(form.Action.AbsolutePath, Is.EqualTo($"{Dashboard}/{stream.Id}/edit"));
            Assert.That(form["Title"], Is.EqualTo("Zoned"));
            Assert.That(form["TimeZone"], Is.EqualTo("America/New_York"));
            Assert.That(DateTime.Parse(form["StartLocal"]!, CultureInfo.InvariantCulture), Is.EqualTo(expectedLocal));
            Assert.That(form["PriceInTokens"], Is.EqualTo("4"));
            Assert.That(form["Capacity"], Is.EqualTo("9"));
        }

        var dashboard = await SaveAsync(coach.Visitor, form);

        Assert.That(Flash(dashboard), Is.EqualTo("\"Zoned\" is saved."));
        var row = dashboard.Document.QuerySelector($"#streams-table tr[data-stream-id='{stream.Id}']");
        Assert.That(row?.GetAttribute("aria-current"), Is.EqualTo("true"), "the saved class stands out on the dashboard");
        Assert.That(row?.ClassList.Contains("just-changed"), Is.True);
        Assert.That((await StoredAsync(stream.Id))!.ScheduledStart, Is.EqualTo(stream.ScheduledStart));
    }

    [Test]
    public async Task Changing_the_title_and_the_time_keeps_every_enrollment()
    {
        using var coach = await SignedInInstructorAsync();
        var stream = await ScheduleAsync(coach.Id, "Before", startsIn: TimeSpan.FromDays(2), price: 5);
        var (member, email) = await PayingMemberAsync(stream.Id, 10);
        using (member)
        {
            var form = (await EditFormAsync(coach.Visitor, stream.Id))
                .Set("Title", "After")
                .Set("TimeZone", "Europe/Paris")
                .Set("StartLocal", "2030-02-14T19:00")
                .Set("DurationMinutes", "60");

            var dashboard = await SaveAsync(coach.Visitor, form);

            var stored = await StoredAsync(stream.Id);
            var enrollments = await EnrollmentsAsync(stream.Id);
            var details = await member.GetAsync($"/streams/{stream.Id}");
            using (Assert.EnterMultipleScope())
            {
                Assert.That(Flash(dashboard), Is.EqualTo("\"After\" is saved."));
                Assert.That(stored!.Title, Is.EqualTo("After"));
                Assert.That(stored.ScheduledStart, Is.EqualTo(new DateTimeOffset(2030, 2, 14, 18, 0, 0, TimeSpan.Zero)));
                Assert.That(stored.DurationMinutes, Is.EqualTo(60));
                Assert.That(stored.PriceInTokens, Is.EqualTo(5));
                Assert.That(enrollments.Select(e => (e.Status, e.TokensPaid)), Is.EqualTo(new[] { (EnrollmentStatus.Active, 5) }));
                Assert.That(details.Document.QuerySelector("#enrolled-note"), Is.Not.Null, "the member is still enrolled");
                Assert.That(await StartShownOnDetailsAsync(member, stream.Id), Is.EqualTo(new DateTimeOffset(2030, 2, 14, 18, 0, 0, TimeSpan.Zero)));
                Assert.That(await LedgerBalanceAsync(email), Is.EqualTo(5), "nobody was charged or refunded");
                Assert.That(Cell(dashboard, stream.Id, "enrollments"), Is.EqualTo("1"));
                Assert.That(Cell(dashboard, stream.Id, "revenue"), Is.EqualTo("5"));
            }
        }
    }

    [Test]
    public async Task The_price_of_a_class_somebody_paid_for_cannot_change_and_nothing_else_in_that_post_is_saved()
    {
        using var coach = await SignedInInstructorAsync();
        var stream = await ScheduleAsync(coach.Id, "Paid for", startsIn: TimeSpan.FromDays(2), price: 5);
        var (member, email) = await PayingMemberAsync(stream.Id, 5);
        using (member)
        {
            var form = (await EditFormAsync(coach.Visitor, stream.Id)).Set("PriceInTokens", "9").Set("Title", "Renamed too");

            var page = await coach.Visitor.SubmitForPageAsync(form);

            var stored = await StoredAsync(stream.Id);
            using (Assert.EnterMultipleScope())
            {
                Assert.That(page.StatusCode, Is.EqualTo(HttpStatusCode.OK), page.ToString());
                Assert.That(page.ValidationMessages, Is.EqualTo(new[] { "The price cannot change once members have enrolled." }));
                Assert.That(page.Form("#stream-form")["PriceInTokens"], Is.EqualTo("9"), "the form shows what was typed");
                Assert.That(stored!.PriceInTokens, Is.EqualTo(5));
                Assert.That(stored.Title, Is.EqualTo("Paid for"));
                Assert.That((await EnrollmentsAsync(stream.Id)).Single().Status, Is.EqualTo(EnrollmentStatus.Active));
                Assert.That(await LedgerBalanceAsync(email), Is.Zero);
            }

            // The same price with other changes is fine.
            var ok = await SaveAsync(coach.Visitor, (await EditFormAsync(coach.Visitor, stream.Id)).Set("Title", "Renamed"));
            Assert.That(Flash(ok), Is.EqualTo("\"Renamed\" is saved."));
            Assert.That((await StoredAsync(stream.Id))!.PriceInTokens, Is.EqualTo(5));
        }
    }

    [Test]
    public async Task The_price_changes_freely_without_paid_enrollments()
    {
        using var coach = await SignedInInstructorAsync();
        var stream = await ScheduleAsync(coach.Id, "Repriced", startsIn: TimeSpan.FromDays(2), price: 5);

        await SaveAsync(coach.Visitor, (await EditFormAsync(coach.Visitor, stream.Id)).Set("PriceInTokens", "9"));

        Assert.That((await StoredAsync(stream.Id))!.PriceInTokens, Is.EqualTo(9));
        var details = await coach.Visitor.GetAsync($"/streams/{stream.Id}");
        Assert.That(Collapse(details.Document.QuerySelector("#price")?.TextContent), Is.EqualTo("9 tokens"));
    }

    [Test]
    public async Task Once_the_only_paying_member_cancelled_and_was_refunded_the_price_can_change()
    {
        using var coach = await SignedInInstructorAsync();
        var stream = await ScheduleAsync(coach.Id, "Refunded seat", startsIn: TimeSpan.FromDays(3), price: 5);
        var (member, _) = await PayingMemberAsync(stream.Id, 5);
        using (member)
        {
            var mine = await member.GetAsync("/me/classes");
            var cancel = mine.Document.QuerySelector($"li.my-class[data-stream-id='{stream.Id}'] form") as IHtmlFormElement
                ?? throw new AssertionException($"No cancel form on {mine}");
            await member.SubmitAsync(new HtmlForm(cancel, mine.Url));
            Assert.That((await EnrollmentsAsync(stream.Id)).Single().Status, Is.EqualTo(EnrollmentStatus.Refunded));

            await SaveAsync(coach.Visitor, (await EditFormAsync(coach.Visitor, stream.Id)).Set("PriceInTokens", "2"));

            Assert.That((await StoredAsync(stream.Id))!.PriceInTokens, Is.EqualTo(2));
        }
    }

    [Test]
    public async Task Edit_validates_like_create()
    {
        using var coach = await SignedInInstructorAsync();
        var stream = await ScheduleAsync(coach.Id, "Validated", startsIn: TimeSpan.FromDays(2));

        var form = (await EditFormAsync(coach.Visitor, stream.Id)).Set("StartLocal", "2030-01-01T10:00").Set("TimeZone", "").Set("Capacity", "0");
        var page = await coach.Visitor.SubmitForPageAsync(form);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(page.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(page.FieldMessage("StartLocal"), Is.EqualTo("The start must be in the future."));
            Assert.That(page.FieldMessage("Capacity"), Is.EqualTo("The capacity must be at least 1, or empty for no limit."));
            Assert.That(page.Form("#stream-form").Action.AbsolutePath, Is.EqualTo($"{Dashboard}/{stream.Id}/edit"), "the re-rendered form still edits this class");
            Assert.That((await StoredAsync(stream.Id))!.ScheduledStart, Is.EqualTo(stream.ScheduledStart));
        }
    }

    [Test]
    public async Task Capacity_cannot_drop_below_the_members_already_enrolled()
    {
        using var coach = await SignedInInstructorAsync();
        var stream = await ScheduleAsync(coach.Id, "Full-ish", startsIn: TimeSpan.FromDays(2), price: 0, capacity: 5);
        var (first, _) = await PayingMemberAsync(stream.Id, 0);
        var (second, _) = await PayingMemberAsync(stream.Id, 0);
        using (first)
        using (second)
        {
            var page = await coach.Visitor.SubmitForPageAsync((await EditFormAsync(coach.Visitor, stream.Id)).Set("Capacity", "1"));

            Assert.That(page.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(page.ValidationMessages, Is.EqualTo(new[] { "Capacity cannot be less than the 2 members already enrolled." }));
            Assert.That((await StoredAsync(stream.Id))!.Capacity, Is.EqualTo(5));
        }
    }

    /// <summary>
    /// SRC BUG: the dashboard offers "Edit" for a live class and UpdateStreamHandler is written to
    /// accept new details for it ("a live class only takes new details"), but the shared
    /// StreamFormValidator insists the start is in the future, which a live class's start never is —
    /// so every save fails with "The start must be in the future.". Fix: UpdateStreamValidator must
    /// not apply the future-start rule when the start is unchanged (or the class is not Scheduled):
    /// e.g. inject IApplicationDbContext and make the rule
    /// <c>.MustAsync(async (form, _, ct) =&gt; form.StartUtc() &gt; clock.GetUtcNow() || await db.Streams.AnyAsync(s =&gt; s.Id == form.Id &amp;&amp; (s.Status != StreamStatus.Scheduled || s.ScheduledStart == form.StartUtc()), ct))</c>
    /// (the handler already ignores the time of a class that is not Scheduled, and Reschedule refuses a past start).
    /// </summary>
    [Test]
    public async Task A_live_class_can_take_a_new_title()
    {
        using var coach = await SignedInInstructorAsync();
        var stream = await ScheduleAsync(coach.Id, "Live now", startsIn: TimeSpan.FromHours(1));
        await ChangeStreamAsync(stream.Id, (s, _) => s.GoLive(stream.ScheduledStart));
        Factory.Clock.Now = stream.ScheduledStart.AddMinutes(5);
        try
        {
            var dashboard = await DashboardAsync(coach.Visitor);
            Assert.That(Row(dashboard, stream.Id).QuerySelector($"a[href='{Dashboard}/{stream.Id}/edit']"), Is.Not.Null, "the dashboard offers Edit");

            var response = await coach.Visitor.SubmitAsync((await EditFormAsync(coach.Visitor, stream.Id)).Set("Title", "Live now — join!"));

            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), (await HtmlPage.ReadAsync(response)).ToString());
            Assert.That((await StoredAsync(stream.Id))!.Title, Is.EqualTo("Live now — join!"));
        }
        finally
        {
            Factory.Clock.Now = TestClock.DefaultNow;
        }
    }

    [Test]
    public async Task A_cancelled_class_cannot_be_edited()
    {
        using var coach = await SignedInInstructorAsync();
        var stream = await ScheduleAsync(coach.Id, "Called off", startsIn: TimeSpan.FromDays(2), state: StreamStatus.Cancelled);

        var page = await coach.Visitor.SubmitForPageAsync((await EditFormAsync(coach.Visitor, stream.Id)).Set("Title", "Back on?"));

        Assert.That(page.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(page.ValidationMessages, Is.EqualTo(new[] { "A class that is cancelled can no longer be edited." }));
        Assert.That((await StoredAsync(stream.Id))!.Title, Is.EqualTo("Called off"));
    }
}
