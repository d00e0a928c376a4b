using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Streaming.Application.Common.Interfaces;
using Streaming.Domain.Recordings;
using Streaming.Domain.Users;
using Streaming.Infrastructure.Data;
using Streaming.Infrastructure.Identity;

namespace Streaming.Web.FunctionalTests.Recordings;

/// <summary>
/// The app with local blob storage in a temporary folder and a seeded super admin; helpers that
/// add meetings, calls and clips with real files, and visitors signed in with each role.
/// </summary>
public abstract class RecordingsTestBase : WebTestBase
{
    protected readonly string AdminEmail = UniqueEmail("admin");

    protected string BlobRoot { get; private set; } = null!;

    protected override void Configure(StreamingWebFactory factory)
    {
        BlobRoot = Directory.CreateTempSubdirectory("recordings-blobs-").FullName;
        factory.Settings["Seed:SuperAdmin:Email"] = AdminEmail;
        factory.Settings["Seed:SuperAdmin:Password"] = Password;
        factory.Settings["Storage:Provider"] = "Local";
        factory.Settings["Storage:Local:Root"] = BlobRoot;
        factory.Settings["Storage:Local:SigningKey"] = "functional-tests-signing-key-0123456789";
    }

    [OneTimeTearDown]
    public void DeleteBlobs()
    {
        if (BlobRoot is not null && Directory.Exists(BlobRoot)) Directory.Delete(BlobRoot, recursive: true);
    }

    protected async Task<PageClient> SignedInAsync(string email)
    {
        var visitor = NewVisitor();
        var response = await SubmitLoginAsync(visitor, email, Password);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), $"{email} can log in");
        return visitor;
    }

    /// <summary>A new account with <paramref name="role"/> (Member unless said), signed in; returns the visitor and the account id.</summary>
    protected async Task<(PageClient Visitor, string Id)> UserAsync(string prefix, string? role = null)
    {
        var email = UniqueEmail(prefix);
        using (var registering = NewVisitor()) await RegisterAsync(registering, email);
        var id = (await FindUserAsync(email))!.Id;
        if (role is not null)
        {
            await InScopeAsync(async sp =>
            {
                var users = sp.GetRequiredService<UserManager<ApplicationUser>>();
                return await users.AddToRoleAsync((await users.FindByIdAsync(id))!, role);
            });
        }

        return (await SignedInAsync(email), id);
    }

    protected async Task<(PageClient Visitor, string Id)> AdminAsync() =>
        (await SignedInAsync(AdminEmail), (await FindUserAsync(AdminEmail))!.Id);

    /// <summary>Stores <paramref name="content"/> in the app's blob storage and returns the key.</summary>
    protected Task<string> StoreAsync(byte[] content, string extension = ".mp4") =>
        InScopeAsync(async sp =>
        {
            var key = $"test/{Guid.NewGuid():N}{extension}";
            await sp.GetRequiredService<IBlobStorage>().PutAsync(key, new MemoryStream(content), "video/mp4", CancellationToken.None);
            return key;
        });

    protected Task<Guid> AddMeetingAsync(string ownerId, string product, string name, string? location, double duration = 60, long size = 100) =>
        InScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<ApplicationDbContext>();
            var room = Recording.OpenMeeting(product, ownerId, name, Factory.Clock.GetUtcNow());
            if (location is not null) room.AttachFile(RecordingFile.Create(location, size, duration, Factory.Clock.GetUtcNow()), ownerId);
            db.Recordings.Add(room);
            await db.SaveChangesAsync();
            return room.Id;
        });

    protected Task<Guid> AddCallAsync(string ownerId, string product, string participants, string location, double duration = 60) =>
        InScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<ApplicationDbContext>();
            var call = Recording.OpenCall(product, ownerId, participants, Factory.Clock.GetUtcNow());
            call.AttachFile(RecordingFile.Create(location, 100, duration, Factory.Clock.GetUtcNow()), ownerId);
            db.Recordings.Add(call);
            await db.SaveChangesAsync();
            return call.Id;
        });

    /// <summary>A clip of a meeting, Ready with <paramref name="location"/> when given, else Pending.</summary>
    protected Task<Guid> AddClipAsync(string ownerId, Guid meetingId, string product, string? location) =>
        InScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<ApplicationDbContext>();
            var now = Factory.Clock.GetUtcNow();
            var clip = RecordingClip.Request(meetingId, product, ownerId, 1, 11, 60, TimeSpan.FromMinutes(10), now);
            if (location is not null)
            {
                clip.StartProcessing(now);
                clip.Complete(location, 10, 10, now);
            }

            db.RecordingClips.Add(clip);
            await db.SaveChangesAsync();
            return clip.Id;
        });
}
