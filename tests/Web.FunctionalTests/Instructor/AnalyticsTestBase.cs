using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Streaming.Domain.Common;
using Streaming.Domain.Streams;
using Streaming.Domain.Viewing;
using Streaming.Infrastructure.Data;

namespace Streaming.Web.FunctionalTests.Instructor;

/// <summary>
/// What the analytics tests share: members who pay through the class page at chosen moments (the
/// test clock is moved for the click and put back), classes taken live and ended through the
/// domain, viewer sessions inserted as the live hub would have stored them, and the charts,
/// figures and CSV rows read back from the pages.
/// </summary>
public abstract class AnalyticsTestBase : InstructorTestBase
{
    protected const string Overview = "/instructor/analytics";

    /// <summary>The test clock's start: Thursday 2030-01-10 09:00 UTC.</summary>
    protected static readonly DateTimeOffset Now = TestClock.DefaultNow;

    protected static string StreamAnalytics(Guid id) => $"/instructor/streams/{id}/analytics";

    /// <summary>A member signed up through the form who was granted <paramref name="tokens"/>.</summary>
    protected async Task<Member> MemberAsync(int tokens = 50)
    {
        var (visitor, email) = await SignedInMemberAsync();
        await GrantAsync(email, tokens);
        return new Member(visitor, email, await UserIdAsync(email));
    }

    /// <summary>Runs <paramref name="step"/> with the app's clock at <paramref name="at"/>, then puts the clock back.</summary>
    protected async Task AtAsync(DateTimeOffset at, Func<Task> step)
    {
        var saved = Factory.Clock.Now;
        Factory.Clock.Now = at;
        try
        {
            await step();
        }
        finally
        {
            Factory.Clock.Now = saved;
        }
    }

    /// <summary>The member clicks "Enroll" (and pays) on the class page at <paramref name="at"/>.</summary>
    protected Task EnrollAtAsync(Member member, Guid streamId, DateTimeOffset at) =>
        AtAsync(at, async () =>
        {
            var page = await EnrollAsync(member.Visitor, streamId);
            Assert.That(page.Document.QuerySelector("#enrolled-note"), Is.Not.Null, $"the member is enrolled: {page}");
        });

    /// <summary>The member cancels from the class page at <paramref name="at"/> (a full refund).</summary>
    protected Task CancelAtAsync(Member member, Guid streamId, DateTimeOffset at) =>
        AtAsync(at, async () =>
        {
            var details = await member.Visitor.GetAsync($"/streams/{streamId}");
            var form = details.Document.Forms.Select(f => new HtmlForm(f, details.Url))
                .Single(f => f.Action.AbsolutePath.EndsWith("/cancel", StringComparison.Ordinal));
            var response = await member.Visitor.SubmitAsync(form);
            var page = await member.Visitor.FollowRedirectAsync(response);
            Assert.That(FlashError(page), Is.Null, page.ToString());
        });

    /// <summary>
    /// Takes the class live at <paramref name="startedAt"/> and ends it at <paramref name="endedAt"/>,
    /// recording <paramref name="peak"/> as the live hub does (distinct members watching at once).
    /// </summary>
    protected Task RunClassAsync(Guid streamId, DateTimeOffset startedAt, DateTimeOffset endedAt, int peak) =>
        ChangeStreamAsync(streamId, (stream, _) =>
        {
            stream.GoLive(startedAt);
            stream.RecordConcurrentViewers(peak);
            stream.End(endedAt, RetentionPolicy.Default);
        });

    /// <summary>
    /// Stores a viewer session as the live hub would: joined, heartbeats until <paramref name="lastSeen"/>,
    /// and left at <paramref name="left"/> (null: the heartbeats just stopped).
    /// </summary>
    protected Task SessionAsync(Guid streamId, string memberId, ViewingMode mode, DateTimeOffset joined, DateTimeOffset lastSeen, DateTimeOffset? left = null) =>
        InScopeAsync(async sp =>
        {
            var session = new ViewerSession(streamId, memberId, mode, joined);
            session.Heartbeat(lastSeen);
            if (left is { } at) session.Leave(at);
            var db = sp.GetRequiredService<ApplicationDbContext>();
            db.ViewerSessions.Add(session);
            return await db.SaveChangesAsync();
        });

    protected static DateTimeOffset Utc(int month, int day, int hour, int minute = 0) => new(2030, month, day, hour, minute, 0, TimeSpan.Zero);

    /// <summary>A page that must answer 200.</summary>
    protected static async Task<HtmlPage> PageAsync(PageClient visitor, string url)
    {
        var page = await visitor.GetAsync(url);
        Assert.That(page.StatusCode, Is.EqualTo(HttpStatusCode.OK), page.ToString());
        return page;
    }

