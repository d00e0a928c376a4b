using System.Security.Cryptography;

namespace Streaming.Web.FunctionalTests.Instructor;

/// <summary>
/// What the thumbnail tests share: local blob storage in a temporary folder per fixture (never the
/// repository), real images made once by FFmpeg, the edit page's upload form, and the stored
/// thumbnail as the database, the storage folder and the public URL have it.
/// </summary>
public abstract class ThumbnailsTestBase : InstructorTestBase
{
    private static readonly Lazy<byte[]> LazyPng = new(() => TestImages.Generate("png"));
    private static readonly Lazy<byte[]> LazyOtherJpeg = new(() => TestImages.Generate("jpg", 800, 600, "smptebars"));

    /// <summary>A real 1920×1080 PNG.</summary>
    protected static byte[] Png => LazyPng.Value;

    /// <summary>A real 800×600 JPEG that looks nothing like <see cref="Png"/>.</summary>
    protected static byte[] OtherJpeg => LazyOtherJpeg.Value;

    protected string BlobRoot { get; } = Directory.CreateTempSubdirectory("thumbnail-blobs-").FullName;

    protected override void Configure(StreamingWebFactory factory)
    {
        factory.Settings["Storage:Provider"] = "Local";
        factory.Settings["Storage:Local:Root"] = BlobRoot;
        factory.Settings["Storage:Local:SigningKey"] = "thumbnail-tests-signing-key-0123456789";
    }

    [OneTimeTearDown]
    public void DeleteBlobRoot()
    {
        if (Directory.Exists(BlobRoot)) Directory.Delete(BlobRoot, recursive: true);
    }

    /// <summary>A new visitor with its own cookies (the Kestrel fixture points it at the real port).</summary>
    protected virtual PageClient NewClient() => NewVisitor();

    /// <summary>An instructor made the way a person becomes one (sign-up, then the access code), on <see cref="NewClient"/>.</summary>
    protected async Task<Teacher> CoachAsync(string displayName = "Coach Thumbnails")
    {
        var visitor = NewClient();
        var email = UniqueEmail("teacher");
        await RegisterAsync(visitor, email, displayName: displayName);
        var form = (await visitor.GetAsync("/account/become-instructor")).Form().Set("AccessCode", StreamingWebFactory.InstructorAccessCode);
        var response = await visitor.SubmitAsync(form);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), (await HtmlPage.ReadAsync(response)).ToString());
        return new Teacher(visitor, email, await UserIdAsync(email), displayName);
    }

    protected static string UploadPath(Guid streamId) => $"{Dashboard}/{streamId}/thumbnail";

    protected static string ImagePath(Guid streamId) => $"/streams/{streamId}/thumbnail";

    /// <summary>The edit page's thumbnail form (asserting the page loads).</summary>
    protected static async Task<HtmlForm> ThumbnailFormAsync(PageClient instructor, Guid streamId)
    {
        var page = await instructor.GetAsync($"{Dashboard}/{streamId}/edit");
        Assert.That(page.StatusCode, Is.EqualTo(HttpStatusCode.OK), page.ToString());
        var form = page.Form("#thumbnail-form");
        Assert.That(form.Action.AbsolutePath, Is.EqualTo(UploadPath(streamId)));
        return form;
    }

    /// <summary>Chooses <paramref name="file"/> in the edit page's form and presses Upload (or posts auto=true as the broadcast page does).</summary>
    protected static async Task<HttpResponseMessage> UploadAsync(
        PageClient instructor, Guid streamId, byte[]? file, string fileName = "cover.png", string contentType = "image/png", bool auto = false) =>
        await instructor.SubmitWithFileAsync(await ThumbnailFormAsync(instructor, streamId), "file", file, fileName, contentType,
            auto ? [KeyValuePair.Create("auto", "true")] : null);

    /// <summary>Uploads through the form and returns the edit page the redirect lands on.</summary>
    protected static async Task<HtmlPage> UploadAndFollowAsync(
        PageClient instructor, Guid streamId, byte[]? file, string fileName = "cover.png", string contentType = "image/png")
    {
        var response = await UploadAsync(instructor, streamId, file, fileName, contentType);
        if (response.StatusCode != HttpStatusCode.Redirect)
            Assert.Fail($"The upload did not redirect: {await HtmlPage.ReadAsync(response)}");
        Assert.That(PageClient.RedirectTarget(response).AbsolutePath, Is.EqualTo($"{Dashboard}/{streamId}/edit"));
        return await instructor.FollowRedirectAsync(response);
    }

    /// <summary>A class of <paramref name="owner"/> that already has <see cref="Png"/> as its thumbnail.</summary>
    protected async Task<(Guid Id, string Key, byte[] Served)> ClassWithThumbnailAsync(Teacher owner, string title = "Morning Mobility")
    {
        var stream = await ScheduleAsync(owner.Id, title);
        var page = await UploadAndFollowAsync(owner.Visitor, stream.Id, Png);
        Assert.That(Flash(page), Is.EqualTo("The thumbnail is updated."), page.ToString());
        var key = await ThumbnailKeyAsync(stream.Id) ?? throw new AssertionException("No thumbnail was stored.");
        var served = await ServedAsync(stream.Id) ?? throw new AssertionException("The thumbnail is not served.");
        return (stream.Id, key, served);
    }

    protected async Task<string?> ThumbnailKeyAsync(Guid streamId) => (await StoredAsync(streamId))?.ThumbnailPath;

    /// <summary>The files the storage folder holds for the class's thumbnails.</summary>
    protected IReadOnlyList<string> ThumbnailFiles(Guid streamId)
    {
        var folder = Path.Combine(BlobRoot, "thumbnails", streamId.ToString("N"));
        return Directory.Exists(folder)
            ? Directory.GetFiles(folder).Select(f => Path.GetRelativePath(BlobRoot, f).Replace('\\', '/')).Order().ToList()
            : [];
    }

    /// <summary>GET /streams/{id}/thumbnail as an anonymous visitor: the bytes, or null on 404 (anything else fails).</summary>
    protected async Task<byte[]?> ServedAsync(Guid streamId)
    {
        using var visitor = NewClient();
        using var response = await visitor.Http.GetAsync(await CurrentImagePathAsync(streamId));
        if (response.StatusCode == HttpStatusCode.NotFound) return null;
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("image/jpeg"));
        return await response.Content.ReadAsByteArrayAsync();
    }

    /// <summary>The image's URL as pages show it: with the current version (the bare path when there is no thumbnail).</summary>
    protected async Task<string> CurrentImagePathAsync(Guid streamId) =>
        await ThumbnailKeyAsync(streamId) is { } key
            ? $"{ImagePath(streamId)}?v={Streaming.Application.Streams.Queries.GetThumbnail.GetThumbnailHandler.VersionOf(key)}"
            : ImagePath(streamId);

    protected static string Hash(byte[] bytes) => Convert.ToHexString(SHA256.HashData(bytes));

    /// <summary>The &lt;img class="thumb-img"&gt; a page shows for the class (null when it shows the placeholder).</summary>
    protected static IElement? ThumbnailImage(IParentNode scope) => scope.QuerySelector("img.thumb-img");
}
