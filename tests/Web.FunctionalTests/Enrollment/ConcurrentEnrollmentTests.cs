using Streaming.Domain.Enrollments;

namespace Streaming.Web.FunctionalTests.Enrollments;

/// <summary>
/// Parallel HTTP requests against the real app and PostgreSQL: tabs, double clicks and a crowd
/// opening the same class. Every answer is a redirect with a message, never a 500, and the
/// tokens add up.
/// </summary>
public class ConcurrentEnrollmentTests : ClassesTestBase
{
    private static void AssertAllRedirect(IEnumerable<HttpResponseMessage> responses)
    {
        var statuses = responses.Select(r => $"{(int)r.StatusCode} {r.RequestMessage?.RequestUri?.AbsolutePath}").ToList();
        Assert.That(statuses.Where(s => !s.StartsWith("302", StringComparison.Ordinal)), Is.Empty, string.Join(", ", statuses));
    }

    [Test]
    [CancelAfter(60_000)]
    public async Task A_member_with_tokens_for_three_classes_enrolling_in_ten_at_once_gets_exactly_three()
    {
        var coach = await InstructorAsync();
        var classes = new List<Guid>();
        for (var i = 0; i < 10; i++) classes.Add((await ScheduleAsync(coach, $"Ten at once {i}", TimeSpan.FromDays(1) + TimeSpan.FromHours(i), price: 4)).Id);
        var (member, email) = await SignedInMemberAsync();
        await GrantAsync(email, 12);
        using (member)
        {
            var forms = new List<HtmlForm>();
            foreach (var id in classes) forms.Add(await EnrollFormAsync(member, id));

            var responses = await Task.WhenAll(forms.Select(f => member.SubmitAsync(f)));

            AssertAllRedirect(responses);
            var seats = new List<Enrollment>();
            foreach (var id in classes) seats.AddRange(await EnrollmentsAsync(id));
            var history = await LedgerHistoryAsync(email);
            using (Assert.EnterMultipleScope())
            {
                Assert.That(seats.Count(e => e.Status == EnrollmentStatus.Active), Is.EqualTo(3));
                Assert.That(seats.Count(e => e.HoldsSeat), Is.EqualTo(3), "the other seats were given back");
                Assert.That(history.Count(l => l.Kind == "Enrollment"), Is.EqualTo(3));
                Assert.That(await LedgerBalanceAsync(email), Is.Zero);
                Assert.That(history.Select(l => l.BalanceAfter), Is.All.GreaterThanOrEqualTo(0));
            }
        }
    }

    [Test]
    [CancelAfter(90_000)]
    public async Task Twenty_members_enrolling_in_the_same_class_at_once_all_get_a_seat()
    {
        var coach = await InstructorAsync();
        var stream = await ScheduleAsync(coach, "Crowd", price: 2, capacity: 50);
        var members = new List<(PageClient Visitor, string Email, HtmlForm Form)>();
        for (var i = 0; i < 20; i++)
        {
            var (visitor, email) = await SignedInMemberAsync($"crowd{i}");
            await GrantAsync(email, 5);
            members.Add((visitor, email, await EnrollFormAsync(visitor, stream.Id)));
        }

        try
        {
            var responses = await Task.WhenAll(members.Select(m => m.Visitor.SubmitAsync(m.Form)));

            AssertAllRedirect(responses);
            var seats = await EnrollmentsAsync(stream.Id);
            var details = await members[0].Visitor.GetAsync($"/streams/{stream.Id}");
            using (Assert.EnterMultipleScope())
            {
                Assert.That(seats.Count(e => e.Status == EnrollmentStatus.Active), Is.EqualTo(20));
                Assert.That(Collapse(details.Document.QuerySelector("#spots")?.TextContent), Is.EqualTo("30 of 50 left"));
                foreach (var (_, email, _) in members) Assert.That(await LedgerBalanceAsync(email), Is.EqualTo(3), email);
            }
        }
        finally
        {
            foreach (var (visitor, _, _) in members) visitor.Dispose();
        }
    }

    [Test]
    [CancelAfter(90_000)]
    public async Task Ten_members_racing_for_three_seats_get_three_and_the_others_are_told_it_is_full()
    {
        var coach = await InstructorAsync();
        var stream = await ScheduleAsync(coach, "Three seats", price: 2, capacity: 3);
        var members = new List<(PageClient Visitor, string Email, HtmlForm Form)>();
        for (var i = 0; i < 10; i++)
        {
            var (visitor, email) = await SignedInMemberAsync($"race{i}");
            await GrantAsync(email, 2);
            members.Add((visitor, email, await EnrollFormAsync(visitor, stream.Id)));
        }

        try
        {
            var responses = await Task.WhenAll(members.Select(m => m.Visitor.SubmitAsync(m.Form)));

            var statuses = responses.Select(r => (int)r.StatusCode).ToList();
            Assert.That(statuses, Has.None.GreaterThanOrEqualTo(500), string.Join(", ", statuses));
            var seats = await EnrollmentsAsync(stream.Id);
            var balances = new List<int>();
            foreach (var (_, email, _) in members) balances.Add(await LedgerBalanceAsync(email));
            using (Assert.EnterMultipleScope())
            {
                Assert.That(seats.Count(e => e.Status == EnrollmentStatus.Active), Is.EqualTo(3));
                Assert.That(balances.Count(b => b == 0), Is.EqualTo(3), "three paid");
                Assert.That(balances.Count(b => b == 2), Is.EqualTo(7), "nobody else was charged");
            }
        }
        finally
        {
            foreach (var (visitor, _, _) in members) visitor.Dispose();
        }
    }

    [Test]
    [CancelAfter(60_000)]
    public async Task Ten_parallel_cancel_posts_refund_once()
    {
        var coach = await InstructorAsync();
        var stream = await ScheduleAsync(coach, "Cancel rush", price: 6, capacity: 5, startsIn: TimeSpan.FromDays(3));
        var (member, email) = await SignedInMemberAsync();
        await GrantAsync(email, 10);
        using (member)
        {
            await EnrollAsync(member, stream.Id);
            var mine = await member.GetAsync("/me/classes");
            var form = new HtmlForm(
                mine.Document.QuerySelector($"li.my-class[data-stream-id='{stream.Id}'] form") as IHtmlFormElement
                ?? throw new AssertionException($"No Cancel button on {mine}"), mine.Url);

            var responses = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => member.SubmitAsync(form)));

            AssertAllRedirect(responses);
            var history = await LedgerHistoryAsync(email);
            var details = await member.GetAsync($"/streams/{stream.Id}");
            using (Assert.EnterMultipleScope())
            {
                Assert.That(history.Count(l => l.Kind == "Refund"), Is.EqualTo(1));
                Assert.That(await LedgerBalanceAsync(email), Is.EqualTo(10));
                Assert.That((await EnrollmentsAsync(stream.Id)).Single().Status, Is.EqualTo(EnrollmentStatus.Refunded));
                Assert.That(Collapse(details.Document.QuerySelector("#spots")?.TextContent), Is.EqualTo("5 of 5 left"), "the seat came back once");
                Assert.That(details.Form("#enroll-form"), Is.Not.Null, "the member can enroll again");
            }
        }
    }
}
