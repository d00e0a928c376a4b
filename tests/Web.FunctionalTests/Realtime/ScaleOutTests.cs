using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Streaming.Application.Chat.Common;
using Streaming.Application.Chat.Queries.JoinChat;
using Streaming.Domain.Enrollments;
using Streaming.Domain.Streams;
using Streaming.Infrastructure.Data;
using Streaming.TestSupport.Realtime;

namespace Streaming.Web.FunctionalTests.Realtime;

/// <summary>
/// Two app instances (two Kestrel servers, one database) joined by a real redis-server through
/// the SignalR Redis backplane: chat messages and the local provider's WHEP signalling cross
/// from one instance to the other.
/// </summary>
[CancelAfter(120_000)]
public class ScaleOutTests
{
    private const string Offer = "v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\nm=video 9 UDP/TLS/RTP/SAVPF 96\r\n";
    private const string Answer = "v=0\r\no=- 3 4 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\nm=video 9 UDP/TLS/RTP/SAVPF 96\r\n";

    private RedisProcess _redis = null!;
    private TestDatabase _database = null!;
    private StreamingWebFactory _a = null!;
    private StreamingWebFactory _b = null!;
    private Uri _urlA = null!;
    private Uri _urlB = null!;

    private sealed record Person(string Id, CookieContainer Cookies, HttpClient A, HttpClient B);

    [OneTimeSetUp]
    public async Task StartTwoInstancesAsync()
    {
        _redis = await RedisProcess.StartAsync();
        _database = await TestDatabase.CreateAsync();
        (_a, _urlA) = Start();
        (_b, _urlB) = Start();
    }

    private (StreamingWebFactory, Uri) Start()
    {
        var factory = new StreamingWebFactory(_database);
        factory.Settings["Redis:Configuration"] = _redis.Configuration;
        factory.Settings["Streaming:Local:AnswerTimeout"] = "00:00:05";
        return (factory, factory.StartKestrel());
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        foreach (var factory in new[] { _a, _b }) if (factory is not null) await factory.DisposeAsync();
        if (_database is not null) await _database.DisposeAsync();
        if (_redis is not null) await _redis.DisposeAsync();
    }

    [Test]
    public async Task A_chat_message_sent_through_one_instance_reaches_members_connected_to_the_other()
    {
        var instructor = await SignUpAsync(instructor: true);
        var onA = await SignUpAsync();
        var onB = await SignUpAsync();
        var stream = await LiveClassAsync(instructor.Id, onA.Id, onB.Id);

        await using var chatA = await ConnectAsync(_urlA, "/hubs/chat", onA);
        await using var chatB = await ConnectAsync(_urlB, "/hubs/chat", onB);
        await using var coachB = await ConnectAsync(_urlB, "/hubs/chat", instructor);
        var receivedOnB = new HubEvents<ChatMessageDto>(chatB, "message");
        var deletedOnA = new HubEvents<Guid>(chatA, "deleted");
        foreach (var chat in new[] { chatA, chatB, coachB }) await chat.InvokeAsync<ChatRoomDto>("Join", stream.Id);

        var sent = await chatA.InvokeAsync<ChatMessageDto>("Send", stream.Id, "Hello from instance A");
        Assert.That((await receivedOnB.WaitForAsync(m => m.Id == sent.Id)).Text, Is.EqualTo("Hello from instance A"));

        // A moderator on B deletes it: gone on A at once.
        await coachB.InvokeAsync("Delete", stream.Id, sent.Id);
        await deletedOnA.WaitForAsync(id => id == sent.Id);
    }

    [Test]
    public async Task A_broadcaster_connected_to_one_instance_is_watched_through_the_other()
    {
        var instructor = await SignUpAsync(instructor: true);
        var viewer = await SignUpAsync();
        var stream = await LiveClassAsync(instructor.Id, viewer.Id);

        var before = await OfferAsync(viewer.B, stream.Id);
        Assert.That(before.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable));
        Assert.That(await before.Content.ReadAsStringAsync(), Does.Contain("not-broadcasting"), "nobody broadcasts yet, on either instance");

        // The broadcast page's signalling on instance A.
        await using var pageOnA = await ConnectAsync(_urlA, "/hubs/live", instructor);
        var offersOnA = AnswerEveryOffer(pageOnA, Answer);
        var viewerCounts = new HubEvents<int>(pageOnA, "viewerCount");
        var left = new HubEvents<Guid>(pageOnA, "viewerLeft");
        Assert.That(await pageOnA.InvokeAsync<int>("StartBroadcasting", stream.Id), Is.EqualTo(20));

        // The viewer's WHEP offer goes to instance B and is answered by the page on A.
        var answered = await OfferAsync(viewer.B, stream.Id);
        Assert.That(answered.StatusCode, Is.EqualTo(HttpStatusCode.Created), await answered.Content.ReadAsStringAsync());
        Assert.That(await answered.Content.ReadAsStringAsync(), Is.EqualTo(Answer));
        var sessionId = offersOnA.Items.Single();
        Assert.That(answered.Headers.Location!.ToString(), Is.EqualTo($"/live/{stream.Id}/whep/{sessionId}"));
        await viewerCounts.WaitForAsync(n => n == 1);

