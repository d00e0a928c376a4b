using System.Net.Http.Headers;

namespace Streaming.Web.FunctionalTests.Catalog;

/// <summary>
/// The catalog's date filter uses the visitor's days: the profile's zone when signed in and set,
/// else the browser's (the <c>tz</c> cookie site.js keeps), else UTC; the cards show times in that zone.
/// </summary>
public class CatalogTimeZoneTests : ClassesTestBase
{
    private static readonly DateTimeOffset LateInLosAngeles = new(2030, 12, 5, 7, 0, 0, TimeSpan.Zero);   // Dec 4, 23:00 in Los Angeles
    private static readonly DateTimeOffset EveningBefore = new(2030, 12, 4, 5, 0, 0, TimeSpan.Zero);      // Dec 3, 21:00 in Los Angeles
    private static readonly DateTimeOffset NoonUtc = new(2030, 12, 4, 12, 0, 0, TimeSpan.Zero);           // Dec 4, 04:00 in Los Angeles

    private async Task<(string Coach, Guid Late, Guid Before, Guid Noon)> ThreeClassesAsync()
    {
        var coach = await InstructorAsync("Coach Zones");
        var now = Factory.Clock.Now;
        var late = await ScheduleAsync(coach, "Late class", LateInLosAngeles - now);
        var before = await ScheduleAsync(coach, "Before class", EveningBefore - now);
        var noon = await ScheduleAsync(coach, "Noon class", NoonUtc - now);
        return (coach, late.Id, before.Id, noon.Id);
    }

    private static async Task<HtmlPage> Dec4Async(PageClient visitor, string coach, string? browserZone)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/streams?instructor={coach}&from=2030-12-04&to=2030-12-04");
        if (browserZone is not null) request.Headers.Add("Cookie", $"tz={Uri.EscapeDataString(browserZone)}");
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/html"));
        var page = await HtmlPage.ReadAsync(await visitor.Http.SendAsync(request));
        Assert.That(page.StatusCode, Is.EqualTo(HttpStatusCode.OK), page.ToString());
        return page;
    }

    private static Dictionary<Guid, string> Times(HtmlPage page) =>
        page.Document.QuerySelectorAll("#stream-list article.stream-card")
            .ToDictionary(a => Guid.Parse(a.GetAttribute("data-stream-id")!), a => a.QuerySelector("time")!.TextContent.Trim());

    [Test]
    public async Task A_los_angeles_visitor_filtering_dec_4_sees_the_class_shown_as_dec_4_11_pm()
    {
        var (coach, late, before, noon) = await ThreeClassesAsync();
        using var visitor = NewVisitor();

        var page = await Dec4Async(visitor, coach, "America/Los_Angeles");
        var times = Times(page);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(times.Keys, Is.EquivalentTo(new[] { late, noon }), "Dec 4 in Los Angeles runs from 08:00 UTC to 08:00 UTC the next day");
            Assert.That(times.GetValueOrDefault(late), Is.EqualTo("Wed 4 Dec, 23:00"));
            Assert.That(times.GetValueOrDefault(noon), Is.EqualTo("Wed 4 Dec, 04:00"));
            Assert.That(page.Document.QuerySelector("#zone-note")?.TextContent, Does.Contain("America/Los_Angeles"));
        }
    }

    [Test]
    public async Task Without_a_zone_the_days_are_utc_days()
    {
        var (coach, _, before, noon) = await ThreeClassesAsync();
        using var visitor = NewVisitor();

        var page = await Dec4Async(visitor, coach, browserZone: null);

        Assert.That(Times(page).Keys, Is.EquivalentTo(new[] { before, noon }));
        Assert.That(page.Document.QuerySelector("#zone-note"), Is.Null, "the script shows times in the browser's zone; no zone to name");
    }

    [Test]
    public async Task An_unknown_zone_in_the_cookie_falls_back_to_utc()
    {
        var (coach, _, before, noon) = await ThreeClassesAsync();
        using var visitor = NewVisitor();

        var page = await Dec4Async(visitor, coach, "Nowhere/Special");

        Assert.That(Times(page).Keys, Is.EquivalentTo(new[] { before, noon }));
    }

    [Test]
    public async Task A_signed_in_members_profile_zone_wins_over_the_browsers()
    {
        var (coach, _, before, noon) = await ThreeClassesAsync();
        var (member, _) = await SignedInMemberAsync();
        using (member)
        {
            var form = (await member.GetAsync("/me/profile")).Form("#profile-form").Set("TimeZone", "Asia/Tokyo");
            Assert.That((await member.SubmitAsync(form)).StatusCode, Is.EqualTo(HttpStatusCode.Redirect));

            var page = await Dec4Async(member, coach, "America/Los_Angeles");
            var times = Times(page);

            using (Assert.EnterMultipleScope())
            {
                Assert.That(times.Keys, Is.EquivalentTo(new[] { before, noon }), "Dec 4 in Tokyo runs from Dec 3, 15:00 UTC");
                Assert.That(times.GetValueOrDefault(before), Is.EqualTo("Wed 4 Dec, 14:00"));
                Assert.That(page.Document.QuerySelector("#zone-note")?.TextContent, Does.Contain("Asia/Tokyo"));
            }
        }
    }
}
