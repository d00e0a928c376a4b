namespace Streaming.Web.FunctionalTests.Instructor;

/// <summary>
/// The owner uploads a thumbnail on the edit page: a real image becomes a web-sized JPEG used by
/// the details page, the catalog and the dashboard; anything else is refused with a message and
/// leaves the current thumbnail as it was.
/// </summary>
public class ThumbnailsUploadTests : ThumbnailsTestBase
{
    [Test]
    public async Task A_real_png_becomes_a_jpeg_of_at_most_1280x720_shown_on_details_catalog_and_dashboard()
    {
        using var coach = await SignedInInstructorAsync();
        var stream = await ScheduleAsync(coach.Id, "Sunrise Flow");
        using var visitor = NewVisitor();
        var before = await visitor.GetAsync($"/streams/{stream.Id}");
        Assert.That(ThumbnailImage(before.Document), Is.Null, "no image before the upload");
        Assert.That(Collapse(before.Document.QuerySelector("div.thumb")?.TextContent), Is.EqualTo("SF"), "the placeholder shows the initials");
        Assert.That(await ServedAsync(stream.Id), Is.Null, "GET thumbnail is a 404 before the upload");

        var edit = await UploadAndFollowAsync(coach.Visitor, stream.Id, Png, "holiday photo.png", "image/png");

        var key = await ThumbnailKeyAsync(stream.Id);
        var details = await visitor.GetAsync($"/streams/{stream.Id}");
        var src = ThumbnailImage(details.Document)?.GetAttribute("src");
        var card = (await visitor.GetAsync("/streams")).Document.QuerySelector($"article.stream-card[data-stream-id='{stream.Id}']");
        var row = Row(await DashboardAsync(coach.Visitor), stream.Id);
        using var response = await visitor.Http.GetAsync(src);
        var jpeg = await response.Content.ReadAsByteArrayAsync();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(Flash(edit), Is.EqualTo("The thumbnail is updated."));
            Assert.That(FlashError(edit), Is.Null);
            Assert.That(key, Does.StartWith($"thumbnails/{stream.Id:N}/").And.EndWith(".jpg"));
            Assert.That(ThumbnailFiles(stream.Id), Is.EqualTo(new[] { key }), "exactly the stored file is in the storage folder");
            Assert.That(src, Does.StartWith($"{ImagePath(stream.Id)}?v="));
            Assert.That(details.Document.QuerySelector("div.thumb"), Is.Null, "the placeholder is gone");
            Assert.That(ThumbnailImage(card!)?.GetAttribute("src"), Is.EqualTo(src), "the catalog card shows it");
            Assert.That(ThumbnailImage(row)?.GetAttribute("src"), Is.EqualTo(src), "the dashboard row shows it");
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("image/jpeg"));
            Assert.That(TestImages.IsJpeg(jpeg), Is.True, "the served bytes are a JPEG, not the PNG");
            Assert.That(TestImages.JpegSize(jpeg), Is.EqualTo((1280, 720)));
            Assert.That(jpeg, Is.EqualTo(File.ReadAllBytes(Path.Combine(BlobRoot, key!))));
        }
    }

    [TestCase("jpg", "image/jpeg", 800, 600, 800, 600, TestName = "A small JPEG keeps its size (no upscaling)")]
    [TestCase("webp", "image/webp", 720, 1280, 405, 720, TestName = "A portrait WebP is scaled into 1280x720 with its aspect ratio")]
    [TestCase("png", "image/png", 3000, 1000, 1280, 427, TestName = "A panorama PNG is scaled into 1280x720 with its aspect ratio")]
    public async Task Other_formats_and_shapes_are_normalised(string extension, string contentType, int width, int height, int expectedWidth, int expectedHeight)
    {
        using var coach = await SignedInInstructorAsync();
        var stream = await ScheduleAsync(coach.Id);
        var image = TestImages.Generate(extension, width, height);

        var edit = await UploadAndFollowAsync(coach.Visitor, stream.Id, image, $"upload.{extension}", contentType);

        var served = await ServedAsync(stream.Id);
        Assert.That(Flash(edit), Is.EqualTo("The thumbnail is updated."), edit.ToString());
        Assert.That(served, Is.Not.Null);
        var (w, h) = TestImages.JpegSize(served!);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(w, Is.InRange(expectedWidth - 1, expectedWidth + 1));
            Assert.That(h, Is.InRange(expectedHeight - 1, expectedHeight + 1));
            Assert.That((double)w / h, Is.EqualTo((double)width / height).Within(1).Percent, "aspect ratio preserved");
        }
    }

    [Test]
    public async Task Replacing_the_thumbnail_serves_the_new_image_and_removes_the_old_file()
    {
        using var coach = await SignedInInstructorAsync();
        var (id, oldKey, oldServed) = await ClassWithThumbnailAsync(coach);
        var oldSrc = ThumbnailImage((await coach.Visitor.GetAsync($"/streams/{id}")).Document)?.GetAttribute("src");

        var edit = await UploadAndFollowAsync(coach.Visitor, id, OtherJpeg, "bars.jpg", "image/jpeg");

        var newKey = await ThumbnailKeyAsync(id);
        var served = await ServedAsync(id);
        var newSrc = ThumbnailImage((await coach.Visitor.GetAsync($"/streams/{id}")).Document)?.GetAttribute("src");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(Flash(edit), Is.EqualTo("The thumbnail is updated."));
            Assert.That(newKey, Is.Not.EqualTo(oldKey));
            Assert.That(ThumbnailFiles(id), Is.EqualTo(new[] { newKey }), "the old file was deleted");
            Assert.That(Hash(served!), Is.Not.EqualTo(Hash(oldServed)));
            Assert.That(TestImages.JpegSize(served!), Is.EqualTo((800, 600)));
            Assert.That(newSrc, Is.Not.EqualTo(oldSrc), "the URL changes so browsers do not keep the cached image");
        }
    }

    private static IEnumerable<TestCaseData> RefusedFiles()
    {
        yield return new TestCaseData("notes.png", "image/png", (Func<byte[]>)(() => "Just some text, not an image at all.\n"u8.ToArray()),
            "Only JPEG, PNG or WebP images can be used.").SetName("A text file renamed .png is refused");
        yield return new TestCaseData("cover.png", "image/png", (Func<byte[]>)(() => TestImages.CorruptedPng()),
            "The PNG file is damaged and cannot be read.").SetName("A corrupted PNG (valid signature, garbage after) is refused");
        yield return new TestCaseData("half.png", "image/png", (Func<byte[]>)(() => Png[..(Png.Length / 2)]),
            "The PNG file").SetName("A truncated PNG is refused");
        yield return new TestCaseData("anim.gif", "image/gif", (Func<byte[]>)(() => TestImages.Generate("gif", 320, 240)),
            "Only JPEG, PNG or WebP images can be used.").SetName("A GIF is refused");
        yield return new TestCaseData("huge.png", "image/png", (Func<byte[]>)(() => TestImages.OversizedPng(5 * 1024 * 1024 + 300 * 1024)),
            "The image is larger than 5 MB.").SetName("A file just over 5 MB is refused with a message");
        yield return new TestCaseData("empty.png", "image/png", (Func<byte[]>)(() => []),
            "Choose an image file to upload.").SetName("An empty file is refused");
    }

    [TestCaseSource(nameof(RefusedFiles))]
    public async Task A_refused_file_shows_the_reason_and_leaves_the_thumbnail_unchanged(string fileName, string contentType, Func<byte[]> file, string message)
    {
        using var coach = await SignedInInstructorAsync();
        var (id, key, served) = await ClassWithThumbnailAsync(coach);

        var edit = await UploadAndFollowAsync(coach.Visitor, id, file(), fileName, contentType);

        var after = await ServedAsync(id);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(FlashError(edit), Does.StartWith(message), edit.ToString());
            Assert.That(Flash(edit), Is.Null, "no success message");
            Assert.That(edit.Document.QuerySelector("#thumbnail-form"), Is.Not.Null, "the form is there to try again");
            Assert.That(await ThumbnailKeyAsync(id), Is.EqualTo(key));
            Assert.That(ThumbnailFiles(id), Is.EqualTo(new[] { key }), "nothing new was written");
            Assert.That(after is null ? null : Hash(after), Is.EqualTo(Hash(served)));
        }
    }

    [Test]
    public async Task No_file_chosen_asks_for_one()
    {
        using var coach = await SignedInInstructorAsync();
        var stream = await ScheduleAsync(coach.Id);

        var edit = await UploadAndFollowAsync(coach.Visitor, stream.Id, null);

        Assert.That(FlashError(edit), Is.EqualTo("Choose an image file to upload."));
        Assert.That(await ThumbnailKeyAsync(stream.Id), Is.Null);
    }
}
