using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Streaming.Application.Chat.Common;
using Streaming.Application.Chat.Queries.JoinChat;
using Streaming.Application.Common.Interfaces;
using Streaming.Application.Common.Jobs;
using Streaming.Domain.Jobs;
using Streaming.Domain.Enrollments;
using Streaming.Domain.Streams;
using Streaming.Infrastructure.Data;
using Streaming.Infrastructure.Jobs;
using Streaming.TestSupport.Realtime;
using Streaming.Web.Infrastructure;

namespace Streaming.Web.FunctionalTests.Realtime;

/// <summary>
/// Two app instances (two Kestrel servers, one database) joined by a real redis-server through
/// the SignalR Redis backplane: chat messages and the local provider's WHEP signalling cross
/// from one instance to the other; a cookie or an antiforgery token issued by one is accepted by
/// the other; the rate limits count across both; a job fires once across both Quartz schedulers;
/// a class changed through one drops the catalog copies cached for both (the output cache in Redis).
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
        // The limits are shared through Redis: generous for the sign-ups these tests make, tight for one login.
        factory.Settings["RateLimiting:Enabled"] = "true";
        foreach (var policy in new[] { "Login", "SignUp", "AccessCode", "Enroll", "WhepOffer" })
            foreach (var side in new[] { "PerIp", "PerAccount" }) factory.Settings[$"RateLimiting:{policy}:{side}"] = "1000";
        factory.Settings["RateLimiting:Login:PerAccount"] = "3";
        // Both instances run the clustered scheduler; nothing fires by the clock, the test triggers.
        factory.Settings["Jobs:Enabled"] = "true";
        foreach (var job in JobsRegistration.Definitions) factory.Settings[$"Jobs:Schedules:{job.Name}"] = "0 0 0 1 1 ? 2099";
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

        // The viewer's later candidates (trickle ICE) sent through B reach the page on A; a stranger's do not.
        var trickled = new HubEvents<(Guid SessionId, string Candidate, bool Ended)>(pageOnA, "candidatesSeen");
        pageOnA.On<Guid, System.Text.Json.JsonElement, bool>("candidates", (id, list, ended) =>
            trickled.Record((id, list[0].GetProperty("candidate").GetString()!, ended)));
        const string fragment = "a=mid:0\r\na=candidate:9 1 udp 1677729535 203.0.113.7 61764 typ srflx raddr 10.0.0.2 rport 61764\r\na=end-of-candidates\r\n";
        var stranger = await SignUpAsync();
        Assert.That((await stranger.B.SendAsync(Trickle(answered.Headers.Location!, fragment))).StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That((await viewer.B.SendAsync(Trickle(answered.Headers.Location!, fragment))).StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        var candidate = await trickled.WaitForAsync(c => c.SessionId == sessionId);
        Assert.That(candidate, Is.EqualTo((sessionId, "candidate:9 1 udp 1677729535 203.0.113.7 61764 typ srflx raddr 10.0.0.2 rport 61764", true)));
        Assert.That(trickled.Items, Has.Count.EqualTo(1), "only the viewer's own");

        // Hanging up through B reaches the page on A; a stranger's hang-up does not.
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

    [Test]
    public async Task A_sign_in_cookie_issued_by_one_instance_is_accepted_by_the_other_until_logout_on_either()
    {
        var member = await SignUpAsync(); // signed up, and so signed in, through A

        var onB = await new PageClient(member.B).GetAsync("/me/classes");
        Assert.That(onB.StatusCode, Is.EqualTo(HttpStatusCode.OK), onB.ToString());
        Assert.That(onB.AccountMenuName, Does.Contain("Member"), "B reads A's cookie (Data Protection keys in PostgreSQL)");

        var logout = (await new PageClient(member.B).GetAsync("/me/classes")).FormPostingTo("/account/logout");
        Assert.That((await new PageClient(member.B).SubmitAsync(logout)).StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        var afterLogout = await new PageClient(member.A).GetAsync("/me/classes");
        Assert.That(afterLogout.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), "the session ended on B is over on A too");
    }

    [Test]
    public async Task An_antiforgery_token_from_one_instance_is_accepted_by_the_other()
    {
        var instructor = await SignUpAsync(instructor: true);
        var member = await SignUpAsync();
        var stream = await ScheduledClassAsync(instructor.Id);

        // The class page (and its token) comes from A; the enroll form is posted to B.
        var form = (await new PageClient(member.A).GetAsync($"/streams/{stream.Id}")).Form("#enroll-form");
        var answer = await PostToAsync(member.B, form);

        Assert.That(answer.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), await answer.Content.ReadAsStringAsync());
        Assert.That(await InScopeAsync(db => db.Enrollments.CountAsync(e => e.StreamId == stream.Id && e.MemberId == member.Id && e.Status == EnrollmentStatus.Active)),
            Is.EqualTo(1));

        // A token is still bound to its session: someone else's token is refused on either instance.
        var other = await SignUpAsync();
        var stolen = await PostToAsync(other.B, form);
        Assert.That(stolen.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
    }

    [Test]
    public async Task Login_attempts_against_one_account_are_counted_across_both_instances()
    {
        var email = $"target-{Guid.NewGuid():N}@example.test";
        var answers = new List<HttpStatusCode>();
        foreach (var url in new[] { _urlA, _urlB, _urlA, _urlB })
        {
            using var visitor = new PageClient(Client(url, new CookieContainer()));
            var form = (await visitor.GetAsync("/account/login")).Form().Set("Email", email).Set("Password", "wrong-password-1");
            answers.Add((await visitor.SubmitAsync(form)).StatusCode);
        }

        Assert.That(answers, Is.EqualTo(new[] { HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests }),
            "3 per account in all: the fourth attempt is refused, whichever instance it reaches (counters in Redis)");
    }

    [Test]
    public async Task A_job_started_through_one_instance_runs_once_across_both_schedulers()
    {
        var job = JobNames.PaymentReconciliation;
        var before = await InScopeAsync(db => db.JobRuns.CountAsync(r => r.JobName == job));

        Assert.That(await _b.Services.GetRequiredService<IJobScheduler>().TriggerAsync(job, CancellationToken.None), Is.True);

        // Wait for the run, then for the one-shot trigger to be gone from the shared store: after that
        // neither scheduler has anything left to fire, so the count below is final.
        List<JobRun> runs;
        while (true)
        {
            runs = await InScopeAsync(db => db.JobRuns.AsNoTracking().Where(r => r.JobName == job).OrderBy(r => r.StartedAt).ToListAsync());
            var pending = await InScopeAsync(db => db.Database
                .SqlQueryRaw<int>("SELECT count(*)::int AS \"Value\" FROM qrtz_triggers WHERE job_name = {0} AND trigger_name <> {1}", job, JobsRegistration.ScheduleKey(job).Name)
                .SingleAsync());
            var firing = await InScopeAsync(db => db.Database.SqlQueryRaw<int>("SELECT count(*)::int AS \"Value\" FROM qrtz_fired_triggers WHERE job_name = {0}", job).SingleAsync());
            if (runs.Count > before && runs.All(r => r.FinishedAt != null) && pending == 0 && firing == 0) break;
            await Task.Delay(100);
        }

        Assert.That(runs, Has.Count.EqualTo(before + 1), "one run across both instances");
        Assert.That(runs.Last().Outcome, Is.EqualTo(JobRunOutcome.Succeeded));
        Assert.That(runs.Last().Manual, Is.True);
    }

    [Test]
    public async Task A_class_cancelled_through_one_instance_leaves_the_catalog_the_other_has_cached()
    {
        var instructor = await SignUpAsync(instructor: true);
        var stream = await ScheduledClassAsync(instructor.Id);
        using var visitor = new HttpClient { BaseAddress = _urlB };
        var catalog = $"/streams?instructor={instructor.Id}";
        Assert.That(await visitor.GetStringAsync(catalog), Does.Contain(stream.Title));
        Assert.That((await visitor.GetAsync(catalog)).Headers.Age, Is.Not.Null, "B answers the second visit from the shared cache");

        await InScopeAsync(async db => // through instance A
        {
            (await db.Streams.SingleAsync(s => s.Id == stream.Id)).Cancel(_a.Clock.Now);
            return await db.SaveChangesAsync();
        });

        Assert.That(await visitor.GetStringAsync(catalog), Does.Not.Contain(stream.Title));
    }

    private async Task<HttpResponseMessage> PostToAsync(HttpClient instance, HtmlForm form)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, form.Action.PathAndQuery) { Content = form.ToContent() };
        request.Headers.Accept.ParseAdd("text/html");
        return await instance.SendAsync(request);
    }

    private static HttpRequestMessage Trickle(Uri session, string fragment) =>
        new(HttpMethod.Patch, session) { Content = new StringContent(fragment, System.Text.Encoding.UTF8, "application/trickle-ice-sdpfrag") };

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
        var connection = new HubConnectionBuilder().WithUrl(new Uri(baseUrl, path), o => o.Cookies = person.Cookies)
            .AddJsonProtocol(o => WebJson.Configure(o.PayloadSerializerOptions)).Build();
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

    private async Task<LiveStream> ScheduledClassAsync(string instructorId)
    {
        var now = _a.Clock.Now;
        var stream = LiveStream.Schedule(instructorId, $"Class {Guid.NewGuid():N}", "Two instances.", "Yoga", now.AddDays(1), 45, 0, null, now);
        await InScopeAsync(db =>
        {
            db.Streams.Add(stream);
            return db.SaveChangesAsync();
        });
        return stream;
    }

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
