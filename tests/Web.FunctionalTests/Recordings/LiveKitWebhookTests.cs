using System.Net.Http.Headers;
using System.Text;
using Microsoft.EntityFrameworkCore;
using MediatR;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using MimeKit;
using Streaming.Application.Notifications.Commands.SendQueuedEmails;
using Streaming.Domain.Notifications;
using Streaming.Infrastructure.Email;
using Streaming.Infrastructure.Recordings.LiveKit;
using Streaming.Domain.Recordings;
using Streaming.Infrastructure.Data;

namespace Streaming.Web.FunctionalTests.Recordings;

/// <summary>The LiveKit Egress webhook over real HTTP: only authentic, complete egress results are stored, once.</summary>
public class LiveKitWebhookTests : RecordingsTestBase
{
    private const string ApiKey = "APIdemoKey";
    private const string ApiSecret = "livekit-secret-for-the-functional-tests";

    protected override void Configure(StreamingWebFactory factory)
    {
        base.Configure(factory);
        factory.Settings["LiveKit:ApiKey"] = ApiKey;
        factory.Settings["LiveKit:ApiSecret"] = ApiSecret;
    }

    private static string Body(Guid roomId, string egressId, string status = "EGRESS_COMPLETE", string @event = "egress_ended") => $$$"""
        {"event":"{{{@event}}}","id":"EV_1","createdAt":"1893574800",
         "egressInfo":{"egressId":"{{{egressId}}}","roomId":"RM_x","roomName":"{{{roomId}}}","status":"{{{status}}}",
           "startedAt":"1893574800000000000","endedAt":"1893575100000000000",
           "fileResults":[{"filename":"meet/{{{egressId}}}.mp4","location":"https://cdn.example.com/meet/{{{egressId}}}.mp4",
             "size":"7340032","duration":"300500000000"}]}}
        """;

    private async Task<HttpResponseMessage> PostAsync(string body, string? token)
    {
        using var client = Factory.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/recordings/livekit-webhook")
        {
            Content = new StringContent(body, Encoding.UTF8, new MediaTypeHeaderValue("application/webhook+json")),
        };
        if (token is not null) request.Headers.TryAddWithoutValidation("Authorization", token);
        return await client.SendAsync(request);
    }

    private string Token(string body, string key = ApiKey, string secret = ApiSecret, TimeSpan? lifetime = null) =>
        LiveKitWebhookVerifier.CreateToken(Encoding.UTF8.GetBytes(body), key, secret, Factory.Clock.GetUtcNow(), lifetime ?? TimeSpan.FromMinutes(5));

    private Task<Recording> RoomAsync(Guid id) =>
        InScopeAsync(sp => sp.GetRequiredService<ApplicationDbContext>().Recordings.AsNoTracking().SingleAsync(r => r.Id == id));

    private async Task<Guid> NewRoomAsync() => (await NewRoomWithOwnerAsync()).Room;

    private async Task<(Guid Room, string OwnerId)> NewRoomWithOwnerAsync()
    {
        var (visitor, ownerId) = await UserAsync("host");
        visitor.Dispose();
        return (await AddMeetingAsync(ownerId, Products.TipJar, "Webhook meeting", null), ownerId);
    }

    private Task<List<OutboxEmail>> ReadyEmailsAsync(string ownerId) =>
        InScopeAsync(sp => sp.GetRequiredService<ApplicationDbContext>().OutboxEmails.AsNoTracking()
            .Where(e => e.RecipientId == ownerId && e.Kind == EmailKind.RecordingReady).ToListAsync());

    [Test]
    public async Task CompleteEgress_TellsTheOwnerOnce_WithALinkToTheRecording()
    {
        var (room, ownerId) = await NewRoomWithOwnerAsync();
        var body = Body(room, "EG_mail");
        await PostAsync(body, Token(body));
        await PostAsync(body, Token(body)); // LiveKit delivers at least once
        var replaced = Body(room, "EG_mail_again");
        await PostAsync(replaced, Token(replaced)); // a second egress replaces the file: no second email

        await InScopeAsync(sp => sp.GetRequiredService<IMediator>().Send(new SendQueuedEmailsCommand()));

        var emails = await ReadyEmailsAsync(ownerId);
        Assert.That(emails, Has.Count.EqualTo(1), "one email per recording");
        Assert.That((emails[0].RecordingId, emails[0].Status), Is.EqualTo(((Guid?)room, OutboxEmailStatus.Sent)));
        var folder = Factory.Services.GetRequiredService<IOptions<EmailOptions>>().Value.Pickup.ResolvedFolder;
        var mail = await MimeMessage.LoadAsync(Path.Combine(folder, $"{emails[0].Id:N}.eml"));
        using (Assert.EnterMultipleScope())
        {
            Assert.That(mail.Subject, Is.EqualTo("Your recording of Webhook meeting is ready"));
            Assert.That(mail.TextBody, Does.Contain($"/recordings/share/meet/{room}"));
            Assert.That(mail.TextBody, Does.Contain("5:00"), "the duration, as the list shows it");
        }
    }

