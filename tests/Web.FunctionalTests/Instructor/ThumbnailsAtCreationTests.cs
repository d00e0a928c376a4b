namespace Streaming.Web.FunctionalTests.Instructor;

/// <summary>The "Schedule a class" form takes an optional thumbnail: stored with the new class, or refused on its edit page.</summary>
public class ThumbnailsAtCreationTests : ThumbnailsTestBase
{
    [Test]
    public async Task An_image_chosen_in_the_create_form_becomes_the_new_class_thumbnail()
    {
        var coach = await CoachAsync();
        using var _ = coach.Visitor;
        var form = Fill(await NewClassFormAsync(coach.Visitor), "Pictured from the start", new DateTime(2030, 3, 4, 9, 0, 0), "Europe/Paris");

        var response = await coach.Visitor.SubmitWithFileAsync(form, "thumbnail", Png);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), (await HtmlPage.ReadAsync(response)).ToString());
        var target = PageClient.RedirectTarget(response);
        Assert.That(target.AbsolutePath, Is.EqualTo(Dashboard));
        var id = Guid.Parse(System.Web.HttpUtility.ParseQueryString(target.Query)["highlight"]!);
        Assert.That(await ThumbnailKeyAsync(id), Is.Not.Null, "the thumbnail is stored with the class");
        Assert.That(await ServedAsync(id), Is.Not.Null, "and served to visitors");
    }

    [Test]
    public async Task A_file_that_is_no_image_schedules_the_class_and_says_so_on_its_edit_page()
    {
        var coach = await CoachAsync();
        using var _ = coach.Visitor;
        var form = Fill(await NewClassFormAsync(coach.Visitor), "Text instead of a picture", new DateTime(2030, 3, 4, 9, 0, 0), "Europe/Paris");

        var response = await coach.Visitor.SubmitWithFileAsync(form, "thumbnail", "not an image at all"u8.ToArray(), "cover.png");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), (await HtmlPage.ReadAsync(response)).ToString());
        var target = PageClient.RedirectTarget(response);
        Assert.That(target.AbsolutePath, Does.Match($"^{Dashboard}/[0-9a-f-]{{36}}/edit$"), "the class exists; its edit page offers another try");
        var edit = await coach.Visitor.FollowRedirectAsync(response);
        Assert.That(FlashError(edit), Does.StartWith("\"Text instead of a picture\" is scheduled, but its image was refused:"));
        var id = Guid.Parse(target.AbsolutePath.Split('/')[^2]);
        Assert.That(await StoredAsync(id), Is.Not.Null);
        Assert.That(await ThumbnailKeyAsync(id), Is.Null, "no thumbnail was kept");
    }
}
