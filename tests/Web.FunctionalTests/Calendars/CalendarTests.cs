using System.Globalization;
using System.Net.Http.Headers;
using Streaming.Domain.Streams;

namespace Streaming.Web.FunctionalTests.Calendars;

/// <summary>
/// "Add to calendar" (/streams/{id}/calendar.ics) and the personal feed (/calendar/{token}.ics),
/// fetched through real HTTP the way a calendar app would: anonymously, with If-None-Match.
/// </summary>
public class CalendarTests : ClassesTestBase
{
    private static string Utc(DateTimeOffset time) => time.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);

    private static string Uid(Guid streamId) => $"stream-{streamId}@streaming";

    private static void AssertIsCalendar(HttpResponseMessage response)
    {
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("text/calendar"));
        Assert.That(response.Content.Headers.ContentType?.CharSet, Is.EqualTo("utf-8"));
    }

    /// <summary>Creates the member's feed on "My classes" and returns the feed's path (webcal:// turned into a path on this server).</summary>
    private static async Task<string> CreateFeedAsync(PageClient member)
    {
        var mine = await member.GetAsync("/me/classes");
        Assert.That(mine.Document.QuerySelector("#feed-url"), Is.Null, "no feed before the member asks for one");
        var form = mine.Form("#calendar-feed form");
        var after = await member.FollowRedirectAsync(await member.SubmitAsync(form));
        return FeedPath(after);
    }

    private static string FeedPath(HtmlPage page)
    {
        var url = page.Document.QuerySelector<IHtmlInputElement>("#feed-url")?.Value
            ?? throw new AssertionException($"No #feed-url on {page}");
        Assert.That(url, Does.StartWith("webcal://"));
        Assert.That(url, Does.EndWith(".ics"));
        return new Uri("http://" + url["webcal://".Length..]).PathAndQuery;
    }

    private async Task<HttpResponseMessage> FetchAnonymouslyAsync(string path, EntityTagHeaderValue? ifNoneMatch = null)
    {
        using var calendarApp = NewVisitor();
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (ifNoneMatch is not null) request.Headers.IfNoneMatch.Add(ifNoneMatch);
        return await calendarApp.Http.SendAsync(request);
    }

    [Test]
    public async Task A_class_downloads_as_an_ics_file_with_the_title_uid_and_utc_times()
    {
        var coach = await InstructorAsync("Coach Ics");
        var title = $"Sunrise flow, stretch; breathe — für alle ☀ a long title that has to be folded {Guid.NewGuid():N}";
        var stream = await ScheduleAsync(coach, title, TimeSpan.FromDays(2) + TimeSpan.FromMinutes(30), description: "Line one\nline two, with a comma");
        using var visitor = NewVisitor();

        var response = await visitor.Http.GetAsync($"/streams/{stream.Id}/calendar.ics");
        var bytes = await response.Content.ReadAsByteArrayAsync();
        var ics = IcsFile.Parse(System.Text.Encoding.UTF8.GetString(bytes));

        AssertIsCalendar(response);
        var disposition = response.Content.Headers.ContentDisposition;
        var vevent = ics.EventWithUid(Uid(stream.Id));
        using (Assert.EnterMultipleScope())
        {
            Assert.That(disposition?.DispositionType, Is.EqualTo("attachment"));
            var fileName = (disposition?.FileNameStar ?? disposition?.FileName)?.Trim('"');
            Assert.That(fileName, Does.StartWith("sunrise-flow-stretch-breathe").And.EndWith($"-{stream.ScheduledStart.UtcDateTime:yyyy-MM-dd}.ics"));
            Assert.That(bytes.Take(3), Is.Not.EqualTo(new byte[] { 0xEF, 0xBB, 0xBF }), "no byte-order mark");
            Assert.That(ics.FramingProblems(), Is.Empty, "CRLF and 75-octet lines");
            Assert.That(ics.Raw, Does.Not.Contain("SUMMARY:" + IcsFile.Escape(title)), "the long title is folded");
            Assert.That(ics.Calendar.GetValueOrDefault("METHOD"), Is.EqualTo("PUBLISH"));
            Assert.That(ics.Events, Has.Count.EqualTo(1));
            Assert.That(vevent, Is.Not.Null, ics.Unfolded);
            Assert.That(vevent?.GetValueOrDefault("SUMMARY"), Is.EqualTo(IcsFile.Escape(title)), "the title, escaped, once unfolded");
            Assert.That(vevent?.GetValueOrDefault("DTSTART"), Is.EqualTo(Utc(stream.ScheduledStart)));
            Assert.That(vevent?.GetValueOrDefault("DTEND"), Is.EqualTo(Utc(stream.ScheduledEnd)));
            Assert.That(vevent?.GetValueOrDefault("DTSTAMP"), Does.EndWith("Z"));
            Assert.That(vevent?.GetValueOrDefault("URL"), Is.EqualTo($"http://localhost/streams/{stream.Id}/watch"), "the watch page");
            Assert.That(vevent?.GetValueOrDefault("DESCRIPTION"), Does.Contain("Line one\\nline two\\, with a comma"));
            Assert.That(vevent?.GetValueOrDefault("DESCRIPTION"), Does.Contain($"Watch: http://localhost/streams/{stream.Id}/watch"));
            Assert.That(ics.Unfolded, Does.Contain("BEGIN:VALARM").And.Contain("TRIGGER:-PT15M"));
        }

        // A real parser agrees, and a second download describes the same event (stable UID).
        using var parsed = System.Text.Json.JsonDocument.Parse(IcsFile.ValidateWithIcalJs(bytes));
        var parsedEvent = parsed.RootElement.GetProperty("events")[0];
        Assert.That(parsedEvent.GetProperty("summary").GetString(), Is.EqualTo(title));
        Assert.That(parsedEvent.GetProperty("startIsUtc").GetBoolean(), Is.True);
        var again = IcsFile.Parse(await visitor.Http.GetStringAsync($"/streams/{stream.Id}/calendar.ics"));
        Assert.That(again.Events.Single()["UID"], Is.EqualTo(Uid(stream.Id)));
    }

    [Test]
    public async Task A_moved_class_and_then_one_that_ended_early_carry_their_real_times_and_one_more_sequence_per_change()
    {
        var coach = await InstructorAsync("Coach Moves");
        var stream = await ScheduleAsync(coach, "Moving class", TimeSpan.FromDays(2));
        using var visitor = NewVisitor();
        async Task<IReadOnlyDictionary<string, string>> EventAsync() =>
            IcsFile.Parse(await visitor.Http.GetStringAsync($"/streams/{stream.Id}/calendar.ics")).EventWithUid(Uid(stream.Id))
            ?? throw new AssertionException("no event");
        var start = Factory.Clock.Now;
        try
        {
            var planned = await EventAsync();
            var movedTo = start + TimeSpan.FromDays(3);
            await ChangeStreamAsync(stream.Id, (s, now) => s.Reschedule(movedTo, 45, now));
            var moved = await EventAsync();
            await ChangeStreamAsync(stream.Id, (s, now) => s.UpdateDetails("Moving class, renamed", s.Description, s.Category));
            var renamed = await EventAsync();

            Factory.Clock.Now = movedTo.AddMinutes(2);
            await ChangeStreamAsync(stream.Id, (s, now) => s.GoLive(now));
            Factory.Clock.Now = movedTo.AddMinutes(20); // 45 minutes planned, ended after 18
            await ChangeStreamAsync(stream.Id, (s, now) => s.End(now, Domain.Common.RetentionPolicy.Default));
            var ended = await EventAsync();

            using (Assert.EnterMultipleScope())
            {
                Assert.That(planned["SEQUENCE"], Is.EqualTo("0"));
                Assert.That(moved["SEQUENCE"], Is.EqualTo("1"));
                Assert.That(moved["DTSTART"], Is.EqualTo(Utc(movedTo)));
                Assert.That(moved["DTEND"], Is.EqualTo(Utc(movedTo.AddMinutes(45))));
                Assert.That(renamed["SEQUENCE"], Is.EqualTo("1"), "a new title is not a new time");
                Assert.That(renamed["SUMMARY"], Is.EqualTo("Moving class\\, renamed"));
                Assert.That(ended["SEQUENCE"], Is.EqualTo("2"));
                Assert.That(ended["DTSTART"], Is.EqualTo(Utc(movedTo.AddMinutes(2))), "when it really started");
                Assert.That(ended["DTEND"], Is.EqualTo(Utc(movedTo.AddMinutes(20))), "when it really ended");
                Assert.That(ended["URL"], Does.EndWith($"/streams/{stream.Id}/watch"), "the replay plays on the watch page");
            }
        }
        finally
        {
            Factory.Clock.Now = start;
        }
    }

    [Test]
    public async Task The_google_and_outlook_links_carry_the_watch_link_once()
    {
        var coach = await InstructorAsync("Coach Links");
        var stream = await ScheduleAsync(coach, "Linked class", description: "Bring a mat.");
        using var visitor = NewVisitor();

        var page = await visitor.GetAsync($"/streams/{stream.Id}");
        var google = new Uri(page.Document.QuerySelectorAll("a").Single(a => a.TextContent.Trim() == "Google").GetAttribute("href")!);
        var outlook = new Uri(page.Document.QuerySelectorAll("a").Single(a => a.TextContent.Trim() == "Outlook").GetAttribute("href")!);
        var googleQuery = System.Web.HttpUtility.ParseQueryString(google.Query);
        var outlookQuery = System.Web.HttpUtility.ParseQueryString(outlook.Query);
        var watch = $"http://localhost/streams/{stream.Id}/watch";

        using (Assert.EnterMultipleScope())
        {
            Assert.That(googleQuery["text"], Is.EqualTo("Linked class"));
            Assert.That(googleQuery["details"], Is.EqualTo($"Bring a mat.\n\nWith Coach Links.\n\n{watch}"));
            Assert.That(outlookQuery["body"], Is.EqualTo($"Bring a mat.\n\nWith Coach Links.\n\n{watch}"));
        }
    }

    [Test]
    public async Task An_unknown_class_has_no_calendar_file()
    {
        using var visitor = NewVisitor();

        var page = await visitor.GetAsync($"/streams/{Guid.NewGuid()}/calendar.ics");

        Assert.That(page.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }

    [Test]
    public async Task The_personal_feed_lists_the_members_classes_only_with_cancelled_ones_marked()
    {
        var coach = await InstructorAsync("Coach Feed");
        var paid = await ScheduleAsync(coach, "Feed paid", TimeSpan.FromDays(1), price: 3);
        var free = await ScheduleAsync(coach, "Feed free", TimeSpan.FromDays(2), price: 0);
        var doomed = await ScheduleAsync(coach, "Feed doomed", TimeSpan.FromDays(3), price: 2);
        var leftByMember = await ScheduleAsync(coach, "Feed left", TimeSpan.FromDays(4), price: 2);
        var notMine = await ScheduleAsync(coach, "Feed not mine", TimeSpan.FromDays(5), price: 0);
        var (member, email) = await SignedInMemberAsync();
        var (other, _) = await SignedInMemberAsync("other");
        var start = Factory.Clock.Now;
        using (member)
        using (other)
        {
            await GrantAsync(email, 20);
            foreach (var stream in new[] { paid, free, doomed, leftByMember }) await EnrollAsync(member, stream.Id);
            await EnrollAsync(other, notMine.Id);
            var mine = await member.GetAsync("/me/classes");
            var cancelForm = new HtmlForm(
                (IHtmlFormElement)mine.Document.QuerySelector($"li.my-class[data-stream-id='{leftByMember.Id}'] form")!, mine.Url);
            await member.SubmitAsync(cancelForm);

            var path = await CreateFeedAsync(member);
            Assert.That(path, Does.Match("^/calendar/[0-9a-f]{32,}\\.ics$"), "an unguessable token");
            var before = IcsFile.Parse(await (await FetchAnonymouslyAsync(path)).Content.ReadAsStringAsync());
            try
            {
                Factory.Clock.Advance(TimeSpan.FromHours(1));
                await InstructorCancelsAsync(coach, doomed.Id);

                var response = await FetchAnonymouslyAsync(path);
                var bytes = await response.Content.ReadAsByteArrayAsync();
                var feed = IcsFile.Parse(System.Text.Encoding.UTF8.GetString(bytes));

                AssertIsCalendar(response);
                using (Assert.EnterMultipleScope())
                {
                    Assert.That(feed.Events.Select(e => e["UID"]), Is.EquivalentTo(new[] { Uid(paid.Id), Uid(free.Id), Uid(doomed.Id) }));
                    Assert.That(feed.Unfolded, Does.Not.Contain("Feed not mine").And.Not.Contain("Feed left"));
                    Assert.That(feed.EventWithUid(Uid(doomed.Id))?.GetValueOrDefault("STATUS"), Is.EqualTo("CANCELLED"));
                    Assert.That(int.Parse(feed.EventWithUid(Uid(doomed.Id))!["SEQUENCE"], CultureInfo.InvariantCulture),
                        Is.GreaterThan(int.Parse(before.EventWithUid(Uid(doomed.Id))!["SEQUENCE"], CultureInfo.InvariantCulture)),
                        "calendar apps take the cancellation because the SEQUENCE grew");
                    Assert.That(feed.EventWithUid(Uid(paid.Id))?.GetValueOrDefault("STATUS"), Is.Not.EqualTo("CANCELLED"));
                    Assert.That(feed.EventWithUid(Uid(paid.Id))?.GetValueOrDefault("DTSTART"), Is.EqualTo(Utc(paid.ScheduledStart)));
                    Assert.That(feed.Calendar.GetValueOrDefault("X-WR-CALNAME"), Does.StartWith("Streaming classes"));
                    Assert.That(feed.Calendar.GetValueOrDefault("REFRESH-INTERVAL"), Is.EqualTo("PT1H"));
                    Assert.That(feed.FramingProblems(), Is.Empty);
                    Assert.That(response.Headers.ETag, Is.Not.Null);
                }

                IcsFile.ValidateWithIcalJs(bytes);
            }
            finally
            {
                Factory.Clock.Now = start;
            }
        }
    }

    [Test]
    public async Task The_feed_answers_304_to_its_own_etag_and_200_when_it_changed()
    {
        var coach = await InstructorAsync();
        var first = await ScheduleAsync(coach, "Etag one", price: 0);
        var second = await ScheduleAsync(coach, "Etag two", price: 0);
        var (member, _) = await SignedInMemberAsync();
        using (member)
        {
            await EnrollAsync(member, first.Id);
            var path = await CreateFeedAsync(member);
            var initial = await FetchAnonymouslyAsync(path);
            var etag = initial.Headers.ETag ?? throw new AssertionException("no ETag");

            var unchanged = await FetchAnonymouslyAsync(path, etag);
            var otherTag = await FetchAnonymouslyAsync(path, new EntityTagHeaderValue("\"something-else\""));
            await EnrollAsync(member, second.Id);
            var changed = await FetchAnonymouslyAsync(path, etag);

            using (Assert.EnterMultipleScope())
            {
                Assert.That(unchanged.StatusCode, Is.EqualTo(HttpStatusCode.NotModified));
                Assert.That(await unchanged.Content.ReadAsByteArrayAsync(), Is.Empty);
                Assert.That(unchanged.Headers.ETag, Is.EqualTo(etag));
                Assert.That(otherTag.StatusCode, Is.EqualTo(HttpStatusCode.OK));
                Assert.That(changed.StatusCode, Is.EqualTo(HttpStatusCode.OK), "a new class changes the feed");
                Assert.That(changed.Headers.ETag, Is.Not.EqualTo(etag));
                Assert.That(await changed.Content.ReadAsStringAsync(), Does.Contain(Uid(second.Id)));
            }
        }
    }

    /// <summary>
    /// Regression: events were stamped DTSTAMP = request time and the ETag hashes the body, so the
    /// ETag changed every second and a calendar app polling hourly never got a 304.
    /// </summary>
    [Test]
    public async Task The_feed_keeps_its_etag_while_nothing_changes()
    {
        var coach = await InstructorAsync();
        var stream = await ScheduleAsync(coach, "Stable etag", price: 0);
        var (member, _) = await SignedInMemberAsync();
        var start = Factory.Clock.Now;
        using (member)
        {
            await EnrollAsync(member, stream.Id);
            var path = await CreateFeedAsync(member);
            var etag = (await FetchAnonymouslyAsync(path)).Headers.ETag ?? throw new AssertionException("no ETag");
            try
            {
                Factory.Clock.Advance(TimeSpan.FromHours(1)); // the calendar app's next poll

                var next = await FetchAnonymouslyAsync(path, etag);

                Assert.That(next.StatusCode, Is.EqualTo(HttpStatusCode.NotModified), "nothing changed in an hour");
            }
            finally
            {
                Factory.Clock.Now = start;
            }
        }
    }

    [Test]
    public async Task Replacing_the_feed_link_retires_the_old_one_and_a_random_token_is_a_404()
    {
        var coach = await InstructorAsync();
        var stream = await ScheduleAsync(coach, "Rotate", price: 0);
        var (member, _) = await SignedInMemberAsync();
        using (member)
        {
            await EnrollAsync(member, stream.Id);
            var oldPath = await CreateFeedAsync(member);
            Assert.That((await FetchAnonymouslyAsync(oldPath)).StatusCode, Is.EqualTo(HttpStatusCode.OK));

            var mine = await member.GetAsync("/me/classes");
            var replace = mine.Form("#calendar-feed form");
            Assert.That(mine.Document.QuerySelector("#calendar-feed form button")?.TextContent, Does.StartWith("Replace the link"));
            var after = await member.FollowRedirectAsync(await member.SubmitAsync(replace));
            var newPath = FeedPath(after);

            var oldAnswer = await FetchAnonymouslyAsync(oldPath);
            var newAnswer = await FetchAnonymouslyAsync(newPath);
            var random = await FetchAnonymouslyAsync($"/calendar/{Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(24))}.ics");
            var tooLong = await FetchAnonymouslyAsync($"/calendar/{new string('a', 300)}.ics");
            using (Assert.EnterMultipleScope())
            {
                Assert.That(Flash(after), Is.EqualTo("Your calendar feed link is ready. Any older link no longer works."));
                Assert.That(newPath, Is.Not.EqualTo(oldPath));
                Assert.That(oldAnswer.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
                Assert.That(await oldAnswer.Content.ReadAsStringAsync(), Does.Not.Contain("BEGIN:VCALENDAR"));
                Assert.That(newAnswer.StatusCode, Is.EqualTo(HttpStatusCode.OK));
                Assert.That(await newAnswer.Content.ReadAsStringAsync(), Does.Contain(Uid(stream.Id)));
                Assert.That(random.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
                Assert.That(tooLong.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
            }
        }
    }

    [Test]
    public async Task My_classes_and_the_feed_link_need_a_login()
    {
        using var visitor = NewVisitor();

        var page = await visitor.Http.GetAsync("/me/classes");
        var rotate = await visitor.Http.PostAsync("/me/calendar-feed", new FormUrlEncodedContent([]));

        Assert.That(PageClient.RedirectTarget(page).AbsolutePath, Is.EqualTo("/account/login"));
        Assert.That(PageClient.RedirectTarget(rotate).AbsolutePath, Is.EqualTo("/account/login"));
    }

    [Test]
    public async Task My_classes_offers_the_ics_download_for_an_upcoming_class()
    {
        var coach = await InstructorAsync();
        var stream = await ScheduleAsync(coach, "Download me", price: 0, state: StreamStatus.Scheduled);
        var (member, _) = await SignedInMemberAsync();
        using (member)
        {
            await EnrollAsync(member, stream.Id);
            var mine = await member.GetAsync("/me/classes");
            var link = mine.Document.QuerySelectorAll($"li.my-class[data-stream-id='{stream.Id}'] a").Single(a => a.TextContent.Trim() == ".ics");

            var response = await member.Http.GetAsync(link.GetAttribute("href"));

            AssertIsCalendar(response);
            Assert.That(IcsFile.Parse(await response.Content.ReadAsStringAsync()).Events.Single()["SUMMARY"], Is.EqualTo("Download me"));
        }
    }
}
