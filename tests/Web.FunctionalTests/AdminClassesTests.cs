using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Streaming.Domain.Notifications;
using Streaming.Domain.Streams;
using Streaming.Infrastructure.Data;

namespace Streaming.Web.FunctionalTests;

/// <summary>
/// /admin/classes: every class for moderation, filtered and paged, and "Cancel with refunds" —
/// the instructor's own cancellation, so members are refunded once and emailed, even when the
/// admin clicks twice; a reason is kept with the class; nobody but a super admin may use it.
/// </summary>
public class AdminClassesTests : ClassesTestBase
{
    private readonly string _adminEmail = UniqueEmail("admin");

    protected override void Configure(StreamingWebFactory factory)
    {
        base.Configure(factory);
        factory.Settings["Seed:SuperAdmin:Email"] = _adminEmail;
        factory.Settings["Seed:SuperAdmin:Password"] = Password;
        factory.Settings["Seed:SuperAdmin:DisplayName"] = "Root Admin";
    }

    private async Task<PageClient> SignedInAdminAsync()
    {
        var admin = NewVisitor();
        Assert.That((await SubmitLoginAsync(admin, _adminEmail, Password)).StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        return admin;
    }

    private static IReadOnlyList<string> Titles(HtmlPage page) =>
        page.Document.QuerySelectorAll("#classes-table tbody tr td:first-child").Select(td => Collapse(td.TextContent)!).ToList();

    [Test]
    public async Task The_list_filters_by_status_instructor_and_title_and_pages()
    {
        // The fixture's database is shared by its tests: every name here is this test's own.
        var tag = Guid.NewGuid().ToString("N")[..8];
        var maya = await InstructorAsync($"Maya {tag}");
        var leo = await InstructorAsync($"Leo {tag}");
        await ScheduleAsync(maya, $"Morning Yoga Flow {tag}");
        await ScheduleAsync(maya, $"Evening Yoga Stretch {tag}", state: StreamStatus.Cancelled);
        await ScheduleAsync(leo, $"Boxing Basics {tag}", state: StreamStatus.Ended);
        using var admin = await SignedInAdminAsync();

        Assert.That(Titles(await admin.GetAsync($"/admin/classes?search={tag}")),
            Is.EquivalentTo(new[] { $"Morning Yoga Flow {tag}", $"Evening Yoga Stretch {tag}", $"Boxing Basics {tag}" }));
        Assert.That(Titles(await admin.GetAsync($"/admin/classes?status=Cancelled&search={tag}")), Is.EqualTo(new[] { $"Evening Yoga Stretch {tag}" }));
        Assert.That(Titles(await admin.GetAsync($"/admin/classes?instructor=leo+{tag}")), Is.EqualTo(new[] { $"Boxing Basics {tag}" }));
        Assert.That(Titles(await admin.GetAsync($"/admin/classes?search=YOGA+FLOW+{tag}&status=Scheduled")), Is.EqualTo(new[] { $"Morning Yoga Flow {tag}" }));
        var none = await admin.GetAsync($"/admin/classes?search=pilates+{tag}");
        Assert.That(none.Document.QuerySelector("#no-classes")?.TextContent, Is.EqualTo("No classes match these filters."));
        var bad = await admin.GetAsync("/admin/classes?status=Nonsense&page=abc");
        Assert.That(bad.StatusCode, Is.EqualTo(HttpStatusCode.OK), "a bad filter shows every class rather than an error page");

        // Paging: 50 a page, the latest start first.
        await InScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<ApplicationDbContext>();
            for (var i = 0; i < 50; i++)
                db.Streams.Add(LiveStream.Schedule(leo, $"Paged {i:00}", null, "Yoga", Factory.Clock.Now.AddDays(3).AddHours(i), 30, 0, null, Factory.Clock.Now));
            return await db.SaveChangesAsync();
        });
        var first = await admin.GetAsync($"/admin/classes?instructor=leo+{tag}");
        Assert.That(first.Document.QuerySelector("#classes-count")?.TextContent, Is.EqualTo("51 classes, page 1 of 2."));
        Assert.That(Titles(first)[0], Is.EqualTo("Paged 49"));
        var second = await admin.GetAsync($"/admin/classes?instructor=leo+{tag}&page=2");
        Assert.That(second.Document.QuerySelector("a.page-link")?.GetAttribute("href"), Does.Contain($"instructor=leo%20{tag}").Or.Contain($"instructor=leo+{tag}"));
        Assert.That(Titles(second), Is.EqualTo(new[] { $"Boxing Basics {tag}" }));
    }

    [Test]
    public async Task Cancel_with_refunds_refunds_each_member_once_under_a_double_click_emails_them_and_keeps_the_reason()
    {
        var coach = await InstructorAsync("Coach Moderated");
        var stream = await ScheduleAsync(coach, "Questionable Class", price: 5);
        var (member, email) = await SignedInMemberAsync("refunded");
        using (member)
        {
            await GrantAsync(email, 12);
            await EnrollAsync(member, stream.Id);
        }

        Assert.That(await LedgerBalanceAsync(email), Is.EqualTo(7));
        using var admin = await SignedInAdminAsync();
        var list = await admin.GetAsync("/admin/classes?search=questionable");
        var form = list.Form($"tr[data-class-id='{stream.Id}'] form").Set("Reason", "Reported as spam");
        Assert.That(list.Document.QuerySelector($"tr[data-class-id='{stream.Id}'] form")?.GetAttribute("data-confirm"),
            Is.EqualTo("Cancel Questionable Class? The enrolled member is refunded and emailed. This cannot be undone."));

        var answers = await Task.WhenAll(admin.SubmitAsync(form), admin.SubmitAsync(form)); // a double click
        var cancelled = answers.Where(a => a.StatusCode == HttpStatusCode.Redirect).ToList();
        Assert.That(cancelled, Is.Not.Empty, "one of the two clicks cancels");
        var after = await admin.FollowRedirectAsync(cancelled[0]);

        var emails = await InScopeAsync(sp => sp.GetRequiredService<ApplicationDbContext>().OutboxEmails.AsNoTracking()
            .CountAsync(e => e.StreamId == stream.Id && e.Kind == EmailKind.ClassCancelled));
        var refunds = (await LedgerHistoryAsync(email)).Count(e => e.Amount > 0 && e.Reason.Contains("Class cancelled", StringComparison.Ordinal));
        using (Assert.EnterMultipleScope())
        {
            Assert.That(Flash(after), Is.EqualTo("The class is cancelled. 1 member was refunded. Enrolled members are emailed."));
            Assert.That(await LedgerBalanceAsync(email), Is.EqualTo(12), "refunded once");
            Assert.That(refunds, Is.EqualTo(1));
            Assert.That(emails, Is.EqualTo(1));
            Assert.That((await ReadStreamAsync(stream.Id)).CancellationReason, Is.EqualTo("Reported as spam"));
            Assert.That(Collapse(after.Document.QuerySelector($"tr[data-class-id='{stream.Id}']")?.TextContent),
                Does.Contain("Cancelled").And.Contain("Cancelled by an admin: Reported as spam"));
        }

        foreach (var other in answers.Where(a => a.StatusCode != HttpStatusCode.Redirect))
            Assert.That(Collapse((await HtmlPage.ReadAsync(other)).Document.QuerySelector("#moderation-error")?.TextContent),
                Is.EqualTo("You cannot cancel a class that is cancelled."));
    }

    [Test]
    public async Task A_cancellation_without_a_reason_is_answered_in_its_row_and_changes_nothing()
    {
        var coach = await InstructorAsync();
        var stream = await ScheduleAsync(coach, "Needs a reason");
        using var admin = await SignedInAdminAsync();

        var form = (await admin.GetAsync("/admin/classes")).Form($"tr[data-class-id='{stream.Id}'] form").Set("Reason", " ");
        var page = await admin.SubmitForPageAsync(form);

        Assert.That(page.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(Collapse(page.Document.QuerySelector($"#reason-{stream.Id}-error")?.TextContent), Is.EqualTo("Say why (it stays with the class)."));
        Assert.That((await ReadStreamAsync(stream.Id)).Status, Is.EqualTo(StreamStatus.Scheduled));
    }

    [Test]
    public async Task Members_and_instructors_are_refused_the_list_and_the_cancel_and_an_unknown_class_is_a_404()
    {
        var coachEmail = UniqueEmail("coach");
        var coach = await InScopeAsync(async sp => (await sp.GetRequiredService<Application.Common.Interfaces.IIdentityService>()
            .CreateUserAsync(coachEmail, Password, "Coach Own", Domain.Users.Roles.Instructor, CancellationToken.None)).UserId!);
        var stream = await ScheduleAsync(coach, "Not for you");
        var (member, _) = await SignedInMemberAsync("nosy");
        using var instructor = NewVisitor();
        Assert.That((await SubmitLoginAsync(instructor, coachEmail, Password)).StatusCode, Is.EqualTo(HttpStatusCode.Redirect));

        foreach (var visitor in new[] { member, instructor })
        {
            var look = await visitor.Http.GetAsync("/admin/classes");
            Assert.That(PageClient.RedirectTarget(look).AbsolutePath, Is.EqualTo("/account/access-denied"));
            var response = await PostReasonAsync(visitor, await visitor.GetAsync("/"), $"/admin/classes/{stream.Id}/cancel", "Mine");
            Assert.That(PageClient.RedirectTarget(response).AbsolutePath, Is.EqualTo("/account/access-denied"));
        }

        member.Dispose();
        Assert.That((await ReadStreamAsync(stream.Id)).Status, Is.EqualTo(StreamStatus.Scheduled));

        using var admin = await SignedInAdminAsync();
        var unknown = await PostReasonAsync(admin, await admin.GetAsync("/admin/classes"), $"/admin/classes/{Guid.NewGuid()}/cancel", "Gone");
        Assert.That(unknown.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }

    /// <summary>A hand-made POST with a valid antiforgery token (from the page's log-out form) and a reason.</summary>
    private static Task<HttpResponseMessage> PostReasonAsync(PageClient visitor, HtmlPage page, string path, string reason) =>
        visitor.Http.PostAsync(path, new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = page.FormPostingTo("/account/logout").AntiforgeryToken!, ["Reason"] = reason,
        }));

    private Task<LiveStream> ReadStreamAsync(Guid id) =>
        InScopeAsync(sp => sp.GetRequiredService<ApplicationDbContext>().Streams.AsNoTracking().SingleAsync(s => s.Id == id));
}
