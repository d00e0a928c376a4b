namespace Streaming.Web.FunctionalTests.Catalog;

/// <summary>
/// The anonymous catalog is answered from the output cache, and a class that changes shows its
/// change on the very next visit: the cache never lists a cancelled class or an old title.
/// </summary>
[NonParallelizable] // counts SQL commands
public class CatalogOutputCacheTests : ClassesTestBase
{
    private static string Unique(string prefix) => $"{prefix}{Guid.NewGuid():N}"[..(prefix.Length + 12)];

    private static IReadOnlyList<string> Titles(HtmlPage page) =>
        page.Document.QuerySelectorAll("#stream-list article.stream-card .card-title")
            .Select(t => Collapse(t.TextContent)!).ToList();

    /// <summary>The catalog filtered by one instructor, and how many SQL commands answering it took.</summary>
    private static async Task<(IReadOnlyList<string> Titles, int Commands)> CatalogAsync(PageClient visitor, string instructorId)
    {
        using var counter = new CommandCounter();
        var page = await visitor.GetAsync($"/streams?instructor={instructorId}");
        Assert.That(page.StatusCode, Is.EqualTo(HttpStatusCode.OK), page.ToString());
        return (Titles(page), counter.Count);
    }

    [Test]
    public async Task A_second_anonymous_visit_is_answered_without_the_database()
    {
        var coach = await InstructorAsync();
        var title = Unique("Cached");
        await ScheduleAsync(coach, title);
        using var first = NewVisitor();
        using var second = NewVisitor();

        var fresh = await CatalogAsync(first, coach);
        var cached = await CatalogAsync(second, coach);

        Assert.Multiple(() =>
        {
            Assert.That(fresh.Commands, Is.GreaterThan(0));
            Assert.That(cached.Commands, Is.Zero, "the second visitor gets the stored page");
            Assert.That(cached.Titles, Is.EqualTo(new[] { title }));
        });
    }

    [Test]
    public async Task A_cancelled_class_disappears_on_the_next_visit()
    {
        var coach = await InstructorAsync();
        var kept = await ScheduleAsync(coach, Unique("Kept"), TimeSpan.FromDays(1));
        var cancelled = await ScheduleAsync(coach, Unique("Called off"), TimeSpan.FromDays(2));
        using var visitor = NewVisitor();
        await CatalogAsync(visitor, coach);
        Assert.That((await CatalogAsync(visitor, coach)).Commands, Is.Zero, "the page was cached before the change");

        await InstructorCancelsAsync(coach, cancelled.Id);

        Assert.That((await CatalogAsync(visitor, coach)).Titles, Is.EqualTo(new[] { kept.Title }));
    }

    [Test]
    public async Task An_edited_title_and_a_new_class_show_on_the_next_visit()
    {
        var coach = await InstructorAsync();
        var stream = await ScheduleAsync(coach, Unique("Before"), TimeSpan.FromDays(1));
        using var visitor = NewVisitor();
        await CatalogAsync(visitor, coach);
        Assert.That((await CatalogAsync(visitor, coach)).Commands, Is.Zero, "the page was cached before the change");

        var renamed = Unique("After");
        await ChangeStreamAsync(stream.Id, (s, _) => s.UpdateDetails(renamed, s.Description, s.Category));
        Assert.That((await CatalogAsync(visitor, coach)).Titles, Is.EqualTo(new[] { renamed }));

        var added = await ScheduleAsync(coach, Unique("Added"), TimeSpan.FromDays(2));
        Assert.That((await CatalogAsync(visitor, coach)).Titles, Is.EqualTo(new[] { renamed, added.Title }));
    }

    [Test]
    public async Task A_class_whose_time_is_over_leaves_the_cached_list_without_any_save()
    {
        var coach = await InstructorAsync();
        var soon = await ScheduleAsync(coach, Unique("Soon"), TimeSpan.FromHours(1));
        var later = await ScheduleAsync(coach, Unique("Later"), TimeSpan.FromDays(1));
        using var visitor = NewVisitor();
        await CatalogAsync(visitor, coach);
        Assert.That((await CatalogAsync(visitor, coach)).Commands, Is.Zero, "the page was cached");

        Factory.Clock.Advance(TimeSpan.FromHours(2)); // "Soon" started and its 45 minutes are over

        Assert.That((await CatalogAsync(visitor, coach)).Titles, Is.EqualTo(new[] { later.Title }), $"{soon.Title} is over");
    }

    [Test]
    public async Task A_signed_in_member_is_never_served_the_shared_copy()
    {
        var coach = await InstructorAsync();
        await ScheduleAsync(coach, Unique("Members"));
        using var anonymous = NewVisitor();
        await CatalogAsync(anonymous, coach);
        var (member, _) = await SignedInMemberAsync();
        using (member)
        {
            Assert.That((await CatalogAsync(member, coach)).Commands, Is.GreaterThan(0), "their page marks their own enrollments");
        }
    }
}
