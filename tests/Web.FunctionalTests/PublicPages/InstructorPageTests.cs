using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Streaming.Application.Common.Interfaces;
using Streaming.Domain.Streams;
using Streaming.Domain.Users;
using Streaming.Infrastructure.Data;

namespace Streaming.Web.FunctionalTests.PublicPages;

/// <summary>
/// /instructors/{id}: photo (or initials), bio, followers, live and upcoming classes only, the links
/// to it from the catalog and the class page, the bio written on the profile page, and a 404 page for
/// an id that is not an instructor's.
/// </summary>
public class InstructorPageTests : ClassesTestBase
{
    private static IReadOnlyList<string> UpcomingTitles(HtmlPage page) =>
        page.Document.QuerySelectorAll("#upcoming article.stream-card .card-title").Select(t => Collapse(t.TextContent)!).ToList();

    /// <summary>A class whose time is over without it going live (the domain only schedules in the future, so its start is moved back in the table).</summary>
    private async Task<LiveStream> MissedAsync(string coach, string title)
    {
        var stream = await ScheduleAsync(coach, title);
        var start = Factory.Clock.Now.AddHours(-3);
        await InScopeAsync(sp => sp.GetRequiredService<ApplicationDbContext>().Streams.Where(s => s.Id == stream.Id)
            .ExecuteUpdateAsync(u => u.SetProperty(s => s.ScheduledStart, start)));
        return stream;
    }

    [Test]
    public async Task Shows_live_and_upcoming_classes_only_with_initials_for_a_coach_without_a_photo()
    {
        var coach = await InstructorAsync("Coach Page Test");
        var later = await ScheduleAsync(coach, "Page later", TimeSpan.FromDays(3));
        var sooner = await ScheduleAsync(coach, "Page sooner", TimeSpan.FromDays(1));
        var live = await ScheduleAsync(coach, "Page live", TimeSpan.FromDays(5), state: StreamStatus.Live);
        await ScheduleAsync(coach, "Page cancelled", TimeSpan.FromDays(2), state: StreamStatus.Cancelled);
        await ScheduleAsync(coach, "Page ended", state: StreamStatus.Ended);
        await MissedAsync(coach, "Page missed");
        using var visitor = NewVisitor();

        var page = await visitor.GetAsync($"/instructors/{coach}");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(page.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(page.Title, Is.EqualTo("Coach Page Test · Streaming"));
            Assert.That(page.Document.QuerySelector("h1")?.TextContent, Is.EqualTo("Coach Page Test"));
            Assert.That(UpcomingTitles(page), Is.EqualTo(new[] { live.Title, sooner.Title, later.Title }));
            Assert.That(Collapse(page.Document.QuerySelector("#upcoming-count")?.TextContent), Is.EqualTo("3 upcoming classes"));
            Assert.That(page.Document.QuerySelector(".profile-header .avatar-initials")?.TextContent, Is.EqualTo("CP"));
            Assert.That(page.Document.QuerySelector(".profile-header .avatar-initials")?.GetAttribute("aria-label"), Is.EqualTo("Coach Page Test"));
            Assert.That(page.Document.QuerySelector("#bio"), Is.Null, "no bio written yet");
            Assert.That(page.Document.QuerySelector("#followers")?.TextContent, Is.EqualTo("0 followers"));
            Assert.That(page.Document.QuerySelector("main a[href^='/account/login']")?.TextContent, Is.EqualTo("Log in to follow"));
        }
    }

    [Test]
    public async Task An_instructor_without_classes_has_a_page_that_says_so()
    {
        var coach = await InstructorAsync("Coach Quiet");
        var (member, _) = await SignedInMemberAsync();
        using (member)
        {
            var page = await member.GetAsync($"/instructors/{coach}");

            using (Assert.EnterMultipleScope())
            {
                Assert.That(page.StatusCode, Is.EqualTo(HttpStatusCode.OK));
                Assert.That(page.Document.QuerySelector("#upcoming"), Is.Null);
                Assert.That(Collapse(page.Document.QuerySelector("#no-upcoming")?.TextContent),
                    Is.EqualTo("No classes scheduled right now. Follow to hear about the next one."));
                Assert.That(page.Document.QuerySelector("form.follow-form button")?.TextContent, Is.EqualTo("Follow"));
                Assert.That(page.Document.QuerySelector("#workouts"), Is.Null);
            }
        }
    }

    [TestCase("not-a-user")]
    [TestCase("0b0e5b2c-6f55-4a55-9b4f-6a4a0c3d7e11")]
    public async Task An_unknown_id_answers_the_not_found_page(string id)
    {
        using var visitor = NewVisitor();

        var page = await visitor.GetAsync($"/instructors/{id}");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(page.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
            Assert.That(page.Document.QuerySelector("h1")?.TextContent, Is.EqualTo("Page not found"));
        }
    }

    [Test]
    public async Task The_catalog_and_the_class_page_link_to_the_instructor()
    {
        var coach = await InstructorAsync("Coach Linked");
        var stream = await ScheduleAsync(coach, "Linked class");
        using var visitor = NewVisitor();

        var catalog = await visitor.GetAsync($"/streams?instructor={coach}");
        var details = await visitor.GetAsync($"/streams/{stream.Id}");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(catalog.Document.QuerySelector($"article.stream-card a.instructor-link")?.GetAttribute("href"), Is.EqualTo($"/instructors/{coach}"));
            Assert.That(details.Document.QuerySelector($"#instructor a[href='/instructors/{coach}']")?.TextContent, Is.EqualTo("Coach Linked"));
        }
    }

    [Test]
    public async Task A_bio_written_on_the_profile_shows_on_the_instructor_page()
    {
        var (coach, email) = await SignedInMemberAsync("coach");
        using (coach)
        using (var visitor = NewVisitor())
        {
            var coachId = await UserIdAsync(email);
            await InScopeAsync(async sp =>
            {
                await sp.GetRequiredService<IIdentityService>().AddToRoleAsync(coachId, Roles.Instructor);
                return true;
            });
            var form = (await coach.GetAsync("/me/profile")).Form("#profile-form").Set("Bio", "  Ten years of yoga.\nStrong flows, every level.  ");
            var saved = await coach.FollowRedirectAsync(await coach.SubmitAsync(form));
            var tooLong = await coach.SubmitForPageAsync((await coach.GetAsync("/me/profile")).Form("#profile-form").Set("Bio", new string('x', UserProfile.BioMaxLength + 1)));

            var page = await visitor.GetAsync($"/instructors/{coachId}");
            var stored = await InScopeAsync(sp => sp.GetRequiredService<ApplicationDbContext>().Profiles.AsNoTracking().SingleAsync(p => p.Id == coachId));

            using (Assert.EnterMultipleScope())
            {
                Assert.That(saved.Document.QuerySelector("#Bio")?.TextContent, Is.EqualTo("Ten years of yoga.\nStrong flows, every level."));
                Assert.That(page.Document.QuerySelector("#bio")?.TextContent, Is.EqualTo("Ten years of yoga.\nStrong flows, every level."));
                Assert.That(tooLong.StatusCode, Is.EqualTo(HttpStatusCode.OK));
                Assert.That(tooLong.Document.QuerySelector("#Bio-error")?.TextContent, Is.EqualTo("Your bio can be at most 1000 characters long."));
                Assert.That(stored.Bio, Is.EqualTo("Ten years of yoga.\nStrong flows, every level."), "the refused bio did not replace the saved one");
            }
        }
    }
}
