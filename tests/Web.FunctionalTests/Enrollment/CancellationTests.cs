using Streaming.Application.Common.Exceptions;
using Streaming.Application.Streams.Commands.CancelStream;
using Streaming.Domain.Enrollments;

namespace Streaming.Web.FunctionalTests.Enrollments;

/// <summary>
/// Cancelling from "My classes" (POST /me/enrollments/{id}/cancel) with its refund, the 12-hour
/// window, authorization, and an instructor cancelling the whole class.
/// </summary>
public class CancellationTests : ClassesTestBase
{
    private async Task<(PageClient Visitor, string Email)> EnrolledMemberAsync(Guid streamId, int tokens, string prefix = "member")
    {
        var (visitor, email) = await SignedInMemberAsync(prefix);
        await GrantAsync(email, tokens);
        await EnrollAsync(visitor, streamId);
        return (visitor, email);
    }

    private static IElement MyClassRow(HtmlPage page, Guid streamId) =>
        page.Document.QuerySelector($"li.my-class[data-stream-id='{streamId}']")
        ?? throw new AssertionException($"No row for {streamId} on {page}");

    private static HtmlForm CancelForm(HtmlPage page, Guid streamId) =>
        new(MyClassRow(page, streamId).QuerySelector("form") as IHtmlFormElement
            ?? throw new AssertionException($"No Cancel button for {streamId} on {page}"), page.Url);

    [Test]
    public async Task A_member_cancels_from_my_classes_and_gets_the_tokens_back()
    {
        var coach = await InstructorAsync();
        var stream = await ScheduleAsync(coach, "Refundable", price: 4, startsIn: TimeSpan.FromDays(2));
        var (member, email) = await EnrolledMemberAsync(stream.Id, 10);
        using (member)
        {
            var mine = await member.GetAsync("/me/classes");
            Assert.That(NavBalance(mine), Is.EqualTo(6));
            var form = CancelForm(mine, stream.Id);
            Assert.That(MyClassRow(mine, stream.Id).QuerySelector("form button")?.TextContent.Trim(), Is.EqualTo("Cancel (refund 4)"));

            var response = await member.SubmitAsync(form);

            Assert.That(PageClient.RedirectTarget(response).AbsolutePath, Is.EqualTo("/me/classes"));
            var after = await member.FollowRedirectAsync(response);
            var tokens = await member.GetAsync("/tokens");
            var history = HistoryRows(tokens);
            using (Assert.EnterMultipleScope())
            {
                Assert.That(Flash(after), Is.EqualTo("Your enrollment in Refundable is cancelled and 4 tokens are back in your balance."));
                Assert.That(NavBalance(after), Is.EqualTo(10));
                Assert.That(Collapse(MyClassRow(after, stream.Id).TextContent), Does.Contain("You cancelled — 4 tokens refunded"));
                Assert.That(MyClassRow(after, stream.Id).QuerySelector("form"), Is.Null, "nothing left to cancel");
                Assert.That(history.Select(r => r.Kind), Is.EqualTo(new[] { "Refund", "Enrollment", "Grant" }), "newest first");
                Assert.That(history[0].Amount, Is.EqualTo("+4"));
                Assert.That(history[0].BalanceAfter, Is.EqualTo("10"));
                Assert.That(history[0].Link, Is.EqualTo($"/streams/{stream.Id}"));
                Assert.That(await LedgerBalanceAsync(email), Is.EqualTo(10));
                Assert.That((await EnrollmentsAsync(stream.Id)).Single().Status, Is.EqualTo(EnrollmentStatus.Refunded));
            }

            // The seat is free again: the class page offers Enroll, and enrolling again charges again.
            // (A minute later: the test clock stands still, and "the latest enrollment" is told by its time.)
            Factory.Clock.Advance(TimeSpan.FromMinutes(1));
            var details = await member.GetAsync($"/streams/{stream.Id}");
            Assert.That(Collapse(details.Document.QuerySelector("#enroll-form button")?.TextContent), Is.EqualTo("Enroll for 4 tokens"));
            var again = await EnrollAsync(member, stream.Id);
            Assert.That(NavBalance(again), Is.EqualTo(6));
            Assert.That((await EnrollmentsAsync(stream.Id)).Select(e => e.Status),
                Is.EquivalentTo(new[] { EnrollmentStatus.Refunded, EnrollmentStatus.Active }));
            var row = MyClassRow(await member.GetAsync("/me/classes"), stream.Id);
            Assert.That(row.QuerySelector("form button")?.TextContent.Trim(), Is.EqualTo("Cancel (refund 4)"), "My classes shows the new seat");
        }
    }

