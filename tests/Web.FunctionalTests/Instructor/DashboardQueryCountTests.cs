
namespace Streaming.Web.FunctionalTests.Instructor;

/// <summary>
/// The dashboard aggregates in the database: the same small number of SQL commands for 3 or 30
/// classes (with enrollments), whatever the filter or sort. Counts every command EF Core runs
/// during the request, so this fixture runs alone.
/// </summary>
[NonParallelizable]
public class DashboardQueryCountTests : InstructorTestBase
{
    // The dashboard's own queries plus the signed-in session's check (one indexed query per request)
    // and the layout's "has recordings?" check for the Recordings menu (one EXISTS).
    private const int Bound = 10;

    [Test]
    public async Task The_list_page_runs_the_same_bounded_number_of_commands_for_3_and_30_classes()
    {
        using var coach = await SignedInInstructorAsync();
        var members = new List<PageClient>();
        try
        {
            await AddClassesAsync(coach.Id, 3, members);
            await DashboardAsync(coach.Visitor); // warm-up: the first request compiles the queries
            var few = await CountCommandsAsync(coach.Visitor, "");

            await AddClassesAsync(coach.Id, 27, members);
            var many = await CountCommandsAsync(coach.Visitor, "");
            var page = await DashboardAsync(coach.Visitor);
            Assert.That(RowIds(page), Has.Count.EqualTo(20), "30 classes fill the first page");
            Assert.That(TotalsOf(page).Enrollments, Is.EqualTo(members.Count), "the counted page really aggregates the enrollments");

            var byRevenue = await CountCommandsAsync(coach.Visitor, "?sort=Revenue&page=2");
            var byEnrollments = await CountCommandsAsync(coach.Visitor, "?sort=Enrollments&status=Scheduled&q=class");
            var empty = await CountCommandsAsync(coach.Visitor, "?q=nothing-matches");

            using (Assert.EnterMultipleScope())
            {
                Assert.That(few, Is.GreaterThanOrEqualTo(3), "the counter sees the dashboard's queries");
                Assert.That(many, Is.EqualTo(few), "more classes must not mean more SQL commands");
                Assert.That(many, Is.LessThanOrEqualTo(Bound));
                Assert.That(byRevenue, Is.EqualTo(few));
                Assert.That(byEnrollments, Is.EqualTo(few));
                Assert.That(empty, Is.LessThanOrEqualTo(few));
            }

            TestContext.Out.WriteLine($"SQL commands: 3 classes {few}, 30 classes {many}, sorted by revenue {byRevenue}, filtered {byEnrollments}, empty {empty}");
        }
        finally
        {
            members.ForEach(m => m.Dispose());
        }
    }

    /// <summary>Adds classes, every third one with a paid seat taken through the class page.</summary>
    private async Task AddClassesAsync(string instructorId, int count, List<PageClient> members)
    {
        for (var i = 0; i < count; i++)
        {
            var stream = await ScheduleAsync(instructorId, $"Class {Guid.NewGuid():N}", startsIn: TimeSpan.FromHours(24 + i), price: 1 + (i % 4));
            if (i % 3 == 0) members.Add((await PayingMemberAsync(stream.Id, stream.PriceInTokens)).Visitor);
        }
    }

    private static async Task<int> CountCommandsAsync(PageClient visitor, string query)
    {
        using var counter = new CommandCounter();
        var response = await visitor.Http.GetAsync(Dashboard + query);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), query);
        return counter.Count;
    }
}
