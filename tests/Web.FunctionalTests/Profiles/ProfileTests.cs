using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Streaming.Domain.Users;
using Streaming.Infrastructure.Data;

namespace Streaming.Web.FunctionalTests.Profiles;

/// <summary>
/// /me/profile: display name and time zone (the navigation and the times follow at once, without
/// signing out), and the avatar (checked and re-encoded like a class thumbnail, shown to its owner,
/// public for instructors).
/// </summary>
public class ProfileTests : ClassesTestBase
{
    private static readonly Lazy<byte[]> LazyPng = new(() => TestImages.Generate("png", 900, 600));

    private string BlobRoot { get; } = Directory.CreateTempSubdirectory("avatar-blobs-").FullName;

    protected override void Configure(StreamingWebFactory factory)
    {
        factory.Settings["Storage:Provider"] = "Local";
        factory.Settings["Storage:Local:Root"] = BlobRoot;
        factory.Settings["Storage:Local:SigningKey"] = "avatar-tests-signing-key-0123456789abc";
    }

    [OneTimeTearDown]
    public void DeleteBlobRoot()
    {
        if (Directory.Exists(BlobRoot)) Directory.Delete(BlobRoot, recursive: true);
    }

    private Task<UserProfile> ProfileOfAsync(string email) =>
        InScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<ApplicationDbContext>();
            var id = await db.Users.Where(u => u.Email == email).Select(u => u.Id).SingleAsync();
            return await db.Profiles.AsNoTracking().SingleAsync(p => p.Id == id);
        });

    private static async Task<HtmlPage> SaveAsync(PageClient member, string name, string? zone)
    {
        var form = (await member.GetAsync("/me/profile")).Form("#profile-form").Set("DisplayName", name).Set("TimeZone", zone ?? "");
        var response = await member.SubmitAsync(form);
        return response.StatusCode == HttpStatusCode.Redirect ? await member.FollowRedirectAsync(response) : await HtmlPage.ReadAsync(response);
    }

    [Test]
    public async Task The_profile_page_needs_a_login()
    {
        using var visitor = NewVisitor();

        var response = await visitor.Http.GetAsync("/me/profile");

        Assert.That(PageClient.RedirectTarget(response).AbsolutePath, Is.EqualTo("/account/login"));
    }

    [Test]
    public async Task A_new_name_and_zone_show_at_once_in_the_navigation_and_the_times()
    {
        var coach = await InstructorAsync();
        var stream = await ScheduleAsync(coach, "Zoned class", TimeSpan.FromDays(2)); // 2030-01-12 09:00 UTC
        var (member, email) = await SignedInMemberAsync();
        using (member)
        {
            var before = await member.GetAsync($"/streams/{stream.Id}");
            var saved = await SaveAsync(member, "  Ada Lovelace ", "Asia/Tokyo");
            var after = await member.GetAsync($"/streams/{stream.Id}");
            var profile = await ProfileOfAsync(email);

            using (Assert.EnterMultipleScope())
            {
                Assert.That(before.AccountMenuName, Is.EqualTo("Test Member"), "the display name, not the email");
                Assert.That(before.Document.QuerySelector("time")?.TextContent, Does.EndWith("UTC"), "no zone known yet: UTC, which the browser's script rewrites");
                Assert.That(saved.Text, Does.Contain("Your profile is saved."));
                Assert.That(saved.AccountMenuName, Is.EqualTo("Ada Lovelace"), "the cookie was refreshed: no sign-out needed");
                Assert.That(saved.Document.QuerySelector<IHtmlSelectElement>("#TimeZone")?.Value, Is.EqualTo("Asia/Tokyo"));
                Assert.That(after.Document.QuerySelector("time")?.TextContent, Is.EqualTo("Sat 12 Jan, 18:00"), "09:00 UTC is 18:00 in Tokyo");
                Assert.That(profile.DisplayName, Is.EqualTo("Ada Lovelace"));
                Assert.That(profile.TimeZone, Is.EqualTo("Asia/Tokyo"));
            }

            var cleared = await SaveAsync(member, "Ada Lovelace", null);
            Assert.That((await ProfileOfAsync(email)).TimeZone, Is.Null, "back to following the browser");
            Assert.That(cleared.Document.QuerySelector<IHtmlSelectElement>("#TimeZone")?.Value, Is.Empty);
        }
    }

    [TestCase("", "Asia/Tokyo", "DisplayName", "Enter your name.")]
    [TestCase("Ada", "Mars/Base_One", "TimeZone", "That is not a time zone we know. Pick one from the list.")]
    public async Task Bad_input_is_refused_with_a_message_and_nothing_saved(string name, string zone, string field, string message)
    {
        var (member, email) = await SignedInMemberAsync();
        using (member)
        {
            var page = await SaveAsync(member, name, zone);

            using (Assert.EnterMultipleScope())
            {
                Assert.That(page.StatusCode, Is.EqualTo(HttpStatusCode.OK));
                Assert.That(page.Document.QuerySelector($"#{field}-error")?.TextContent, Is.EqualTo(message));
                Assert.That((await ProfileOfAsync(email)).DisplayName, Is.EqualTo("Test Member"));
                Assert.That((await ProfileOfAsync(email)).TimeZone, Is.Null);
            }
        }
    }

    [Test]
    public async Task A_name_over_eighty_characters_is_refused()
    {
        var (member, _) = await SignedInMemberAsync();
        using (member)
        {
            var page = await SaveAsync(member, new string('n', 81), null);

            Assert.That(page.Document.QuerySelector("#DisplayName-error")?.TextContent, Does.Contain("at most 80 characters"));
        }
    }

    [Test]
    public async Task An_avatar_is_re_encoded_shown_to_its_owner_and_removable()
    {
        var (member, email) = await SignedInMemberAsync();
        using var stranger = NewVisitor();
        using (member)
        {
            var form = (await member.GetAsync("/me/profile")).Form("#avatar-form");
            var uploaded = await member.FollowRedirectAsync(await member.SubmitWithFileAsync(form, "file", LazyPng.Value));
            var profile = await ProfileOfAsync(email);
            var navImage = uploaded.Document.QuerySelector("#account-menu img")?.GetAttribute("src");
            var image = await member.Http.GetAsync(navImage);
            var bytes = await image.Content.ReadAsByteArrayAsync();
            var forStranger = await stranger.Http.GetAsync(navImage);

            using (Assert.EnterMultipleScope())
            {
                Assert.That(uploaded.Text, Does.Contain("Your avatar is updated."));
                Assert.That(profile.AvatarPath, Does.StartWith("avatars/").And.EndWith(".jpg"));
                Assert.That(navImage, Does.StartWith($"/profiles/{profile.Id}/avatar?v="));
                Assert.That(image.StatusCode, Is.EqualTo(HttpStatusCode.OK));
                Assert.That(TestImages.IsJpeg(bytes), Is.True);
                Assert.That(TestImages.JpegSize(bytes), Is.EqualTo((256, 171)).Or.EqualTo((256, 170)), "900×600 scaled into 256×256");
                Assert.That(forStranger.StatusCode, Is.EqualTo(HttpStatusCode.NotFound), "a member's avatar is theirs only");
            }

            var removed = await member.FollowRedirectAsync(await member.SubmitAsync((await member.GetAsync("/me/profile")).FormPostingTo("/me/profile/avatar/remove")));
            Assert.That(removed.Text, Does.Contain("Your avatar is removed."));
            Assert.That(removed.Document.QuerySelector("#account-menu img"), Is.Null);
            Assert.That((await member.Http.GetAsync(navImage)).StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
            Assert.That(File.Exists(Path.Combine(BlobRoot, profile.AvatarPath!)), Is.False, "the image is deleted");
        }
    }

    [TestCase("not-an-image.png", "text", "Only JPEG, PNG or WebP images can be used.")]
    [TestCase("broken.png", "corrupt", "The PNG file is damaged and cannot be read.")]
    [TestCase(null, "none", "Choose an image to upload.")]
    public async Task A_file_that_is_not_a_good_image_is_refused_with_a_message(string? fileName, string kind, string message)
    {
        var (member, email) = await SignedInMemberAsync();
        using (member)
        {
            byte[]? file = kind switch
            {
                "text" => "just text, renamed"u8.ToArray(),
                "corrupt" => TestImages.CorruptedPng(),
                _ => null,
            };
            var form = (await member.GetAsync("/me/profile")).Form("#avatar-form");

            var page = await HtmlPage.ReadAsync(await member.SubmitWithFileAsync(form, "file", file, fileName ?? "x.png"));

            Assert.That(page.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(page.Document.QuerySelector("#avatar-error")?.TextContent, Is.EqualTo(message));
            Assert.That((await ProfileOfAsync(email)).AvatarPath, Is.Null);
        }
    }

    [Test]
    public async Task An_instructors_avatar_is_public_and_an_unknown_id_is_a_404()
    {
        var coach = NewVisitor();
        var email = UniqueEmail("coach");
        await RegisterAsync(coach, email, displayName: "Coach Avatar");
        var coachId = (await ProfileOfAsync(email)).Id;
        var stream = await ScheduleAsync(coachId, "With a face");
        using (coach)
        using (var visitor = NewVisitor())
        {
            var form = (await coach.GetAsync("/me/profile")).Form("#avatar-form");
            await coach.SubmitWithFileAsync(form, "file", LazyPng.Value);

            var classPage = await visitor.GetAsync($"/streams/{stream.Id}");
            var anonymous = await visitor.Http.GetAsync(classPage.Document.QuerySelector("#instructor img")?.GetAttribute("src"));
            var unknown = await visitor.Http.GetAsync($"/profiles/{Guid.NewGuid()}/avatar");

            Assert.That(classPage.Document.QuerySelector("#instructor img")?.GetAttribute("src"), Does.StartWith($"/profiles/{coachId}/avatar?v="),
                "the class page shows its instructor's avatar");
            Assert.That(anonymous.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(anonymous.Content.Headers.ContentType?.MediaType, Is.EqualTo("image/jpeg"));
            Assert.That(unknown.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        }
    }
}
