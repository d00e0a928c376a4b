using Streaming.Application.Streams.Commands.UpdateStream;
using Streaming.Domain.Enrollments;
using Streaming.Domain.Users;

namespace Streaming.Web.FunctionalTests.Enrollments;

/// <summary>
/// The waitlist through the pages: a full class offers "Join the waitlist" (nothing charged), shows
/// the place in line and "Leave the waitlist" (with a confirmation); a cancellation or a larger
/// capacity gives the seat to the first in line, whose "My classes" says so.
/// </summary>
public class WaitlistPageTests : ClassesTestBase
{
    private const int Price = 5;

    private async Task<(Streaming.Domain.Streams.LiveStream Stream, PageClient Seated, string Instructor)> FullClassAsync()
    {
        var instructor = await InstructorAsync("Coach Full");
        var stream = await ScheduleAsync(instructor, "Full house HIIT", TimeSpan.FromDays(3), price: Price, capacity: 1);
        var (seated, email) = await SignedInMemberAsync("seated");
        await GrantAsync(email, 20);
        await EnrollAsync(seated, stream.Id);
        return (stream, seated, instructor);
    }

    private static async Task<HtmlPage> PostAsync(PageClient visitor, HtmlPage page, string formSelector) =>
        await visitor.FollowRedirectAsync(await visitor.SubmitAsync(page.Form(formSelector)));

    [Test]
    public async Task Members_join_the_line_and_a_cancelled_seat_goes_to_the_first_who_pays_only_then()
    {
        var (stream, seated, _) = await FullClassAsync();
        var (first, firstEmail) = await SignedInMemberAsync("first");
        var (second, secondEmail) = await SignedInMemberAsync("second");
        await GrantAsync(firstEmail, 20);
        using (seated)
        using (first)
        using (second)
        {
            var page = await first.GetAsync($"/streams/{stream.Id}");
            Assert.That(page.Document.QuerySelector("#enroll-form"), Is.Null);
            Assert.That(Collapse(page.Document.QuerySelector("#waitlist")?.TextContent), Does.Contain("Class full").And.Contain("Nothing is charged now."));

            var joined = await PostAsync(first, page, "#waitlist-form");
            Assert.That(Flash(joined), Is.EqualTo("You joined the waitlist as number 1."), "a confirmation, not the page's explanation twice");
            Assert.That(Collapse(joined.Document.QuerySelector("#waitlist-place")?.TextContent), Does.Contain("You are number 1 on the waitlist"));
            Assert.That(joined.Document.QuerySelector("#waitlist form")?.GetAttribute("data-confirm"), Does.StartWith("Leave the waitlist of Full house HIIT?"));
            Assert.That(await LedgerBalanceAsync(firstEmail), Is.EqualTo(20), "nothing charged for a place in line");
            var secondJoined = await PostAsync(second, await second.GetAsync($"/streams/{stream.Id}"), "#waitlist-form");
            Assert.That(Flash(secondJoined), Is.EqualTo("You joined the waitlist as number 2."));

            // The seated member cancels: the first in line gets the seat and pays now.
            var myClasses = await seated.GetAsync("/me/classes");
            await seated.SubmitAsync(myClasses.Form("li.my-class form"));

            Assert.That(await LedgerBalanceAsync(firstEmail), Is.EqualTo(20 - Price));
            var firstClasses = await first.GetAsync("/me/classes");
            Assert.That(Collapse(firstClasses.Document.QuerySelector($"li.my-class[data-stream-id='{stream.Id}']")?.TextContent), Does.Contain("Full house HIIT"));
            Assert.That(Collapse(firstClasses.Document.QuerySelector("#waitlist")?.TextContent),
                Does.Contain($"A seat freed up in Full house HIIT and it is yours: you are enrolled ({Price} tokens paid)."));
            var secondClasses = await second.GetAsync("/me/classes");
            Assert.That(Collapse(secondClasses.Document.QuerySelector("#waitlist")?.TextContent), Does.Contain("Number 1 in line"));

            // The second leaves the line.
            var left = await PostAsync(second, await second.GetAsync($"/streams/{stream.Id}"), "#waitlist form");
            Assert.That(Flash(left), Is.EqualTo("You left the waitlist of Full house HIIT."));
            Assert.That(left.Document.QuerySelector("#waitlist-form"), Is.Not.Null, "they may join again");
        }
    }

    [Test]
    public async Task A_member_too_short_of_tokens_is_skipped_with_a_notice_when_the_instructor_adds_a_seat()
    {
        var (stream, seated, instructor) = await FullClassAsync();
        var (poor, poorEmail) = await SignedInMemberAsync("poor");
        var (rich, richEmail) = await SignedInMemberAsync("rich");
        await GrantAsync(poorEmail, 2);
        await GrantAsync(richEmail, 20);
        using (seated)
        using (poor)
        using (rich)
        {
            await PostAsync(poor, await poor.GetAsync($"/streams/{stream.Id}"), "#waitlist-form");
            await PostAsync(rich, await rich.GetAsync($"/streams/{stream.Id}"), "#waitlist-form");

            var edit = await SendAsAsync(instructor, new Streaming.Application.Streams.Queries.GetEditForm.GetEditFormQuery(stream.Id, "UTC"), Roles.Instructor);
            edit.Capacity = 2;
            await SendAsAsync(instructor, (UpdateStreamCommand)edit, Roles.Instructor);

            Assert.That(await LedgerBalanceAsync(poorEmail), Is.EqualTo(2));
            Assert.That(await LedgerBalanceAsync(richEmail), Is.EqualTo(20 - Price));
            var poorPage = await poor.GetAsync($"/streams/{stream.Id}");
            Assert.That(Collapse(poorPage.Document.QuerySelector("#waitlist-notice")?.TextContent),
                Is.EqualTo($"A seat freed up in Full house HIIT, but your balance (2 tokens) was below its price ({Price} tokens), so it went to the next in line. Top up your tokens and join the waitlist again."));
            Assert.That((await EnrollmentsAsync(stream.Id)).Count(e => e.Status == EnrollmentStatus.Active), Is.EqualTo(2));
        }
    }
}
