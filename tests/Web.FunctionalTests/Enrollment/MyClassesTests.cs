using Streaming.Domain.Common;

namespace Streaming.Web.FunctionalTests.Enrollments;

/// <summary>/me/classes: live now, upcoming (with .ics and Cancel), past with the replay's availability.</summary>
public class MyClassesTests : ClassesTestBase
{
    private static IReadOnlyList<string> Section(HtmlPage page, string heading)
    {
        var h2 = page.Document.QuerySelectorAll("main h2").FirstOrDefault(h => h.TextContent.Trim() == heading)
            ?? throw new AssertionException($"No '{heading}' section on {page}");
        var list = h2.NextElementSibling;
        return list?.LocalName == "ul"
            ? list.QuerySelectorAll("li.my-class").Select(li => Collapse(li.TextContent)!).ToList()
            : [];
    }

    [Test]
    public async Task Classes_are_grouped_into_live_now_upcoming_and_past_with_the_replay_state()
    {
        var coach = await InstructorAsync("Coach Mine");
        var live = await ScheduleAsync(coach, "Mine live", TimeSpan.FromHours(1), price: 0);
        var upcoming = await ScheduleAsync(coach, "Mine upcoming", TimeSpan.FromDays(2), price: 0);
        var replayable = await ScheduleAsync(coach, "Mine replayable", TimeSpan.FromHours(2), price: 0);
        var expired = await ScheduleAsync(coach, "Mine expired", TimeSpan.FromHours(3), price: 0);
        var (member, _) = await SignedInMemberAsync();
        var start = Factory.Clock.Now;
        using (member)
        {
            foreach (var stream in new[] { live, upcoming, replayable, expired }) await EnrollAsync(member, stream.Id);
            try
            {
                // "expired" ran ten days ago (replays last 7 days); "replayable" ended a day ago.
                Factory.Clock.Now = start + TimeSpan.FromHours(4);
                await ChangeStreamAsync(expired.Id, (s, now) => { s.GoLive(now); s.End(now, RetentionPolicy.Default); });
                Factory.Clock.Now = start + TimeSpan.FromDays(9);
                await ChangeStreamAsync(replayable.Id, (s, now) => { s.GoLive(now); s.End(now, RetentionPolicy.Default); });
                Factory.Clock.Now = start + TimeSpan.FromDays(10);
                await ChangeStreamAsync(live.Id, (s, now) => s.GoLive(now));
                await ChangeStreamAsync(upcoming.Id, (s, now) => s.Reschedule(now + TimeSpan.FromDays(2), 45, now));

                var page = await member.GetAsync("/me/classes");

                Assert.That(page.StatusCode, Is.EqualTo(HttpStatusCode.OK), page.ToString());
                using (Assert.EnterMultipleScope())
                {
                    Assert.That(Section(page, "Live now"), Has.One.Contains("Mine live"));
                    Assert.That(Section(page, "Upcoming"), Has.Count.EqualTo(1).And.One.Contains("Mine upcoming"));
                    var past = Section(page, "Past");
                    Assert.That(past.Single(p => p.Contains("Mine replayable", StringComparison.Ordinal)), Does.Contain("Replay until"));
                    Assert.That(past.Single(p => p.Contains("Mine expired", StringComparison.Ordinal)), Does.Contain("Replay expired"));
                    Assert.That(Section(page, "Upcoming")[0], Does.Contain(".ics").And.Contain("Cancel").And.Contain("with Coach Mine"));
                }
            }
            finally
            {
                Factory.Clock.Now = start;
            }
        }
    }

    [Test]
    public async Task A_new_member_has_no_classes_and_is_pointed_to_the_catalog()
    {
        var (member, _) = await SignedInMemberAsync();
        using (member)
        {
            var page = await member.GetAsync("/me/classes");

            Assert.That(page.Text, Does.Contain("No upcoming classes. Find one."));
            Assert.That(page.Document.QuerySelectorAll("li.my-class"), Is.Empty);
        }
    }
}
