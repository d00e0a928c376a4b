using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Streaming.Application.Chat.Common;
using Streaming.Application.Chat.Queries.JoinChat;
using Streaming.Domain.Enrollments;
using Streaming.Domain.Streams;
using Streaming.Infrastructure.Data;
using Streaming.TestSupport.Realtime;
using Streaming.Web.Infrastructure;

namespace Streaming.Web.FunctionalTests.Realtime;

/// <summary>
/// Production's shape on one machine: two app processes (Production environment, JSON logs) on one
/// database, joined by a real redis-server, behind nginx with the configuration of
/// <c>scripts/run.sh --instances 2</c>. Mid-class, the instance holding the member's and the
/// instructor's connections is killed outright (SIGKILL): they reconnect through nginx to the other
/// and carry on, and nothing that was done before is lost.
/// </summary>
[CancelAfter(240_000)]
public class InstanceFailureTests
{
    private const string AccessCode = "let-me-teach-in-production";
    private const string Password = WebTestBase.Password;
    private const string Answer = "v=0\r\no=- 3 4 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\nm=video 9 UDP/TLS/RTP/SAVPF 96\r\n";

    private RedisProcess _redis = null!;
    private TestDatabase _database = null!;
    private string _blobs = null!;
    private AppProcess _one = null!;
    private AppProcess _two = null!;
    private NginxProcess _nginx = null!;

