using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Streaming.Application.Common.Jobs;
using Streaming.Infrastructure.Data;
using Streaming.Infrastructure.Jobs;

namespace Streaming.Web.FunctionalTests.Workouts;

/// <summary>
/// /admin/jobs with Quartz running in the app (schedules moved to 2099, so only "Run now" starts a job):
/// every job with its schedule and next run, "Run now" behind antiforgery, the recorded run.
/// </summary>
public class AdminJobsPageTests : WebTestBase
{
    private const string Never = "0 0 0 1 1 ? 2099";
    private readonly string _adminEmail = UniqueEmail("admin");

    protected override void Configure(StreamingWebFactory factory)
    {
        factory.Settings["Seed:SuperAdmin:Email"] = _adminEmail;
        factory.Settings["Seed:SuperAdmin:Password"] = Password;
        factory.Settings["Jobs:Enabled"] = "true";
        factory.Settings["Jobs:InstanceId"] = "web-test";
        foreach (var job in JobsRegistration.Definitions) factory.Settings[$"Jobs:Schedules:{job.Name}"] = Never;
    }

    private async Task<PageClient> SignedInAdminAsync()
    {
        var admin = NewVisitor();
        Assert.That((await SubmitLoginAsync(admin, _adminEmail, Password)).StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        return admin;
    }

    private static IElement Card(HtmlPage page, string job) =>
        page.Document.QuerySelector($"[data-job='{job}']") ?? throw new AssertionException($"No card for {job} on {page}");

    [Test]
    public async Task The_super_admin_sees_every_job_and_runs_the_cleanup_now()
    {
        using var admin = await SignedInAdminAsync();
        var page = await admin.GetAsync("/admin/jobs");

        Assert.That(page.StatusCode, Is.EqualTo(HttpStatusCode.OK), page.ToString());
        Assert.That(page.Document.QuerySelectorAll("[data-job]").Select(c => c.GetAttribute("data-job")),
            Is.EqualTo(JobsRegistration.Definitions.Select(d => d.Name)));
        var card = Card(page, JobNames.RecordingCleanup);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(card.QuerySelector(".schedule")?.TextContent.Trim(), Is.EqualTo(Never));
            Assert.That(card.QuerySelector(".next-run time")?.GetAttribute("datetime"), Does.StartWith("2099-01-01T00:00:00"));
            Assert.That(card.QuerySelector(".last-run")?.TextContent, Does.Contain("never"));
            Assert.That(page.Document.QuerySelector("#jobs-disabled"), Is.Null);
        }

        var started = await admin.FollowRedirectAsync(await admin.SubmitAsync(page.FormPostingTo($"/admin/jobs/{JobNames.RecordingCleanup}/run")));
        Assert.That(started.Document.QuerySelector("#flash")?.TextContent, Does.Contain("is starting"));

        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (await InScopeAsync(sp => sp.GetRequiredService<ApplicationDbContext>().JobRuns
                   .AnyAsync(r => r.JobName == JobNames.RecordingCleanup && r.FinishedAt != null)) == false)
        {
            if (DateTime.UtcNow > deadline) Assert.Fail("The cleanup did not run within 60 s of Run now");
            await Task.Delay(100);
        }

        var after = Card(await admin.GetAsync("/admin/jobs"), JobNames.RecordingCleanup);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(after.QuerySelector(".outcome")?.TextContent, Is.EqualTo("Succeeded"));
            Assert.That(after.QuerySelector(".items")?.TextContent, Is.EqualTo("0 done, 0 failed"));
            Assert.That(after.QuerySelector(".last-run")?.TextContent, Does.Contain("run now"));
            Assert.That(after.QuerySelector(".last-error")?.TextContent, Does.Contain("none"));
        }
    }

    [Test]
    public async Task Run_now_needs_the_antiforgery_token_and_a_known_job()
    {
        using var admin = await SignedInAdminAsync();
        var page = await admin.GetAsync("/admin/jobs");

        var noToken = await admin.Http.PostAsync($"/admin/jobs/{JobNames.WorkoutCatalog}/run", new FormUrlEncodedContent([]));
        var unknown = await admin.SubmitAsync(page.FormPostingTo($"/admin/jobs/{JobNames.WorkoutCatalog}/run").PostTo("/admin/jobs/no-such-job/run"));

        Assert.That(noToken.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(unknown.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }

    [Test]
    public async Task A_member_cannot_see_or_run_the_jobs()
    {
        var (member, _) = await SignedInMemberAsync();
        using (member)
        {
            Assert.That(PageClient.RedirectTarget(await member.Http.GetAsync("/admin/jobs")).AbsolutePath, Is.EqualTo("/account/access-denied"));
            var form = (await member.GetAsync("/")).FormPostingTo("/account/logout").PostTo($"/admin/jobs/{JobNames.RecordingCleanup}/run");
            Assert.That(PageClient.RedirectTarget(await member.SubmitAsync(form)).AbsolutePath, Is.EqualTo("/account/access-denied"));
        }
    }
}
