using Streaming.Domain.Enrollments;
using Streaming.Domain.Streams;

namespace Streaming.Web.FunctionalTests.Enrollments;

/// <summary>
/// POST /streams/{id}/enroll through the real class page: the form, its antiforgery token, the
/// cookies, the redirect and the flash message — and what the ledger and "My classes" say after.
/// </summary>
public class EnrollmentTests : ClassesTestBase
{
    private async Task<(PageClient Visitor, string Email)> MemberWithTokensAsync(int tokens, string prefix = "member")
    {
        var (visitor, email) = await SignedInMemberAsync(prefix);
        if (tokens > 0) await GrantAsync(email, tokens);
        return (visitor, email);
    }

    /// <summary>The message a refused enrollment shows: the class page's #flash-error after the redirect, or the 4xx page's text.</summary>
    private static async Task<string> RefusalAsync(PageClient visitor, HttpResponseMessage response)
    {
        Assert.That((int)response.StatusCode, Is.LessThan(500), $"never a server error: {await HtmlPage.ReadAsync(response)}");
        if ((int)response.StatusCode is >= 300 and < 400)
        {
            var page = await visitor.FollowRedirectAsync(response);
            return FlashError(page) ?? throw new AssertionException($"No #flash-error after the redirect: {page}");
        }

        var errorPage = await HtmlPage.ReadAsync(response);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Conflict).Or.EqualTo(HttpStatusCode.BadRequest), errorPage.ToString());
        return errorPage.Text;
    }

    private static async Task<IReadOnlyList<HistoryRow>> TokenHistoryAsync(PageClient visitor)
    {
        var page = await visitor.GetAsync("/tokens");
        Assert.That(page.StatusCode, Is.EqualTo(HttpStatusCode.OK), page.ToString());
        return HistoryRows(page);
    }

    private static async Task<IReadOnlyList<string>> MyClassTitlesAsync(PageClient visitor)
    {
        var page = await visitor.GetAsync("/me/classes");
        Assert.That(page.StatusCode, Is.EqualTo(HttpStatusCode.OK), page.ToString());
        return page.Document.QuerySelectorAll("li.my-class a.fw-semibold").Select(a => a.TextContent.Trim()).ToList();
    }

    [Test]
    public async Task An_anonymous_enroll_is_sent_to_log_in_and_comes_back_to_the_class()
    {
        var coach = await InstructorAsync();
        var stream = await ScheduleAsync(coach, price: 0);
        var (registered, email) = await SignedInMemberAsync();
        registered.Dispose();
        using var visitor = NewVisitor();

        var response = await visitor.Http.PostAsync($"/streams/{stream.Id}/enroll", new FormUrlEncodedContent([]));

        var target = PageClient.RedirectTarget(response);
        Assert.That(target.AbsolutePath, Is.EqualTo("/account/login"));
        Assert.That(Uri.UnescapeDataString(target.Query), Is.EqualTo($"?ReturnUrl=/streams/{stream.Id}/enroll"));
        Assert.That(await EnrollmentsAsync(stream.Id), Is.Empty);

        // Logging in from that page lands back on the class (GET of the enroll URL redirects to it).
        var login = await SubmitLoginAsync(visitor, email, Password, target.PathAndQuery);
        Assert.That(PageClient.RedirectTarget(login).AbsolutePath, Is.EqualTo($"/streams/{stream.Id}/enroll"));
        var back = await visitor.Http.GetAsync(PageClient.RedirectTarget(login));
        Assert.That(PageClient.RedirectTarget(back).AbsolutePath, Is.EqualTo($"/streams/{stream.Id}"));
        var details = await visitor.FollowRedirectAsync(back);
        Assert.That(details.Form("#enroll-form").AntiforgeryToken, Is.Not.Empty, "signed in now, the Enroll button is there");
    }

    [Test]
    public async Task Enrolling_in_a_paid_class_charges_the_price_once_and_shows_the_new_balance()
    {
        var coach = await InstructorAsync();
        var stream = await ScheduleAsync(coach, "Power hour", price: 7);
        var (member, email) = await MemberWithTokensAsync(20);
        using (member)
        {
            var before = await member.GetAsync($"/streams/{stream.Id}");
            Assert.That(NavBalance(before), Is.EqualTo(20));

            var page = await EnrollAsync(member, stream.Id);

            using (Assert.EnterMultipleScope())
            {
                Assert.That(Flash(page), Is.EqualTo("You are enrolled in Power hour. 7 tokens paid; your balance is now 13."));
                Assert.That(FlashError(page), Is.Null);
                Assert.That(NavBalance(page), Is.EqualTo(13), "the navigation shows the new balance");
                Assert.That(page.Document.QuerySelector("#enrolled-note")?.TextContent, Is.EqualTo("You are enrolled in this class."));
                Assert.That(page.Document.QuerySelector("#enroll-form"), Is.Null, "no second Enroll button");
                Assert.That(page.Document.QuerySelectorAll(".badge").Select(b => b.TextContent.Trim()), Does.Contain("Enrolled"));
                Assert.That(await MyClassTitlesAsync(member), Is.EqualTo(new[] { "Power hour" }));
                Assert.That(await LedgerBalanceAsync(email), Is.EqualTo(13));
                var enrollment = (await EnrollmentsAsync(stream.Id)).Single();
                Assert.That(enrollment.Status, Is.EqualTo(EnrollmentStatus.Active));
                Assert.That(enrollment.TokensPaid, Is.EqualTo(7));
                Assert.That(enrollment.LedgerTransactionId, Is.Not.Null.And.Not.Empty);
            }
        }
    }

    [Test]
    public async Task Not_enough_tokens_says_the_balance_and_the_price_and_enrolls_nobody()
    {
        var coach = await InstructorAsync();
        var stream = await ScheduleAsync(coach, "Too dear", price: 5);
        var (member, email) = await MemberWithTokensAsync(3);
        using (member)
        {
            var response = await member.SubmitAsync(await EnrollFormAsync(member, stream.Id));

            Assert.That(PageClient.RedirectTarget(response).AbsolutePath, Is.EqualTo($"/streams/{stream.Id}"));
            var page = await member.FollowRedirectAsync(response);
            using (Assert.EnterMultipleScope())
            {
                Assert.That(FlashError(page), Is.EqualTo("Not enough tokens: this class costs 5 and your balance is 3."));
                Assert.That(Flash(page), Is.Null);
                Assert.That(NavBalance(page), Is.EqualTo(3));
                Assert.That(page.Document.QuerySelector("#enrolled-note"), Is.Null);
                Assert.That(page.Form("#enroll-form"), Is.Not.Null, "they can try again after buying tokens");
                Assert.That(await MyClassTitlesAsync(member), Is.Empty);
                Assert.That(await LedgerBalanceAsync(email), Is.EqualTo(3));
                Assert.That((await LedgerHistoryAsync(email)).Select(l => l.Kind), Is.EqualTo(new[] { "Grant" }));
                Assert.That((await EnrollmentsAsync(stream.Id)).Where(e => e.HoldsSeat), Is.Empty, "no seat is held");
            }
        }
    }

    [Test]
    public async Task Enrolling_again_says_already_enrolled_and_charges_nothing_more()
    {
        var coach = await InstructorAsync();
        var stream = await ScheduleAsync(coach, "Twice", price: 4);
        var (member, email) = await MemberWithTokensAsync(10);
        using (member)
        {
            // The same form twice: a double click, or the Back button and Enroll again.
            var form = await EnrollFormAsync(member, stream.Id);
            await member.FollowRedirectAsync(await member.SubmitAsync(form));
            var again = await member.SubmitAsync(form);

            var page = await member.FollowRedirectAsync(again);
            var history = await TokenHistoryAsync(member);
            using (Assert.EnterMultipleScope())
            {
                Assert.That(Flash(page) ?? FlashError(page), Is.EqualTo("You are already enrolled in this class."));
                Assert.That(NavBalance(page), Is.EqualTo(6));
                Assert.That(history.Count(r => r.Kind == "Enrollment"), Is.EqualTo(1), string.Join(" | ", history));
                Assert.That(await LedgerBalanceAsync(email), Is.EqualTo(6));
                Assert.That(await EnrollmentsAsync(stream.Id), Has.Count.EqualTo(1));
            }
        }
    }

    [Test]
    public async Task A_free_class_enrolls_without_touching_the_balance()
    {
        var coach = await InstructorAsync();
        var stream = await ScheduleAsync(coach, "Free flow", price: 0);
        var (rich, richEmail) = await MemberWithTokensAsync(10);
        var (broke, brokeEmail) = await MemberWithTokensAsync(0, "broke");
        using (rich)
        using (broke)
        {
            var richPage = await EnrollAsync(rich, stream.Id);
            var brokePage = await EnrollAsync(broke, stream.Id);

            using (Assert.EnterMultipleScope())
            {
                Assert.That(Flash(richPage), Is.EqualTo("You are enrolled in Free flow."));
                Assert.That(NavBalance(richPage), Is.EqualTo(10));
                Assert.That(Flash(brokePage), Is.EqualTo("You are enrolled in Free flow."));
                Assert.That(NavBalance(brokePage), Is.EqualTo(0));
                Assert.That(brokePage.Document.QuerySelector("#enrolled-note"), Is.Not.Null);
                Assert.That((await LedgerHistoryAsync(richEmail)).Select(l => l.Kind), Is.EqualTo(new[] { "Grant" }));
                Assert.That(await LedgerHistoryAsync(brokeEmail), Is.Empty);
                Assert.That((await EnrollmentsAsync(stream.Id)).Select(e => e.Status), Is.All.EqualTo(EnrollmentStatus.Active));
                Assert.That(await MyClassTitlesAsync(broke), Is.EqualTo(new[] { "Free flow" }));
            }
        }
    }

    [Test]
    public async Task A_live_class_still_takes_enrollments()
    {
        var coach = await InstructorAsync();
        var stream = await ScheduleAsync(coach, "On air", price: 2, state: StreamStatus.Live);
        var (member, _) = await MemberWithTokensAsync(5);
        using (member)
        {
            var page = await EnrollAsync(member, stream.Id);

            Assert.That(Flash(page), Does.StartWith("You are enrolled in On air."));
            Assert.That(NavBalance(page), Is.EqualTo(3));
        }
    }

    [TestCase(StreamStatus.Cancelled, "cancelled")]
    [TestCase(StreamStatus.Ended, "ended")]
    public async Task Enrolling_in_someone_elses_closed_class_is_refused_with_a_message_and_no_charge(StreamStatus state, string word)
    {
        var coach = await InstructorAsync();
        var stream = await ScheduleAsync(coach, $"Closed {word}", price: 3, state: state);
        var (member, email) = await MemberWithTokensAsync(10);
        using (member)
        {
            // The page offers no Enroll button, so the request is made by hand, with a valid token.
            var details = await member.GetAsync($"/streams/{stream.Id}");
            Assert.That(details.Document.QuerySelector("#enroll-form"), Is.Null);
            var form = TokenFormPostingTo(details, $"/streams/{stream.Id}/enroll");

            var message = await RefusalAsync(member, await member.SubmitAsync(form));

            using (Assert.EnterMultipleScope())
            {
                Assert.That(message, Does.Contain($"This class is {word} and no longer takes enrollments."));
                Assert.That(await LedgerBalanceAsync(email), Is.EqualTo(10));
                Assert.That(await EnrollmentsAsync(stream.Id), Is.Empty);
                Assert.That(await MyClassTitlesAsync(member), Is.Empty);
            }
        }
    }

    /// <summary>
    /// Regression: a class whose instructor never went live stays Scheduled, and enrollment only
    /// looked at the status — a day after its scheduled end the member was still charged for it,
    /// past the cancellation window, with no way to get the tokens back.
    /// </summary>
    [Test]
    public async Task A_scheduled_class_whose_time_has_passed_takes_no_money()
    {
        var coach = await InstructorAsync();
        var stream = await ScheduleAsync(coach, "No-show class", TimeSpan.FromHours(1), price: 4);
        var (member, email) = await MemberWithTokensAsync(10);
        var start = Factory.Clock.Now;
        using (member)
        {
            try
            {
                Factory.Clock.Now = start + TimeSpan.FromDays(1); // the instructor never went live

                var page = await member.GetAsync($"/streams/{stream.Id}");
                var response = await member.SubmitAsync(TokenFormPostingTo(page, $"/streams/{stream.Id}/enroll"));

                Assert.That((int)response.StatusCode, Is.LessThan(500));
                Assert.That(await LedgerBalanceAsync(email), Is.EqualTo(10), "no charge for a class that is over");
                Assert.That((await EnrollmentsAsync(stream.Id)).Where(e => e.IsActive), Is.Empty);
            }
            finally
            {
                Factory.Clock.Now = start;
            }
        }
    }

    [Test]
    public async Task Enrolling_in_a_class_that_does_not_exist_is_a_404()
    {
        var (member, email) = await MemberWithTokensAsync(10);
        using (member)
        {
            var form = TokenFormPostingTo(await member.GetAsync("/streams"), $"/streams/{Guid.NewGuid()}/enroll");

            var page = await member.SubmitForPageAsync(form);

            Assert.That(page.StatusCode, Is.EqualTo(HttpStatusCode.NotFound), page.ToString());
            Assert.That(page.Document.QuerySelector("h1")?.TextContent, Is.EqualTo("Page not found"));
            Assert.That(await LedgerBalanceAsync(email), Is.EqualTo(10));
        }
    }

    [Test]
    public async Task A_post_without_the_antiforgery_token_is_a_400_and_enrolls_nobody()
    {
        var coach = await InstructorAsync();
        var stream = await ScheduleAsync(coach, price: 2);
        var (member, email) = await MemberWithTokensAsync(10);
        using (member)
        {
            var form = (await EnrollFormAsync(member, stream.Id)).Remove(HtmlForm.AntiforgeryField);

            var response = await member.SubmitAsync(form, requireToken: false);

            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(await EnrollmentsAsync(stream.Id), Is.Empty);
            Assert.That(await LedgerBalanceAsync(email), Is.EqualTo(10));
        }
    }

    [Test]
    public async Task A_full_class_says_so_and_charges_nothing()
    {
        var coach = await InstructorAsync();
        var stream = await ScheduleAsync(coach, "One seat", price: 2, capacity: 1);
        var (first, _) = await MemberWithTokensAsync(10, "first");
        var (late, lateEmail) = await MemberWithTokensAsync(10, "late");
        using (first)
        using (late)
        {
            var lateForm = await EnrollFormAsync(late, stream.Id); // the page was open before the seat went
            await EnrollAsync(first, stream.Id);

            var fullPage = await late.GetAsync($"/streams/{stream.Id}");
            var message = await RefusalAsync(late, await late.SubmitAsync(lateForm));

            using (Assert.EnterMultipleScope())
            {
                Assert.That(fullPage.Document.QuerySelector("#enroll-form"), Is.Null);
                Assert.That(fullPage.Document.QuerySelector("main button[disabled]")?.TextContent.Trim(), Is.EqualTo("Class full"));
                Assert.That(message, Does.Contain("This class is full."));
                Assert.That(await LedgerBalanceAsync(lateEmail), Is.EqualTo(10));
                Assert.That((await EnrollmentsAsync(stream.Id)).Count(e => e.HoldsSeat), Is.EqualTo(1));
            }
        }
    }

    /// <summary>
    /// Regression: the Enroll form carried no price, so a member who clicked "Enroll for 5 tokens"
    /// was charged 50 when the instructor changed the price meanwhile (allowed until the first payment).
    /// </summary>
    [Test]
    public async Task A_member_is_never_charged_more_than_the_price_on_the_button_they_clicked()
    {
        var coach = await InstructorAsync();
        var stream = await ScheduleAsync(coach, "Price hike", price: 5);
        var (member, email) = await MemberWithTokensAsync(100);
        using (member)
        {
            var page = await member.GetAsync($"/streams/{stream.Id}");
            Assert.That(Collapse(page.Document.QuerySelector("#enroll-form button")?.TextContent), Is.EqualTo("Enroll for 5 tokens"));
            var form = page.Form("#enroll-form");
            await ChangeStreamAsync(stream.Id, (s, _) => s.ChangePrice(50, hasPaidEnrollments: false));

            var response = await member.SubmitAsync(form);

            Assert.That((int)response.StatusCode, Is.LessThan(500));
            var charged = -(await LedgerHistoryAsync(email)).Where(l => l.Kind == "Enrollment").Sum(l => l.Amount);
            Assert.That(charged, Is.LessThanOrEqualTo(5), "the member agreed to pay 5 tokens");
        }
    }

    [Test]
    [CancelAfter(60_000)]
    public async Task Twenty_parallel_enroll_posts_from_one_member_make_one_seat_and_one_charge()
    {
        var coach = await InstructorAsync();
        var stream = await ScheduleAsync(coach, "Rush", price: 5, capacity: 30);
        var (member, email) = await MemberWithTokensAsync(100);
        using (member)
        {
            var form = await EnrollFormAsync(member, stream.Id);

            var responses = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => member.SubmitAsync(form)));

            var statuses = responses.Select(r => (int)r.StatusCode).ToList();
            Assert.That(statuses, Is.All.EqualTo(302), string.Join(", ", statuses));
            Assert.That(responses.Select(r => PageClient.RedirectTarget(r).AbsolutePath).Distinct(), Is.EqualTo(new[] { $"/streams/{stream.Id}" }));

            var enrollments = await EnrollmentsAsync(stream.Id);
            var ledger = await LedgerHistoryAsync(email);
            var page = await member.GetAsync($"/streams/{stream.Id}");
            var history = await TokenHistoryAsync(member);
            using (Assert.EnterMultipleScope())
            {
                Assert.That(enrollments.Select(e => e.Status), Is.EqualTo(new[] { EnrollmentStatus.Active }), "exactly one seat");
                Assert.That(ledger.Count(l => l.Kind == "Enrollment"), Is.EqualTo(1), "exactly one deduction");
                Assert.That(await LedgerBalanceAsync(email), Is.EqualTo(95));
                Assert.That(NavBalance(page), Is.EqualTo(95));
                Assert.That(history.Count(r => r.Kind == "Enrollment"), Is.EqualTo(1));
                Assert.That(Collapse(page.Document.QuerySelector("#spots")?.TextContent), Is.EqualTo("29 of 30 left"), "one seat taken");
            }
        }
    }
}