    private sealed record Person(string Id, CookieContainer Cookies, HttpClient Http);

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _redis = await RedisProcess.StartAsync();
        _database = await TestDatabase.CreateAsync();
        _blobs = Directory.CreateTempSubdirectory("instances-blobs-").FullName;
        var settings = new Dictionary<string, string>
        {
            ["ConnectionStrings:Default"] = _database.ConnectionString,
            ["Redis:Configuration"] = _redis.Configuration,
            ["Redis:ChannelPrefix"] = _database.Name,
            ["App:PublicBaseUrl"] = "http://127.0.0.1",
            ["AllowedHosts"] = "127.0.0.1",
            ["Security:TrustedProxies:0"] = "127.0.0.1",
            // One folder for both, as a shared volume would be.
            ["Storage:Local:Root"] = _blobs,
            ["Storage:Local:SigningKey"] = "instance-failure-signing-key-0123456789",
            ["Instructor:AccessCode"] = AccessCode,
            ["Jobs:Enabled"] = "false",
            ["RateLimiting:Enabled"] = "false",
            ["Streaming:Local:AnswerTimeout"] = "00:00:05",
            // Every mediator request is logged (at Debug) inside its HTTP request: the JSON lines carry the trace id.
            ["Logging:LogLevel:Streaming.Application"] = "Debug",
        };
        _one = await AppProcess.StartAsync("app-1", settings);
        _two = await AppProcess.StartAsync("app-2", settings);
        _nginx = await NginxProcess.StartAsync(_one.Url, _two.Url);
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        if (_nginx is not null) await _nginx.DisposeAsync();
        foreach (var app in new[] { _one, _two }) if (app is not null) await app.DisposeAsync();
        if (_database is not null) await _database.DisposeAsync();
        if (_redis is not null) await _redis.DisposeAsync();
        if (_blobs is not null && Directory.Exists(_blobs)) Directory.Delete(_blobs, recursive: true);
    }

    [Test]
    public async Task Killing_the_instance_a_class_is_connected_to_loses_nothing_and_everyone_carries_on_through_the_other()
    {
        var instructor = await SignUpAsync("Coach", instructor: true);
        var member = await SignUpAsync("Ana", instructor: false);
        var stream = await ScheduleAsync(instructor.Id);

        // The member enrolls and the instructor goes live, through nginx (either instance).
        var enrolled = await SubmitAsync(member, $"/streams/{stream.Id}", "#enroll-form", form => form);
        Assert.That(enrolled.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), await enrolled.Content.ReadAsStringAsync());
        var broadcastPage = await new PageClient(instructor.Http).GetAsync($"/instructor/streams/{stream.Id}/broadcast");
        using (var goLive = new HttpRequestMessage(HttpMethod.Post, $"/instructor/streams/{stream.Id}/broadcast/live"))
        {
            goLive.Headers.Add("RequestVerificationToken", broadcastPage.Document.QuerySelector($"input[name={HtmlForm.AntiforgeryField}]")!.GetAttribute("value"));
            goLive.Headers.Accept.ParseAdd("application/json");
            var live = await instructor.Http.SendAsync(goLive);
            Assert.That(live.StatusCode, Is.EqualTo(HttpStatusCode.OK), await live.Content.ReadAsStringAsync());
        }

        // Their connections happen to be on app-1 (as a balancer may place them).
        await using var broadcasterOnOne = await BroadcastAsync(_one.Url, instructor, stream.Id);
        await using var chatOnOne = await ConnectAsync(_one.Url, "/hubs/chat", member);
        await chatOnOne.InvokeAsync<ChatRoomDto>("Join", stream.Id);
        var before = await chatOnOne.InvokeAsync<ChatMessageDto>("Send", stream.Id, "Ready when you are");
        foreach (var index in new[] { 0, 1 }) Assert.That((await PostChunkAsync(instructor, stream.Id, index)).StatusCode, Is.EqualTo(HttpStatusCode.Created));
        Assert.That((await OfferAsync(member, stream.Id)).StatusCode, Is.EqualTo(HttpStatusCode.Created), "watching before the crash");

        var closed = new TaskCompletionSource();
        chatOnOne.Closed += _ =>
        {
            closed.TrySetResult();
            return Task.CompletedTask;
        };
        await _one.KillAsync();
        await closed.Task.WaitAsync(TimeSpan.FromSeconds(30));
        var servedBefore = _nginx.RequestsPerInstance();

        // Both reconnect through nginx, which can only reach app-2 now.
        await using var broadcaster = await BroadcastAsync(_nginx.Url, instructor, stream.Id);
        await using var chat = await ConnectAsync(_nginx.Url, "/hubs/chat", member);
        await using var coachChat = await ConnectAsync(_nginx.Url, "/hubs/chat", instructor);
        var onCoach = new HubEvents<ChatMessageDto>(coachChat, "message");
        var room = await chat.InvokeAsync<ChatRoomDto>("Join", stream.Id);
        await coachChat.InvokeAsync<ChatRoomDto>("Join", stream.Id);
        Assert.That(room.Messages.Select(m => m.Id), Does.Contain(before.Id), "the chat history survived");
        var after = await chat.InvokeAsync<ChatMessageDto>("Send", stream.Id, "Still here");
        await onCoach.WaitForAsync(m => m.Id == after.Id);

        // The recording goes on where it stopped, the member watches again, the seat is still theirs.
        foreach (var index in new[] { 2, 3 }) Assert.That((await PostChunkAsync(instructor, stream.Id, index)).StatusCode, Is.EqualTo(HttpStatusCode.Created));
        var offer = await OfferAsync(member, stream.Id);
        Assert.That(offer.StatusCode, Is.EqualTo(HttpStatusCode.Created), await offer.Content.ReadAsStringAsync());
        Assert.That((await new PageClient(member.Http).GetAsync("/me/classes")).StatusCode, Is.EqualTo(HttpStatusCode.OK), "still signed in");

        await using var db = Context();
        Assert.That(await db.LiveRecordingChunks.Where(c => c.StreamId == stream.Id).OrderBy(c => c.Index).Select(c => c.Index).ToListAsync(),
            Is.EqualTo(new[] { 0, 1, 2, 3 }), "no chunk lost or stored twice");
        Assert.That(await db.Enrollments.CountAsync(e => e.StreamId == stream.Id && e.MemberId == member.Id && e.Status == EnrollmentStatus.Active), Is.EqualTo(1));
        Assert.That(await db.ChatMessages.Where(m => m.StreamId == stream.Id).Select(m => m.Text).ToListAsync(),
            Is.EquivalentTo(new[] { "Ready when you are", "Still here" }));

        Assert.That(servedBefore.Keys, Is.EquivalentTo(new[] { _one.Url.Port, _two.Url.Port }), "before the crash nginx used both instances:\n" + _nginx.AccessLog());
        AssertJsonLogsCarryTraceIds(_two.Output);
    }

    /// <summary>The instance's console: one JSON object per line, those written inside a request with its trace id.</summary>
    private static void AssertJsonLogsCarryTraceIds(string output)
    {
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Where(l => l.StartsWith('{')).ToList();
        Assert.That(lines, Is.Not.Empty, "JSON log lines");
        var traceIds = lines.Select(l => JsonDocument.Parse(l).RootElement)
            .Where(e => e.TryGetProperty("Scopes", out _))
            .SelectMany(e => e.GetProperty("Scopes").EnumerateArray())
            .Where(s => s.ValueKind == JsonValueKind.Object && s.TryGetProperty("TraceId", out _))
            .Select(s => s.GetProperty("TraceId").GetString())
            .ToList();
        Assert.That(traceIds, Is.Not.Empty, "log lines written during requests carry the trace id");
        Assert.That(traceIds, Has.All.Matches<string>(id => id.Length == 32 && id.All(Uri.IsHexDigit)));
    }

    private async Task<Person> SignUpAsync(string name, bool instructor)
    {
        var cookies = new CookieContainer();
        var http = new HttpClient(new HttpClientHandler { CookieContainer = cookies, AllowAutoRedirect = false }) { BaseAddress = _nginx.Url };
        var email = $"{name.ToLowerInvariant()}-{Guid.NewGuid():N}@example.test";
        var person = new Person("", cookies, http);
        var signedUp = await SubmitAsync(person, "/account/register", "main form",
            form => form.Set("DisplayName", name).Set("Email", email).Set("Password", Password).Set("ConfirmPassword", Password));
        Assert.That(signedUp.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), "signed up");
        if (instructor)
        {
            var became = await SubmitAsync(person, "/account/become-instructor", "main form", form => form.Set("AccessCode", AccessCode));
            Assert.That(became.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), "became an instructor");
        }

        await using var db = Context();
        return person with { Id = await db.Profiles.Where(p => p.Email == email).Select(p => p.Id).SingleAsync() };
    }

    /// <summary>Gets the page (from whichever instance), fills the form, posts it (to whichever instance).</summary>
    private static async Task<HttpResponseMessage> SubmitAsync(Person person, string page, string selector, Func<HtmlForm, HtmlForm> fill)
    {
        var visitor = new PageClient(person.Http);
        var html = await visitor.GetAsync(page);
        Assert.That(html.StatusCode, Is.EqualTo(HttpStatusCode.OK), html.ToString());
        return await visitor.SubmitAsync(fill(html.Form(selector)));
    }

    private async Task<LiveStream> ScheduleAsync(string instructorId)
    {
        var now = DateTimeOffset.UtcNow;
        var stream = LiveStream.Schedule(instructorId, "Crash-proof core", "Two instances, one crash.", "Core", now.AddHours(1), 45, 0, null, now);
        await using var db = Context();
        db.Streams.Add(stream);
        await db.SaveChangesAsync();
        return stream;
    }

    private static async Task<HubConnection> BroadcastAsync(Uri server, Person instructor, Guid streamId)
    {
        var page = await ConnectAsync(server, "/hubs/live", instructor);
        page.On<Guid, string>("offer", (sessionId, offerSdp) =>
        {
            _ = page.InvokeAsync<bool>("SendAnswer", sessionId, Answer);
        });
        await page.InvokeAsync<int>("StartBroadcasting", streamId);
        return page;
    }

    /// <summary>As the pages connect: WebSockets straight away, no negotiation (so no sticky session is needed).</summary>
    private static async Task<HubConnection> ConnectAsync(Uri server, string path, Person person)
    {
        var connection = new HubConnectionBuilder()
            .WithUrl(new Uri(server, path), o =>
            {
                o.Cookies = person.Cookies;
                o.SkipNegotiation = true;
                o.Transports = HttpTransportType.WebSockets;
            })
            .AddJsonProtocol(o => WebJson.Configure(o.PayloadSerializerOptions))
            .Build();
        await connection.StartAsync();
        return connection;
    }

    private static async Task<HttpResponseMessage> PostChunkAsync(Person instructor, Guid streamId, int index)
    {
        var bytes = new byte[4096];
        new Random(index).NextBytes(bytes);
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/live/{streamId}/recording/chunks/{index}") { Content = new ByteArrayContent(bytes) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("video/webm");
        request.Headers.Accept.ParseAdd("application/json");
        return await instructor.Http.SendAsync(request);
    }

    private static async Task<HttpResponseMessage> OfferAsync(Person member, Guid streamId)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/live/{streamId}/whep")
        {
            Content = new StringContent("v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\nm=video 9 UDP/TLS/RTP/SAVPF 96\r\n", Encoding.UTF8),
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/sdp");
        request.Headers.Accept.ParseAdd("application/sdp, application/problem+json");
        return await member.Http.SendAsync(request);
    }

    private ApplicationDbContext Context() =>
        new(new DbContextOptionsBuilder<ApplicationDbContext>().UseNpgsql(_database.ConnectionString).Options);
}