    [Test]
    public async Task A_member_cancels_from_the_class_page_too()
    {
        var coach = await InstructorAsync();
        var stream = await ScheduleAsync(coach, "From details", price: 3, startsIn: TimeSpan.FromDays(2));
        var (member, email) = await EnrolledMemberAsync(stream.Id, 3);
        using (member)
        {
            var details = await member.GetAsync($"/streams/{stream.Id}");
            var form = details.Document.Forms.Select(f => new HtmlForm(f, details.Url)).Single(f => f.Action.AbsolutePath.EndsWith("/cancel", StringComparison.Ordinal));

            var after = await member.FollowRedirectAsync(await member.SubmitAsync(form));

            Assert.That(Flash(after), Does.Contain("3 tokens are back in your balance"));
            Assert.That(await LedgerBalanceAsync(email), Is.EqualTo(3));
        }
    }

    [Test]
    public async Task Inside_the_12_hour_window_cancelling_is_refused_with_a_message_and_no_refund()
    {
        var coach = await InstructorAsync();
        var stream = await ScheduleAsync(coach, "Too late", price: 4, startsIn: TimeSpan.FromDays(2));
        var (member, email) = await EnrolledMemberAsync(stream.Id, 10);
        var start = Factory.Clock.Now;
        using (member)
        {
            var form = CancelForm(await member.GetAsync("/me/classes"), stream.Id);
            try
            {
                Factory.Clock.Now = stream.ScheduledStart - TimeSpan.FromHours(11);

                var mine = await member.GetAsync("/me/classes");
                var response = await member.SubmitAsync(form);

                Assert.That(PageClient.RedirectTarget(response).AbsolutePath, Is.EqualTo("/me/classes"));
                var after = await member.FollowRedirectAsync(response);
                using (Assert.EnterMultipleScope())
                {
                    Assert.That(MyClassRow(mine, stream.Id).QuerySelector("form"), Is.Null, "no Cancel button inside the window");
                    Assert.That(Collapse(MyClassRow(mine, stream.Id).TextContent), Does.Contain("No longer cancellable"));
                    Assert.That(FlashError(after), Does.StartWith("Enrollments can be cancelled until 12 hours before the class starts"));
                    Assert.That(Flash(after), Is.Null);
                    Assert.That(NavBalance(after), Is.EqualTo(6));
                    Assert.That(await LedgerBalanceAsync(email), Is.EqualTo(6));
                    Assert.That((await LedgerHistoryAsync(email)).Select(l => l.Kind), Does.Not.Contain("Refund"));
                    Assert.That((await EnrollmentsAsync(stream.Id)).Single().Status, Is.EqualTo(EnrollmentStatus.Active));
                }
            }
            finally
            {
                Factory.Clock.Now = start;
            }
        }
    }

