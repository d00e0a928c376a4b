namespace Streaming.Web.FunctionalTests.Instructor;

/// <summary>
/// Who may change a thumbnail (only the owner: another instructor gets 404, a member 403, a visitor
/// the login page), the broadcast page's automatic capture (auto=true never replaces a thumbnail),
/// and the public image URL.
/// </summary>
public class ThumbnailsAccessTests : ThumbnailsTestBase
{
    [Test]
    public async Task Another_instructors_class_id_is_a_404_and_nothing_changes()
    {
        using var owner = await SignedInInstructorAsync("Owner");
        using var intruder = await SignedInInstructorAsync("Intruder");
        var (theirs, key, served) = await ClassWithThumbnailAsync(owner);
        var untouched = await ScheduleAsync(owner.Id, "Owner's bare class");
        var own = await ScheduleAsync(intruder.Id, "Intruder's class");

        // The intruder's genuine upload form (with their token), re-aimed at the owner's classes.
        var answers = new Dictionary<string, HttpStatusCode>();
        foreach (var (target, auto) in new[] { (theirs, false), (theirs, true), (untouched.Id, false), (untouched.Id, true) })
        {
            var form = (await ThumbnailFormAsync(intruder.Visitor, own.Id)).PostTo(UploadPath(target));
            var response = await intruder.Visitor.SubmitWithFileAsync(form, "file", OtherJpeg, "mine.jpg", "image/jpeg",
                auto ? [KeyValuePair.Create("auto", "true")] : null);
            answers[$"{target} auto={auto}"] = response.StatusCode;
        }

        using (Assert.EnterMultipleScope())
        {
            foreach (var (what, status) in answers) Assert.That(status, Is.EqualTo(HttpStatusCode.NotFound), what);
            Assert.That(await ThumbnailKeyAsync(theirs), Is.EqualTo(key));
            Assert.That(Hash((await ServedAsync(theirs))!), Is.EqualTo(Hash(served)));
            Assert.That(ThumbnailFiles(theirs), Is.EqualTo(new[] { key }), "no file was written for the owner's class");
            Assert.That(await ThumbnailKeyAsync(untouched.Id), Is.Null);
            Assert.That(ThumbnailFiles(untouched.Id), Is.Empty);
            Assert.That(await ThumbnailKeyAsync(own.Id), Is.Null, "the intruder's own class was not changed either");
        }
    }

    [Test]
    public async Task An_unknown_class_id_is_a_404()
    {
        using var coach = await SignedInInstructorAsync();
        var own = await ScheduleAsync(coach.Id);
        var form = (await ThumbnailFormAsync(coach.Visitor, own.Id)).PostTo(UploadPath(Guid.NewGuid()));

        var response = await coach.Visitor.SubmitWithFileAsync(form, "file", Png);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }

    [Test]
    public async Task A_member_gets_403_and_nothing_changes()
    {
        using var owner = await SignedInInstructorAsync();
        var (id, key, _) = await ClassWithThumbnailAsync(owner);
        var (member, _) = await SignedInMemberAsync();
        using (member)
        {
            var form = TokenFormPostingTo(await member.GetAsync("/"), UploadPath(id));

            var response = await member.SubmitWithFileAsync(form, "file", OtherJpeg, "mine.jpg", "image/jpeg");

            Assert.That(PageClient.RedirectTarget(response).AbsolutePath, Is.EqualTo("/account/access-denied"));
            Assert.That((await member.FollowRedirectAsync(response)).StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
            Assert.That(await ThumbnailKeyAsync(id), Is.EqualTo(key));
            Assert.That(ThumbnailFiles(id), Is.EqualTo(new[] { key }));
        }
    }

    [Test]
    public async Task An_anonymous_visitor_is_sent_to_log_in_and_nothing_changes()
    {
        using var owner = await SignedInInstructorAsync();
        var (id, key, _) = await ClassWithThumbnailAsync(owner);
        using var visitor = NewVisitor();
        // The login page's form carries a valid antiforgery token for this visitor.
        var form = (await visitor.GetAsync("/account/login")).Form().PostTo(UploadPath(id));

        var response = await visitor.SubmitWithFileAsync(form, "file", OtherJpeg, "mine.jpg", "image/jpeg");

        var target = PageClient.RedirectTarget(response);
        Assert.That(target.AbsolutePath, Is.EqualTo("/account/login"));
        Assert.That(target.Query, Does.Contain(Uri.EscapeDataString(UploadPath(id))));
        Assert.That(await ThumbnailKeyAsync(id), Is.EqualTo(key));
        Assert.That(ThumbnailFiles(id), Is.EqualTo(new[] { key }));
    }

    [Test]
    public async Task Automatic_capture_keeps_an_existing_thumbnail()
    {
        using var coach = await SignedInInstructorAsync();
        var (id, key, served) = await ClassWithThumbnailAsync(coach);

        var response = await UploadAsync(coach.Visitor, id, OtherJpeg, "frame.jpg", "image/jpeg", auto: true);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
            Assert.That(await ThumbnailKeyAsync(id), Is.EqualTo(key));
            Assert.That(Hash((await ServedAsync(id))!), Is.EqualTo(Hash(served)));
            Assert.That(ThumbnailFiles(id), Is.EqualTo(new[] { key }));
        }
    }

    [Test]
    public async Task Automatic_capture_sets_the_thumbnail_when_there_is_none()
    {
        using var coach = await SignedInInstructorAsync();
        var stream = await ScheduleAsync(coach.Id);

        var response = await UploadAsync(coach.Visitor, stream.Id, OtherJpeg, "frame.jpg", "image/jpeg", auto: true);

        var served = await ServedAsync(stream.Id);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
            Assert.That(await ThumbnailKeyAsync(stream.Id), Is.Not.Null);
            Assert.That(served, Is.Not.Null);
            Assert.That(TestImages.JpegSize(served!), Is.EqualTo((800, 600)));
        }
    }

    [Test]
    public async Task Automatic_capture_of_a_broken_frame_is_a_400_and_sets_nothing()
    {
        using var coach = await SignedInInstructorAsync();
        var stream = await ScheduleAsync(coach.Id);

        var broken = await UploadAsync(coach.Visitor, stream.Id, TestImages.CorruptedPng(), auto: true);
        var empty = await UploadAsync(coach.Visitor, stream.Id, null, auto: true);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(broken.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(empty.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(await ThumbnailKeyAsync(stream.Id), Is.Null);
            Assert.That(ThumbnailFiles(stream.Id), Is.Empty);
        }
    }

    [Test]
    public async Task The_image_of_a_class_without_one_or_of_an_unknown_class_is_a_404()
    {
        using var coach = await SignedInInstructorAsync();
        var bare = await ScheduleAsync(coach.Id);
        using var visitor = NewVisitor();

        using var withoutOne = await visitor.Http.GetAsync(ImagePath(bare.Id));
        using var unknown = await visitor.Http.GetAsync(ImagePath(Guid.NewGuid()));

        Assert.That(withoutOne.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(unknown.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }

    [Test]
    public async Task The_image_is_public_like_the_catalog()
    {
        using var coach = await SignedInInstructorAsync();
        var (id, _, served) = await ClassWithThumbnailAsync(coach);
        using var visitor = NewVisitor();

        using var response = await visitor.Http.GetAsync(await CurrentImagePathAsync(id));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("image/jpeg"));
        Assert.That(await response.Content.ReadAsByteArrayAsync(), Is.EqualTo(served));
    }
}