        // Hanging up through B reaches the page on A; a stranger's hang-up does not.
        var stranger = await SignUpAsync();
        Assert.That((await stranger.B.DeleteAsync(answered.Headers.Location)).StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That((await viewer.B.DeleteAsync(answered.Headers.Location)).StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        await left.WaitForAsync(id => id == sessionId);

        // The instructor reloads the page and lands on B: B serves the class now, A no longer does.
        await using var pageOnB = await ConnectAsync(_urlB, "/hubs/live", instructor);
        var offersOnB = AnswerEveryOffer(pageOnB, "v=0 from B\r\nm=video\r\n");
        await pageOnB.InvokeAsync<int>("StartBroadcasting", stream.Id);
        var viaA = await OfferAsync(viewer.A, stream.Id);
        Assert.That(viaA.StatusCode, Is.EqualTo(HttpStatusCode.Created), await viaA.Content.ReadAsStringAsync());
        Assert.That(await viaA.Content.ReadAsStringAsync(), Does.StartWith("v=0 from B"));
        Assert.That(offersOnB.Items, Has.Count.EqualTo(1));
        Assert.That(offersOnA.Items, Has.Count.EqualTo(1), "the old page on A got no more offers");
    }

    private static HubEvents<Guid> AnswerEveryOffer(HubConnection page, string answer)
    {
        var offers = new HubEvents<Guid>(page, "offerSeen");
        page.On<Guid, string>("offer", (sessionId, offerSdp) =>
        {
            _ = page.InvokeAsync<bool>("SendAnswer", sessionId, answer);
        });
        // Recorded separately so the test can count the offers each page received.
        page.On<Guid, string>("offer", (sessionId, _) => offers.Record(sessionId));
        return offers;
    }

    private static async Task<HttpResponseMessage> OfferAsync(HttpClient http, Guid streamId)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/live/{streamId}/whep") { Content = new StringContent(Offer, Encoding.UTF8) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/sdp");
        request.Headers.Accept.ParseAdd("application/sdp, application/problem+json");
        return await http.SendAsync(request);
    }

    private static async Task<HubConnection> ConnectAsync(Uri baseUrl, string path, Person person)
    {
        var connection = new HubConnectionBuilder().WithUrl(new Uri(baseUrl, path), o => o.Cookies = person.Cookies).Build();
        await connection.StartAsync();
        return connection;
    }

    /// <summary>Signs up through instance A's form; the same cookie works on B (Data Protection keys are shared in PostgreSQL).</summary>
    private async Task<Person> SignUpAsync(bool instructor = false)
    {
        var cookies = new CookieContainer();
        var a = Client(_urlA, cookies);
        var b = Client(_urlB, cookies);
        var visitor = new PageClient(a);
        var email = $"{(instructor ? "coach" : "member")}-{Guid.NewGuid():N}@example.test";
        var form = (await visitor.GetAsync("/account/register")).Form();
        form.Set("DisplayName", instructor ? "Coach" : "Member").Set("Email", email).Set("Password", WebTestBase.Password).Set("ConfirmPassword", WebTestBase.Password);
        Assert.That((await visitor.SubmitAsync(form)).StatusCode, Is.EqualTo(HttpStatusCode.Redirect), "signed up");
        if (instructor)
        {
            var become = (await visitor.GetAsync("/account/become-instructor")).Form();
            become.Set("AccessCode", StreamingWebFactory.InstructorAccessCode);
            Assert.That((await visitor.SubmitAsync(become)).StatusCode, Is.EqualTo(HttpStatusCode.Redirect), "became an instructor");
        }

        var id = await InScopeAsync(db => db.Profiles.Where(p => p.Email == email).Select(p => p.Id).SingleAsync());
        return new Person(id, cookies, a, b);
    }

    private static HttpClient Client(Uri baseUrl, CookieContainer cookies) =>
        new(new HttpClientHandler { CookieContainer = cookies, AllowAutoRedirect = false }) { BaseAddress = baseUrl };

    private async Task<LiveStream> LiveClassAsync(string instructorId, params string[] memberIds)
    {
        var now = _a.Clock.Now;
        var stream = LiveStream.Schedule(instructorId, $"Class {Guid.NewGuid():N}", "Two instances.", "Yoga", now.AddDays(1), 45, 0, null, now);
        stream.GoLive(now);
        await InScopeAsync(async db =>
        {
            db.Streams.Add(stream);
            foreach (var memberId in memberIds)
            {
                var enrollment = Enrollment.Open(stream, memberId, memberHoldsSeat: false, now);
                enrollment.Activate(null, now);
                db.Enrollments.Add(enrollment);
            }

            return await db.SaveChangesAsync();
        });
        return stream;
    }

    private async Task<T> InScopeAsync<T>(Func<ApplicationDbContext, Task<T>> work)
    {
        await using var scope = _a.Services.CreateAsyncScope();
        return await work(scope.ServiceProvider.GetRequiredService<ApplicationDbContext>());
    }
}
