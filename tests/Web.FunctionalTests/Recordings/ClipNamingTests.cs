using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Streaming.Domain.Recordings;

namespace Streaming.Web.FunctionalTests.Recordings;

/// <summary>
/// The clip editor as a plain form (no JavaScript): times as m:ss, an optional name, a message on
/// the form for a time it cannot read; renaming on the clip page; the name in the list and the
/// downloaded file's name; another member's clip cannot be renamed.
/// </summary>
public class ClipNamingTests : RecordingsTestBase
{
    [Test]
    public async Task A_named_clip_made_with_minutes_and_seconds_is_shown_renamed_and_downloaded_under_its_name()
    {
        var (owner, ownerId) = await UserAsync("owner");
        using var _ = owner;
        var meeting = await AddMeetingAsync(ownerId, Products.TipJar, "Team sync", await StoreAsync([1, 2, 3]), duration: 90);

        var form = (await owner.GetAsync($"/recordings/clips/new?type=meet&id={meeting}")).Form("#clip-form");
        form.Set("start", "0:10").Set("end", "1:02.5").Set("name", "Launch plan");
        var created = await owner.SubmitAsync(form);
        Assert.That((int)created.StatusCode, Is.EqualTo(302));
        var clipPage = await owner.FollowRedirectAsync(created);
        var clipId = Guid.Parse(clipPage.Url.AbsolutePath.Split('/')[^1]);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(clipPage.Document.QuerySelector("h1")?.TextContent, Is.EqualTo("Launch plan"));
            Assert.That(clipPage.Document.QuerySelector("#clip-range")?.TextContent, Is.EqualTo("0:10–1:02.5 (0:52.5)"));
            Assert.That((await owner.GetAsync("/recordings")).Document.QuerySelector($"[data-clip='{clipId}'] a")?.TextContent, Is.EqualTo("Launch plan"));
        }

        // Renaming works on a ready clip too; the file downloads under the new name.
        await InScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<Streaming.Infrastructure.Data.ApplicationDbContext>();
            var clip = await db.RecordingClips.SingleAsync(c => c.Id == clipId);
            clip.StartProcessing(Factory.Clock.GetUtcNow());
            clip.Complete(await StoreAsync([7, 8, 9]), 3, 52.5, Factory.Clock.GetUtcNow());
            await db.SaveChangesAsync();
            return 0;
        });
        var rename = (await owner.GetAsync($"/recordings/clips/{clipId}")).Form("#clip-rename");
        rename.Set("name", "Launch: final/cut");
        var renamed = await owner.FollowRedirectAsync(await owner.SubmitAsync(rename));
        var download = await owner.Http.GetAsync($"/recordings/download?type=clip&id={clipId}");
        using var file = await owner.Http.GetAsync(PageClient.RedirectTarget(download));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(renamed.Document.QuerySelector("h1")?.TextContent, Is.EqualTo("Launch: final/cut"));
            Assert.That(renamed.Text, Does.Contain("The clip's name was saved."));
            Assert.That(file.Content.Headers.ContentDisposition?.FileNameStar, Is.EqualTo("Launch- final-cut.mp4"));
        }

        rename = renamed.Form("#clip-rename");
        rename.Set("name", "");
        var unnamed = await owner.FollowRedirectAsync(await owner.SubmitAsync(rename));
        Assert.That(unnamed.Document.QuerySelector("h1")?.TextContent, Is.EqualTo("Clip 0:10–1:02.5 of Team sync"));
    }

    [TestCase("1:75", "0:20", "The start: \"1:75\": minutes and seconds go up to 59 after a colon.")]
    [TestCase("0:10", "soon", "The end: \"soon\" is not a time.")]
    [TestCase("", "0:20", "Enter the start, e.g. 1:05.")]
    [TestCase("0:30", "0:20", "The end must be after the start.")]
    [TestCase("0:10", "2:00", "The end cannot be after the end of the recording (1:30).")]
    public async Task A_time_it_cannot_use_is_a_message_on_the_form_with_what_was_typed(string start, string end, string message)
    {
        var (owner, ownerId) = await UserAsync("owner");
        using var _ = owner;
        var meeting = await AddMeetingAsync(ownerId, Products.TipJar, "Team sync", await StoreAsync([1, 2, 3]), duration: 90);

        var form = (await owner.GetAsync($"/recordings/clips/new?type=meet&id={meeting}")).Form("#clip-form");
        form.Set("start", start).Set("end", end).Set("name", "Kept");
        var page = await owner.SubmitForPageAsync(form);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(page.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(string.Join(" ", page.ValidationMessages), Does.Contain(message));
            Assert.That(page.Document.QuerySelector<AngleSharp.Html.Dom.IHtmlInputElement>("#start")?.Value, Is.EqualTo(start));
            Assert.That(page.Document.QuerySelector<AngleSharp.Html.Dom.IHtmlInputElement>("#end")?.Value, Is.EqualTo(end));
            Assert.That(page.Document.QuerySelector<AngleSharp.Html.Dom.IHtmlInputElement>("#name")?.Value, Is.EqualTo("Kept"));
        }
    }

    [Test]
    public async Task Another_members_clip_cannot_be_renamed()
    {
        var (owner, ownerId) = await UserAsync("owner");
        var (other, _) = await UserAsync("other");
        using var __ = owner;
        using var ___ = other;
        var meeting = await AddMeetingAsync(ownerId, Products.TipJar, "Team sync", await StoreAsync([1, 2, 3]));
        var clip = await AddClipAsync(ownerId, meeting, Products.TipJar, await StoreAsync([4, 5]));
        var form = (await owner.GetAsync($"/recordings/clips/{clip}")).Form("#clip-rename");
        form.Set("name", "Taken over");
        var theirToken = (await other.GetAsync("/account/login")).Form().AntiforgeryToken;

        using var content = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            [HtmlForm.AntiforgeryField] = theirToken ?? "",
            ["name"] = "Taken over",
        });
        var response = await other.Http.PostAsync($"/recordings/clips/{clip}/rename", content);
        var page = await owner.GetAsync($"/recordings/clips/{clip}");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
            Assert.That(page.Document.QuerySelector("h1")?.TextContent, Is.EqualTo("Clip 0:01–0:11 of Team sync"));
        }
    }
}
