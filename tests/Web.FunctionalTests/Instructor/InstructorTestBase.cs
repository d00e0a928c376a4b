using System.Globalization;
using Microsoft.AspNetCore.Mvc.Testing.Handlers;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Streaming.Domain.Streams;
using Streaming.Infrastructure.Data;

namespace Streaming.Web.FunctionalTests.Instructor;

/// <summary>
/// <see cref="ClassesTestBase"/> plus what the dashboard tests share: instructors made the way a
/// person becomes one (sign-up form, then "Become an instructor" with the access code), the
/// schedule form, the dashboard's rows and totals, and the stored class as the database has it.
/// </summary>
public abstract class InstructorTestBase : ClassesTestBase
{
    protected const string Dashboard = "/instructor/streams";

    /// <summary>A date/time as a datetime-local input sends it.</summary>
    protected static string Local(DateTime wallClock) => wallClock.ToString("yyyy-MM-ddTHH:mm", CultureInfo.InvariantCulture);

    /// <summary>A signed-in instructor: signs up through the form, then enters the access code on "Become an instructor".</summary>
    protected async Task<Teacher> SignedInInstructorAsync(string displayName = "Coach Form", string? timeZoneCookie = null)
    {
        var visitor = timeZoneCookie is null ? NewVisitor() : NewVisitorInTimeZone(timeZoneCookie);
        var email = UniqueEmail("teacher");
        await RegisterAsync(visitor, email, displayName: displayName);
        var form = (await visitor.GetAsync("/account/become-instructor")).Form().Set("AccessCode", StreamingWebFactory.InstructorAccessCode);
        var response = await visitor.SubmitAsync(form);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), (await HtmlPage.ReadAsync(response)).ToString());
        return new Teacher(visitor, email, await UserIdAsync(email), displayName);
    }

    /// <summary>
    /// A visitor whose browser already ran site.js in <paramref name="ianaZone"/>: it carries the
    /// "tz" cookie the server reads to show and pre-fill class times.
    /// </summary>
    protected PageClient NewVisitorInTimeZone(string ianaZone)
    {
        var cookies = new CookieContainer();
        cookies.Add(new Uri("http://localhost"), new Cookie("tz", ianaZone, "/"));
        return new PageClient(Factory.CreateDefaultClient(new Uri("http://localhost"), new CookieContainerHandler(cookies)));
    }

    /// <summary>The "Schedule a class" form as the page serves it.</summary>
    protected static async Task<HtmlForm> NewClassFormAsync(PageClient instructor)
    {
        var page = await instructor.GetAsync($"{Dashboard}/new");
        Assert.That(page.StatusCode, Is.EqualTo(HttpStatusCode.OK), page.ToString());
        return page.Form("#stream-form");
    }

    /// <summary>Fills every field of the class form (the hidden TimeZone too, as site.js does in the browser).</summary>
    protected static HtmlForm Fill(
        HtmlForm form,
        string title,
        DateTime startLocal,
        string timeZone = "",
        int duration = 45,
        int price = 5,
        int? capacity = null,
        string description = "Bring a mat.",
        string category = "Yoga") =>
        form.Set("Title", title)
            .Set("Description", description)
            .Set("Category", category)
            .Set("StartLocal", Local(startLocal))
            .Set("TimeZone", timeZone)
            .Set("DurationMinutes", duration.ToString(CultureInfo.InvariantCulture))
            .Set("PriceInTokens", price.ToString(CultureInfo.InvariantCulture))
            .Set("Capacity", capacity?.ToString(CultureInfo.InvariantCulture) ?? "");

    /// <summary>Posts the class form and returns the new class's id (the dashboard redirect carries it as ?highlight=).</summary>
    protected static async Task<Guid> SubmitNewClassAsync(PageClient instructor, HtmlForm form)
    {
        var response = await instructor.SubmitAsync(form);
        if (response.StatusCode != HttpStatusCode.Redirect)
            throw new AssertionException($"Scheduling did not redirect: {await HtmlPage.ReadAsync(response)}");
        var target = PageClient.RedirectTarget(response);
        Assert.That(target.AbsolutePath, Is.EqualTo(Dashboard));
        var highlight = System.Web.HttpUtility.ParseQueryString(target.Query)["highlight"];
        return Guid.TryParse(highlight, out var id) ? id : throw new AssertionException($"No class id in {target}");
    }

    /// <summary>The dashboard (asserting 200).</summary>
    protected static async Task<HtmlPage> DashboardAsync(PageClient instructor, string query = "")
    {
        var page = await instructor.GetAsync(Dashboard + query);
        Assert.That(page.StatusCode, Is.EqualTo(HttpStatusCode.OK), page.ToString());
        return page;
    }

    /// <summary>The class ids of the dashboard's rows, in page order.</summary>
    protected static IReadOnlyList<Guid> RowIds(HtmlPage page) =>
        page.Document.QuerySelectorAll("#streams-table tbody tr[data-stream-id]")
            .Select(r => Guid.Parse(r.GetAttribute("data-stream-id")!))
            .ToList();

    protected static IElement Row(HtmlPage page, Guid streamId) =>
        page.Document.QuerySelector($"#streams-table tr[data-stream-id='{streamId}']")
        ?? throw new AssertionException($"No dashboard row for {streamId} on {page}");

    protected static string Cell(HtmlPage page, Guid streamId, string css) =>
        Collapse(Row(page, streamId).QuerySelector($"td.{css}")?.TextContent) ?? throw new AssertionException($"No td.{css} in the row of {streamId}");

    protected static Totals TotalsOf(HtmlPage page)
    {
        int Read(string id) => int.Parse(
            Collapse(page.Document.QuerySelector($"#totals #{id}")?.TextContent) ?? throw new AssertionException($"No #{id} on {page}"),
            NumberStyles.Integer, CultureInfo.InvariantCulture);
        return new Totals(Read("total-upcoming"), Read("total-enrollments"), Read("total-month"), Read("total-overall"));
    }

    /// <summary>The class as stored, or null once deleted.</summary>
    protected Task<LiveStream?> StoredAsync(Guid streamId) =>
        InScopeAsync(sp => sp.GetRequiredService<ApplicationDbContext>().Streams.AsNoTracking().SingleOrDefaultAsync(s => s.Id == streamId));

    protected Task<List<LiveStream>> StoredOfAsync(string instructorId) =>
        InScopeAsync(sp => sp.GetRequiredService<ApplicationDbContext>().Streams.AsNoTracking()
            .Where(s => s.InstructorId == instructorId).ToListAsync());

    /// <summary>The UTC start the public class page states in its &lt;time datetime&gt;.</summary>
    protected static async Task<DateTimeOffset> StartShownOnDetailsAsync(PageClient visitor, Guid streamId)
    {
        var page = await visitor.GetAsync($"/streams/{streamId}");
        Assert.That(page.StatusCode, Is.EqualTo(HttpStatusCode.OK), page.ToString());
        var value = page.Document.QuerySelector("dl time[datetime]")?.GetAttribute("datetime")
            ?? throw new AssertionException($"No <time datetime> on {page}");
        return DateTimeOffset.Parse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
    }

    /// <summary>The balance the member's /tokens page shows.</summary>
    protected static async Task<int> TokensPageBalanceAsync(PageClient member)
    {
        var page = await member.GetAsync("/tokens");
        Assert.That(page.StatusCode, Is.EqualTo(HttpStatusCode.OK), page.ToString());
        var text = Collapse(page.Document.QuerySelector("#balance")?.TextContent) ?? throw new AssertionException($"No #balance on {page}");
        return int.Parse(text.Split(' ')[0], CultureInfo.InvariantCulture);
    }

    /// <summary>A member signed up through the form, given <paramref name="tokens"/>, who enrolled (and paid) through the class page.</summary>
    protected async Task<(PageClient Visitor, string Email)> PayingMemberAsync(Guid streamId, int tokens)
    {
        var (visitor, email) = await SignedInMemberAsync();
        if (tokens > 0) await GrantAsync(email, tokens);
        var page = await EnrollAsync(visitor, streamId);
        Assert.That(page.Document.QuerySelector("#enrolled-note"), Is.Not.Null, $"the member is enrolled: {page}");
        return (visitor, email);
    }

    /// <summary>A confirmation page's form (GET /cancel or /delete), asserting the page loads.</summary>
    protected static async Task<HtmlForm> ConfirmFormAsync(PageClient instructor, Guid streamId, string step)
    {
        var page = await instructor.GetAsync($"{Dashboard}/{streamId}/{step}");
        Assert.That(page.StatusCode, Is.EqualTo(HttpStatusCode.OK), page.ToString());
        return page.FormPostingTo($"{Dashboard}/{streamId}/{step}");
    }

    /// <summary>Posts a confirmation form and returns the dashboard the redirect lands on.</summary>
    protected static async Task<HtmlPage> ConfirmAsync(PageClient instructor, Guid streamId, string step)
    {
        var response = await instructor.SubmitAsync(await ConfirmFormAsync(instructor, streamId, step));
        Assert.That(PageClient.RedirectTarget(response).AbsolutePath, Is.EqualTo(Dashboard));
        return await instructor.FollowRedirectAsync(response);
    }

    protected sealed record Teacher(PageClient Visitor, string Email, string Id, string DisplayName) : IDisposable
    {
        public void Dispose() => Visitor.Dispose();
    }

    protected sealed record Totals(int Upcoming, int Enrollments, int TokensThisMonth, int TokensOverall);
}