    /// <summary>A CSV download (asserting 200 and text/csv) as its lines.</summary>
    protected static async Task<IReadOnlyList<string>> CsvAsync(PageClient visitor, string url)
    {
        using var response = await visitor.Http.GetAsync(url);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("text/csv"));
        Assert.That(response.Content.Headers.ContentDisposition?.DispositionType, Is.EqualTo("attachment"));
        var text = await response.Content.ReadAsStringAsync();
        Assert.That(text, Does.EndWith("\r\n"), "CRLF line ends");
        return text.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
    }

    protected static string Figure(HtmlPage page, string id) =>
        Collapse(page.Document.QuerySelector($"#{id}")?.TextContent) ?? throw new AssertionException($"No #{id} on {page}");

    /// <summary>The chart whose caption starts with <paramref name="caption"/>.</summary>
    protected static IElement Chart(HtmlPage page, string caption) =>
        page.Document.QuerySelectorAll("figure.chart")
            .SingleOrDefault(f => Collapse(f.QuerySelector("figcaption")?.TextContent)?.StartsWith(caption, StringComparison.Ordinal) == true)
        ?? throw new AssertionException($"No chart captioned '{caption}' on {page}");

    /// <summary>The points of a chart's polyline.</summary>
    protected static IReadOnlyList<(double X, double Y)> LinePoints(IElement chart)
    {
        var points = chart.QuerySelector("svg polyline.line")?.GetAttribute("points")
            ?? throw new AssertionException($"The chart has no polyline: {chart.OuterHtml}");
        return points.Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Select(p => p.Split(','))
            .Select(p => (double.Parse(p[0], CultureInfo.InvariantCulture), double.Parse(p[1], CultureInfo.InvariantCulture)))
            .ToList();
    }

    /// <summary>The &lt;title&gt; text of each element matching <paramref name="selector"/> (the charts' tooltips).</summary>
    protected static IReadOnlyList<string> Titles(IParentNode scope, string selector) =>
        scope.QuerySelectorAll(selector).Select(e => Collapse(e.QuerySelector("title")?.TextContent) ?? "").ToList();

    /// <summary>The heat map's cells as "Tue 18:00" → enrollments.</summary>
    protected static IReadOnlyDictionary<string, int> HeatMap(HtmlPage page)
    {
        var cells = new Dictionary<string, int>();
        foreach (var title in Titles(page.Document, "svg rect.slot"))
        {
            // "Tue 18:00 — 3 enrollments"
            var parts = title.Split(" — ");
            cells[parts[0]] = int.Parse(parts[1].Split(' ')[0], CultureInfo.InvariantCulture);
        }

        return cells;
    }

    protected sealed record Member(PageClient Visitor, string Email, string Id) : IDisposable
    {
        public void Dispose() => Visitor.Dispose();
    }

    /// <summary>
    /// One instructor's two classes with paying members and viewers:
    /// <list type="bullet">
    /// <item>"Power" (8 tokens), Tuesday 2030-01-15 18:00–18:45 UTC: members 1 and 2 pay on Jan 10,
    /// member 3 on Jan 11, member 4 pays on Jan 11 and cancels (refunded). Live: member 1 watches
    /// 18:00–18:40, member 2 18:05–18:25, member 3 18:10 until the heartbeats stop at 18:40 (all three at
    /// once from 18:10 to 18:25); replays: members 1 and 2, 30 minutes each.</item>
    /// <item>"Stretch" (5 tokens), Sunday 2030-01-13 07:00–07:45 UTC: member 1 pays and watches all 45 minutes.</item>
    /// </list>
    /// </summary>
    protected async Task<Scenario> ScenarioAsync(Teacher coach)
    {
        var tag = Guid.NewGuid().ToString("N")[..6];
        var power = await ScheduleAsync(coach.Id, $"Power Hour {tag}", startsIn: Utc(1, 15, 18) - Now, price: 8);
        var stretch = await ScheduleAsync(coach.Id, $"Sunday Stretch {tag}", startsIn: Utc(1, 13, 7) - Now, price: 5);
        var members = new List<Member>();
        for (var i = 0; i < 4; i++) members.Add(await MemberAsync());

        await EnrollAtAsync(members[0], power.Id, Utc(1, 10, 9, 5));
        await EnrollAtAsync(members[0], stretch.Id, Utc(1, 10, 9, 6));
        await EnrollAtAsync(members[1], power.Id, Utc(1, 10, 11));
        await EnrollAtAsync(members[2], power.Id, Utc(1, 11, 8));
        await EnrollAtAsync(members[3], power.Id, Utc(1, 11, 9));
        await CancelAtAsync(members[3], power.Id, Utc(1, 11, 10));

        await RunClassAsync(stretch.Id, Utc(1, 13, 7), Utc(1, 13, 7, 45), peak: 1);
        await SessionAsync(stretch.Id, members[0].Id, ViewingMode.Live, Utc(1, 13, 7), Utc(1, 13, 7, 45), Utc(1, 13, 7, 45));

        await RunClassAsync(power.Id, Utc(1, 15, 18), Utc(1, 15, 18, 45), peak: 3);
        await SessionAsync(power.Id, members[0].Id, ViewingMode.Live, Utc(1, 15, 18), Utc(1, 15, 18, 40), Utc(1, 15, 18, 40));
        await SessionAsync(power.Id, members[1].Id, ViewingMode.Live, Utc(1, 15, 18, 5), Utc(1, 15, 18, 25), Utc(1, 15, 18, 25));
        await SessionAsync(power.Id, members[2].Id, ViewingMode.Live, Utc(1, 15, 18, 10), Utc(1, 15, 18, 40));
        await SessionAsync(power.Id, members[0].Id, ViewingMode.Replay, Utc(1, 16, 10), Utc(1, 16, 10, 30), Utc(1, 16, 10, 30));
        await SessionAsync(power.Id, members[1].Id, ViewingMode.Replay, Utc(1, 17, 20), Utc(1, 17, 20, 30), Utc(1, 17, 20, 30));

        foreach (var member in members) member.Dispose();
        return new Scenario(power, stretch);
    }

    protected sealed record Scenario(LiveStream Power, LiveStream Stretch);
}
