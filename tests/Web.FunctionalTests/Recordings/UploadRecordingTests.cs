using System.Net.Http.Headers;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Streaming.Domain.Notifications;
using Streaming.Domain.Recordings;
using Streaming.Infrastructure.Data;
using Streaming.TestSupport.Recordings;

namespace Streaming.Web.FunctionalTests.Recordings;

/// <summary>A super admin uploads a recording; FFmpeg must find audio or video in it.</summary>
public class UploadRecordingTests : RecordingsTestBase
{
    private string _video = null!;

    [OneTimeSetUp]
    public async Task MakeVideo() =>
        _video = await TestMedia.CreateVideoAsync(Path.Combine(Path.GetTempPath(), $"upload-{Guid.NewGuid():N}.mp4"), 3);

    [OneTimeTearDown]
    public void DeleteVideo() => File.Delete(_video);

    private static async Task<HttpResponseMessage> UploadAsync(PageClient visitor, string type, string product, string title, byte[] file, string fileName)
    {
        var form = (await visitor.GetAsync("/recordings/upload")).Form();
        using var content = new MultipartFormDataContent
        {
            { new StringContent(form.AntiforgeryToken!), HtmlForm.AntiforgeryField },
            { new StringContent(type), "type" },
            { new StringContent(product), "product" },
            { new StringContent(title), "title" },
        };
        var part = new ByteArrayContent(file);
        part.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        content.Add(part, "file", fileName);
        return await visitor.Http.PostAsync("/recordings/upload", content);
    }

    [Test]
    public async Task SuperAdmin_UploadsAVoiceCall_ItIsListed_WithItsMeasuredDuration()
    {
        var (admin, _) = await AdminAsync();
        using (admin)
        {
            var response = await UploadAsync(admin, "voice", "M10", "Ana and +1 555 0199", await File.ReadAllBytesAsync(_video), "call.mp4");

            Assert.That(PageClient.RedirectTarget(response).PathAndQuery, Is.EqualTo("/recordings?tab=calls"));
            var call = await InScopeAsync(sp => sp.GetRequiredService<ApplicationDbContext>().Recordings.AsNoTracking()
                .SingleAsync(c => c.Subject == "Ana and +1 555 0199"));
            var page = await admin.GetAsync("/recordings?tab=calls");
            using (Assert.EnterMultipleScope())
            {
                Assert.That(call.Product, Is.EqualTo(Products.M10));
                Assert.That(call.File!.DurationSeconds, Is.EqualTo(3).Within(0.1));
                Assert.That(call.File.SizeBytes, Is.EqualTo(new FileInfo(_video).Length));
                Assert.That(page.Text, Does.Contain("Call with Ana and +1 555 0199"));
            }

            var download = await admin.Http.GetAsync($"/recordings/download?type=voice&id={call.Id}");
            var file = await admin.Http.GetByteArrayAsync(PageClient.RedirectTarget(download));
            Assert.That(file, Is.EqualTo(await File.ReadAllBytesAsync(_video)));
        }
    }

    [Test]
    public async Task NotAudioOrVideo_IsRefused_WithAMessage()
    {
        var (admin, _) = await AdminAsync();
        using (admin)
        {
            var response = await UploadAsync(admin, "meet", "TipJar", "Fake", "this is not a video"u8.ToArray(), "fake.mp4");
            var page = await HtmlPage.ReadAsync(response);

            Assert.That(page.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(page.FieldMessage("File"), Is.EqualTo("This file is not a recording: FFmpeg found no audio or video in it."));
        }
    }

    [Test]
    public async Task ProductOutsideTheConfiguredSet_IsRefused()
    {
        var (admin, _) = await AdminAsync();
        using (admin)
        {
            var response = await UploadAsync(admin, "meet", "DJDash", "Set", await File.ReadAllBytesAsync(_video), "set.mp4");
            var page = await HtmlPage.ReadAsync(response);

            Assert.That(page.FieldMessage("Product"), Is.EqualTo("Choose one of: TipJar, M10."));
        }
    }

    [TestCase("meet", " ", "Title", "Give the meeting a name.")]
    [TestCase("voice", "", "Title", "Say who was on the call.")]
    [TestCase("meet", "201", "Title", "A meeting name is at most 200 characters.")]
    [TestCase("voice", "301", "Title", "The participants are at most 300 characters.")]
    [TestCase("webinar", "Q&A", "Type", "Choose a meeting or a voice call.")]
    public async Task BadFormFields_AreRefused_OnTheForm_BeforeTheFileIsRead(string type, string title, string field, string message)
    {
        var (admin, _) = await AdminAsync();
        using (admin)
        {
            var written = int.TryParse(title, out var length) ? new string('x', length) : title;
            var response = await UploadAsync(admin, type, "TipJar", written, await File.ReadAllBytesAsync(_video), "talk.mp4");
            var page = await HtmlPage.ReadAsync(response);

            Assert.That(page.StatusCode, Is.EqualTo(HttpStatusCode.OK), "the form again, not an error page");
            Assert.That(page.FieldMessage(field), Is.EqualTo(message));
        }
    }

    [Test]
    public async Task SuperAdmin_UploadingTheirOwnMeeting_IsNotEmailedAboutIt()
    {
        var (admin, adminId) = await AdminAsync();
        using (admin)
        {
            var response = await UploadAsync(admin, "meet", "TipJar", "Uploaded by hand", await File.ReadAllBytesAsync(_video), "talk.mp4");

            Assert.That(PageClient.RedirectTarget(response).PathAndQuery, Is.EqualTo("/recordings"));
            var emails = await InScopeAsync(sp => sp.GetRequiredService<ApplicationDbContext>().OutboxEmails.AsNoTracking()
                .CountAsync(e => e.RecipientId == adminId && e.Kind == EmailKind.RecordingReady));
            Assert.That(emails, Is.Zero, "they attached it themselves");
        }
    }

    [Test]
    public async Task Member_CannotUpload()
    {
        var (member, _) = await UserAsync("member");
        using (member)
        {
            var response = await member.Http.GetAsync("/recordings/upload");

            Assert.That(PageClient.RedirectTarget(response).AbsolutePath, Is.EqualTo("/account/access-denied"));
        }
    }
}