    [Test]
    public async Task Cancelling_another_members_enrollment_is_a_404_and_changes_nothing()
    {
        var coach = await InstructorAsync();
        var stream = await ScheduleAsync(coach, "Not yours", price: 4, startsIn: TimeSpan.FromDays(2));
        var (owner, ownerEmail) = await EnrolledMemberAsync(stream.Id, 10, "owner");
        var (intruder, intruderEmail) = await SignedInMemberAsync("intruder");
        await GrantAsync(intruderEmail, 1);
        using (owner)
        using (intruder)
        {
            var enrollmentId = (await EnrollmentsAsync(stream.Id)).Single().Id;
            var form = TokenFormPostingTo(await intruder.GetAsync("/me/classes"), $"/me/enrollments/{enrollmentId}/cancel");

            var page = await intruder.SubmitForPageAsync(form);
            var unknown = await intruder.SubmitForPageAsync(form.PostTo($"/me/enrollments/{Guid.NewGuid()}/cancel"));

            using (Assert.EnterMultipleScope())
            {
                Assert.That(page.StatusCode, Is.EqualTo(HttpStatusCode.NotFound), page.ToString());
                Assert.That(unknown.StatusCode, Is.EqualTo(HttpStatusCode.NotFound), "the same answer as an id that does not exist");
                Assert.That((await EnrollmentsAsync(stream.Id)).Single().Status, Is.EqualTo(EnrollmentStatus.Active));
                Assert.That(await LedgerBalanceAsync(ownerEmail), Is.EqualTo(6));
                Assert.That(await LedgerBalanceAsync(intruderEmail), Is.EqualTo(1));
            }
        }
    }

    [Test]
    public async Task An_anonymous_cancel_is_sent_to_log_in()
    {
        using var visitor = NewVisitor();

        var response = await visitor.Http.PostAsync($"/me/enrollments/{Guid.NewGuid()}/cancel", new FormUrlEncodedContent([]));

        Assert.That(PageClient.RedirectTarget(response).AbsolutePath, Is.EqualTo("/account/login"));
    }

    /// <summary>There is no page for it yet: the command goes through IMediator as the instructor.</summary>
    [Test]
    public async Task When_the_instructor_cancels_the_class_every_member_is_refunded_and_sees_it()
    {
        var coach = await InstructorAsync();
        var otherCoach = await InstructorAsync("Someone Else");
        var stream = await ScheduleAsync(coach, "Called off", price: 5, startsIn: TimeSpan.FromDays(3));
        var (ana, anaEmail) = await EnrolledMemberAsync(stream.Id, 12, "ana");
        var (ben, benEmail) = await EnrolledMemberAsync(stream.Id, 5, "ben");
        using (ana)
        using (ben)
        {
            Assert.ThrowsAsync<NotFoundException>(() => InstructorCancelsAsync(otherCoach, stream.Id), "only the owner can cancel");

            var result = await InstructorCancelsAsync(coach, stream.Id);

            Assert.That(result, Is.EqualTo(new CancelStreamResult(2, 0)));
            var anaClasses = await ana.GetAsync("/me/classes");
            var benClasses = await ben.GetAsync("/me/classes");
            var anaDetails = await ana.GetAsync($"/streams/{stream.Id}");
            using (Assert.EnterMultipleScope())
            {
                Assert.That(Collapse(MyClassRow(anaClasses, stream.Id).TextContent), Does.Contain("Cancelled — 5 tokens refunded"));
                Assert.That(Collapse(MyClassRow(benClasses, stream.Id).TextContent), Does.Contain("Cancelled — 5 tokens refunded"));
                Assert.That(MyClassRow(anaClasses, stream.Id).QuerySelector("form"), Is.Null);
                Assert.That(NavBalance(anaClasses), Is.EqualTo(12));
                Assert.That(NavBalance(benClasses), Is.EqualTo(5));
                Assert.That(await LedgerBalanceAsync(anaEmail), Is.EqualTo(12));
                Assert.That(await LedgerBalanceAsync(benEmail), Is.EqualTo(5));
                Assert.That(HistoryRows(await ben.GetAsync("/tokens"))[0].Kind, Is.EqualTo("Refund"));
                Assert.That(Collapse(anaDetails.Document.QuerySelector(".alert-warning")?.TextContent),
                    Is.EqualTo("This class was cancelled. Your 5 tokens were refunded."));
                Assert.That(anaDetails.Document.QuerySelector("#enroll-form"), Is.Null);
                Assert.That((await EnrollmentsAsync(stream.Id)).Select(e => e.Status), Is.All.EqualTo(EnrollmentStatus.Refunded));
            }
        }
    }
}
