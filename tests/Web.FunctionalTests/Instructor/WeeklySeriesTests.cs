using Streaming.Domain.Streams;

namespace Streaming.Web.FunctionalTests.Instructor;

/// <summary>
/// "Repeat weekly" on the schedule form: N normal classes at the same wall-clock time each week in
/// the instructor's zone (across a daylight-saving change), with the replay price; bad counts and
/// a week whose time does not exist are refused with a message and nothing is created.
/// </summary>
public class WeeklySeriesTests : InstructorTestBase
{
    [Test]
    public async Task Four_weekly_classes_keep_the_Paris_wall_clock_time_across_the_summer_time_change()
    {
        using var coach = await SignedInInstructorAsync("Coach Series");
        var form = Fill(await NewClassFormAsync(coach.Visitor), "Sunday stretch", new DateTime(2030, 3, 17, 18, 0, 0), "Europe/Paris", price: 6, capacity: 10)
            .Set("Occurrences", "4").Set("ReplayPriceInTokens", "3");

        var first = await SubmitNewClassAsync(coach.Visitor, form);

        var classes = (await StoredOfAsync(coach.Id)).OrderBy(s => s.ScheduledStart).ToList();
        Assert.That(classes.Select(s => s.ScheduledStart), Is.EqualTo(new[]
        {
            new DateTimeOffset(2030, 3, 17, 17, 0, 0, TimeSpan.Zero),
            new DateTimeOffset(2030, 3, 24, 17, 0, 0, TimeSpan.Zero),
            new DateTimeOffset(2030, 3, 31, 16, 0, 0, TimeSpan.Zero), // summer time from 31 March: still 18:00 in Paris
            new DateTimeOffset(2030, 4, 7, 16, 0, 0, TimeSpan.Zero),
        }));
        Assert.That(classes[0].Id, Is.EqualTo(first));
        Assert.That(classes.Select(s => (s.Title, s.PriceInTokens, s.Capacity, s.ReplayPriceInTokens, s.Status)),
            Is.All.EqualTo(("Sunday stretch", 6, (int?)10, (int?)3, StreamStatus.Scheduled)), "each a normal class");
        Assert.That(classes.Select(s => s.Id).Distinct().Count(), Is.EqualTo(4));
        var dashboard = await DashboardAsync(coach.Visitor);
        Assert.That(Flash(dashboard), Is.EqualTo("4 weekly classes of \"Sunday stretch\" are scheduled; each can be edited or cancelled on its own."));
        Assert.That(RowIds(dashboard), Has.Count.EqualTo(4));
    }

    [TestCase("0", "A weekly series has 1 to 52 classes.")]
    [TestCase("53", "A weekly series has 1 to 52 classes.")]
    [TestCase("110", "A weekly series has 1 to 52 classes.")]
    public async Task A_bad_count_is_refused_with_a_message(string occurrences, string message)
    {
        using var coach = await SignedInInstructorAsync();
        var form = Fill(await NewClassFormAsync(coach.Visitor), "Too many", new DateTime(2030, 2, 3, 10, 0, 0), "Europe/Paris").Set("Occurrences", occurrences);

        var page = await coach.Visitor.SubmitForPageAsync(form);

        Assert.That(page.FieldMessage("Occurrences"), Is.EqualTo(message), page.ToString());
        Assert.That(await StoredOfAsync(coach.Id), Is.Empty);
    }

    [Test]
    public async Task A_series_reaching_a_time_that_does_not_exist_or_past_two_years_is_refused()
    {
        using var coach = await SignedInInstructorAsync();
        var gap = Fill(await NewClassFormAsync(coach.Visitor), "Night owls", new DateTime(2030, 3, 17, 2, 30, 0), "Europe/Paris").Set("Occurrences", "3");
        var far = Fill(await NewClassFormAsync(coach.Visitor), "Far away", new DateTime(2031, 12, 1, 10, 0, 0), "Europe/Paris").Set("Occurrences", "10");

        var gapPage = await coach.Visitor.SubmitForPageAsync(gap);
        var farPage = await coach.Visitor.SubmitForPageAsync(far);

        Assert.That(gapPage.FieldMessage("Occurrences"), Does.StartWith("In one of the weeks that time does not exist in your time zone"));
        Assert.That(farPage.FieldMessage("Occurrences"), Is.EqualTo("The last class of the series must be within the next two years."));
        Assert.That(await StoredOfAsync(coach.Id), Is.Empty);
    }

    [Test]
    public async Task The_replay_price_is_checked_and_kept_by_the_edit_form()
    {
        using var coach = await SignedInInstructorAsync();
        var form = Fill(await NewClassFormAsync(coach.Visitor), "Replay priced", new DateTime(2030, 2, 3, 10, 0, 0), "Europe/Paris");

        var refused = await coach.Visitor.SubmitForPageAsync(form.Set("ReplayPriceInTokens", "-2"));
        Assert.That(refused.FieldMessage("ReplayPriceInTokens"), Is.EqualTo("The replay price must be between 0 and 10,000 tokens, or empty for the class price."));

        var id = await SubmitNewClassAsync(coach.Visitor, refused.Form("#stream-form").Set("ReplayPriceInTokens", "2"));
        var edit = (await coach.Visitor.GetAsync($"{Dashboard}/{id}/edit")).Form("#stream-form");
        Assert.That(edit["ReplayPriceInTokens"], Is.EqualTo("2"));
        await coach.Visitor.SubmitAsync(edit.Set("ReplayPriceInTokens", ""));
        Assert.That((await StoredAsync(id))!.ReplayPriceInTokens, Is.Null, "empty: the class price");
    }
}