    [Test]
    public async Task CompleteEgress_ForAnOwnerWhoTurnedRecordingEmailsOff_IsNotSent()
    {
        var (room, ownerId) = await NewRoomWithOwnerAsync();
        await InScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<ApplicationDbContext>();
            db.EmailOptOuts.Add(new EmailOptOut(ownerId, EmailCategory.Recordings, Factory.Clock.GetUtcNow()));
            return await db.SaveChangesAsync();
        });
        var body = Body(room, "EG_optout");
        await PostAsync(body, Token(body));

        await InScopeAsync(sp => sp.GetRequiredService<IMediator>().Send(new SendQueuedEmailsCommand()));

        var emails = await ReadyEmailsAsync(ownerId);
        Assert.That(emails.Select(e => e.Status), Is.EqualTo(new[] { OutboxEmailStatus.Skipped }));
        Assert.That(emails[0].LastError, Does.Contain("Meeting recordings ready"));
    }

    [Test]
    public async Task CompleteEgress_IsRecordedOnTheMeeting()
    {
        var room = await NewRoomAsync();
        var body = Body(room, "EG_ok");

        var response = await PostAsync(body, Token(body));

        var saved = await RoomAsync(room);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(await response.Content.ReadAsStringAsync(), Does.Contain("Recorded"));
            Assert.That(saved.File!.Location, Is.EqualTo("https://cdn.example.com/meet/EG_ok.mp4"));
            Assert.That(saved.File.SizeBytes, Is.EqualTo(7340032));
            Assert.That(saved.File.DurationSeconds, Is.EqualTo(300.5).Within(0.001));
            Assert.That(saved.EgressId, Is.EqualTo("EG_ok"));
            Assert.That(saved.File.RecordedAt, Is.EqualTo(DateTimeOffset.FromUnixTimeSeconds(1893574800)));
        }
    }

    [Test]
    public async Task SameEgressTwice_IsRecordedOnce()
    {
        var room = await NewRoomAsync();
        var body = Body(room, "EG_twice");
        await PostAsync(body, Token(body));

        var again = await PostAsync(body, Token(body));

        Assert.That(await again.Content.ReadAsStringAsync(), Does.Contain("AlreadyRecorded"));
        Assert.That((await RoomAsync(room)).EgressId, Is.EqualTo("EG_twice"));
    }

    [TestCase("wrong secret")]
    [TestCase("wrong issuer")]
    [TestCase("tampered body")]
    [TestCase("expired")]
    [TestCase("no header")]
    [TestCase("garbage")]
    public async Task NotAuthentic_Is401_AndStoresNothing(string what)
    {
        var room = await NewRoomAsync();
        var body = Body(room, $"EG_{Guid.NewGuid():N}");
        var token = what switch
        {
            "wrong secret" => Token(body, secret: "another-secret"),
            "wrong issuer" => Token(body, key: "APIother"),
            "tampered body" => Token(body.Replace("7340032", "7340033", StringComparison.Ordinal)),
            "expired" => Token(body, lifetime: TimeSpan.FromMinutes(-5)),
            "garbage" => "not.a.jwt",
            _ => null,
        };

        var response = await PostAsync(body, token);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
        Assert.That((await RoomAsync(room)).File, Is.Null);
    }

    [TestCase("not json")]
    [TestCase("[]")]
    [TestCase("{\"egressInfo\":{}}")]
    [TestCase("{\"event\":\"egress_ended\",\"egressInfo\":{\"egressId\":\"EG_x\",\"status\":\"EGRESS_COMPLETE\",\"fileResults\":[{\"location\":\"x\",\"size\":\"lots\"}]}}")]
    public async Task SignedBody_ThatIsNotAnEvent_Is400Problem(string body)
    {
        var response = await PostAsync(body, Token(body));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
    }

    [TestCase("EGRESS_FAILED", "egress_ended")]
    [TestCase("EGRESS_ACTIVE", "egress_started")]
    public async Task OtherEvents_AreAcknowledged_ButChangeNothing(string status, string @event)
    {
        var room = await NewRoomAsync();
        var body = Body(room, "EG_other", status, @event);

        var response = await PostAsync(body, Token(body));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That((await RoomAsync(room)).File, Is.Null);
    }

    [Test]
    public async Task UnknownRoom_IsAcknowledged_AndIgnored()
    {
        var body = Body(Guid.NewGuid(), "EG_unknown");

        var response = await PostAsync(body, Token(body));

        Assert.That(await response.Content.ReadAsStringAsync(), Does.Contain("Ignored"));
    }

    [Test]
    public async Task EgressNamingAVoiceCall_IsIgnored()
    {
        var (visitor, ownerId) = await UserAsync("caller");
        visitor.Dispose();
        var call = await AddCallAsync(ownerId, Products.TipJar, "Ana", "voice/a.m4a");
        var body = Body(call, "EG_call");

        var response = await PostAsync(body, Token(body));

        Assert.That(await response.Content.ReadAsStringAsync(), Does.Contain("Ignored"));
        Assert.That((await RoomAsync(call)).EgressId, Is.Null);
    }
}
