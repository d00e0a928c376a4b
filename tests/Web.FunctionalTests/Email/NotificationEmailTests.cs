using Microsoft.Extensions.DependencyInjection;
using Streaming.Application.Streams.Commands.CreateStream;
using Streaming.Domain.Notifications;
using Streaming.Domain.Streams;
using Streaming.Domain.Users;

namespace Streaming.Web.FunctionalTests.Email;

/// <summary>Reminders (with the clock moved, the class moved, cancelled or left), unsubscribing, settings and following.</summary>
public class NotificationEmailTests : EmailTestBase
{
    /// <summary>Members may leave until 5 minutes before a class here, so that leaving after the reminder was queued can be tested.</summary>
    protected override void Configure(StreamingWebFactory factory)
    {
        base.Configure(factory);
        factory.Settings["Enrollment:CancellationWindow"] = "00:05:00";
    }

    private async Task<(PageClient Visitor, string Email, LiveStream Stream)> EnrolledAsync(string title, TimeSpan startsIn)
    {
        var instructorId = await InstructorAsync();
        var stream = await ScheduleAsync(instructorId, title, startsIn: startsIn, price: 0);
        var (visitor, email) = await SignedInMemberAsync();
        await EnrollAsync(visitor, stream.Id);
        await RunOutboxAsync(); // the sign-up and receipt mail, out of the way
        return (visitor, email, stream);
    }

    /// <summary>"{title} starts in N minutes" (N as it is when the reminder goes out).</summary>
    private int RemindersTo(string email, string title) =>
        MailTo(email).Count(m => m.Message.Subject?.StartsWith($"{title} starts in ", StringComparison.Ordinal) == true);

    [Test]
    public async Task Reminder_GoesOut15MinutesBefore_Once_WithTheWatchLink()
    {
        var (_, email, stream) = await EnrolledAsync("Reminder Row", TimeSpan.FromMinutes(16));

        await RunRemindersAsync();
        await RunOutboxAsync();
        var before = RemindersTo(email, "Reminder Row");
        Factory.Clock.Advance(TimeSpan.FromMinutes(1));
        await RunRemindersAsync();
        await RunRemindersAsync();
        await RunOutboxAsync();
        await RunOutboxAsync();

        Assert.That(before, Is.EqualTo(0), "16 minutes before: not yet");
        var reminder = MailTo(email).Single(m => m.Message.Subject == "Reminder Row starts in 15 minutes");
        Assert.That(LinkTo(reminder, $"/streams/{stream.Id}/watch"), Is.EqualTo($"/streams/{stream.Id}/watch"));
    }

    [Test]
    public async Task Reminder_ForAClassMovedBeforeItWentOut_IsSkipped_AndOneForTheNewTimeFollows()
    {
        var (_, email, stream) = await EnrolledAsync("Moved Row", TimeSpan.FromMinutes(10));
        await RunRemindersAsync();
        await ChangeStreamAsync(stream.Id, (s, now) => s.Reschedule(s.ScheduledStart.AddHours(1), s.DurationMinutes, now));

        await RunOutboxAsync();
        var afterMove = RemindersTo(email, "Moved Row");
        Factory.Clock.Advance(TimeSpan.FromMinutes(55)); // 15 minutes before the new start
        await RunRemindersAsync();
        await RunOutboxAsync();

        var reminders = (await OutboxAsync(await UserIdAsync(email))).Where(e => e.Kind == EmailKind.ClassReminder).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(afterMove, Is.EqualTo(0), "not for the old time");
            Assert.That(reminders.Select(r => r.Status), Is.EquivalentTo(new[] { OutboxEmailStatus.Skipped, OutboxEmailStatus.Sent }));
            Assert.That(RemindersTo(email, "Moved Row"), Is.EqualTo(1), "one, for the new time");
        });
    }

    [Test]
    public async Task Reminder_IsSentAgain_ForAClassMovedAfterItWentOut()
    {
        var (_, email, stream) = await EnrolledAsync("Late Move Row", TimeSpan.FromMinutes(10));
        await RunRemindersAsync();
        await RunOutboxAsync();
        await ChangeStreamAsync(stream.Id, (s, now) => s.Reschedule(s.ScheduledStart.AddMinutes(30), s.DurationMinutes, now));

        Factory.Clock.Advance(TimeSpan.FromMinutes(25));
        await RunRemindersAsync();
        await RunOutboxAsync();

        Assert.That(RemindersTo(email, "Late Move Row"), Is.EqualTo(2));
    }

    [Test]
    public async Task Reminder_IsNotSent_WhenTheClassWasCancelled_OrTheMemberLeft()
    {
        var (_, cancelledEmail, cancelled) = await EnrolledAsync("Cancelled Row", TimeSpan.FromMinutes(10));
        var (leaver, leftEmail, left) = await EnrolledAsync("Left Row", TimeSpan.FromMinutes(10));
        await RunRemindersAsync(); // both reminders are queued…
        await InstructorCancelsAsync(cancelled.InstructorId, cancelled.Id);
        var enrollment = (await EnrollmentsAsync(left.Id)).Single();
        var leave = (await leaver.GetAsync($"/streams/{left.Id}")).FormPostingTo($"/me/enrollments/{enrollment.Id}/cancel");
        Assert.That((await leaver.SubmitAsync(leave)).StatusCode, Is.EqualTo(HttpStatusCode.Redirect));

        await RunOutboxAsync(); // …and found no longer true when their turn comes

        var skipped = new[] { await UserIdAsync(cancelledEmail), await UserIdAsync(leftEmail) }
            .Select(async id => (await OutboxAsync(id)).Single(e => e.Kind == EmailKind.ClassReminder));
        var reminders = await Task.WhenAll(skipped);
        Assert.Multiple(() =>
        {
            Assert.That(RemindersTo(cancelledEmail, "Cancelled Row") + RemindersTo(leftEmail, "Left Row"), Is.EqualTo(0));
            Assert.That(reminders.Select(r => r.Status), Is.All.EqualTo(OutboxEmailStatus.Skipped));
            Assert.That(reminders.Select(r => r.LastError), Is.EquivalentTo(new[] { "The class is cancelled.", "The member is no longer enrolled." }));
            Assert.That(MailTo(cancelledEmail).Count(m => m.Message.Subject == "Class cancelled: Cancelled Row"), Is.EqualTo(1));
        });
    }

    [Test]
    public async Task ReplayNotice_GoesOutADayBeforeTheReplayExpires_OnlyToMembersWhoHaveNotWatchedItWhole()
    {
        var instructorId = await InstructorAsync();
        var stream = await ScheduleAsync(instructorId, "Replay Row", startsIn: TimeSpan.FromHours(1), price: 0);
        var (watcher, watcherEmail) = await SignedInMemberAsync("watcher");
        var (skipper, skipperEmail) = await SignedInMemberAsync("skipper");
        await EnrollAsync(watcher, stream.Id);
        await EnrollAsync(skipper, stream.Id);
        await ChangeStreamAsync(stream.Id, (s, now) =>
        {
            s.GoLive(now);
            s.End(now.AddMinutes(10), Streaming.Domain.Common.RetentionPolicy.Default);
        });
        var endedAt = Factory.Clock.Now.AddMinutes(10);
        var watcherId = await UserIdAsync(watcherEmail);
        var skipperId = await UserIdAsync(skipperEmail);
        await InScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<Streaming.Infrastructure.Data.ApplicationDbContext>();
            var recording = Streaming.Domain.Live.LiveRecording.Start(stream.Id, endedAt);
            recording.StartProcessing(endedAt);
            recording.Complete($"recordings/live/{stream.Id}/replay.mp4", 1000, 600, endedAt);
            db.LiveRecordings.Add(recording);
            var whole = new Streaming.Domain.Viewing.ViewerSession(stream.Id, watcherId, Streaming.Domain.Viewing.ViewingMode.Replay, endedAt.AddHours(1));
            whole.Leave(endedAt.AddHours(1).AddMinutes(10)); // all 600 s
            var glance = new Streaming.Domain.Viewing.ViewerSession(stream.Id, skipperId, Streaming.Domain.Viewing.ViewingMode.Replay, endedAt.AddHours(1));
            glance.Leave(endedAt.AddHours(1).AddMinutes(1));
            db.ViewerSessions.AddRange(whole, glance);
            return await db.SaveChangesAsync();
        });

        Factory.Clock.Now = endedAt + TimeSpan.FromDays(5); // two days left: too early
        await RunJobAsync(new Streaming.Application.Notifications.Commands.QueueReplayExpiryNotices.QueueReplayExpiryNoticesCommand());
        await RunOutboxAsync();
        var early = MailTo(skipperEmail).Count(m => m.Message.Subject == "The replay of Replay Row expires in 24 hours");
        Factory.Clock.Now = endedAt + TimeSpan.FromDays(6) + TimeSpan.FromMinutes(1);
        await RunJobAsync(new Streaming.Application.Notifications.Commands.QueueReplayExpiryNotices.QueueReplayExpiryNoticesCommand());
        await RunJobAsync(new Streaming.Application.Notifications.Commands.QueueReplayExpiryNotices.QueueReplayExpiryNoticesCommand());
        await RunOutboxAsync();

        Assert.Multiple(() =>
        {
            Assert.That(early, Is.EqualTo(0));
            Assert.That(MailTo(skipperEmail).Count(m => m.Message.Subject == "The replay of Replay Row expires in 24 hours"), Is.EqualTo(1));
            Assert.That(MailTo(watcherEmail).Any(m => m.Message.Subject?.StartsWith("The replay of Replay Row") == true), Is.False, "watched it whole");
        });
    }

    [Test]
    public async Task Unsubscribing_ByTheLinkOrOneClick_StopsThatCategoryOnly_AndATamperedTokenChangesNothing()
    {
        var instructorId = await InstructorAsync();
        var first = await ScheduleAsync(instructorId, "Unsub One", price: 0);
        var second = await ScheduleAsync(instructorId, "Unsub Two", price: 0);
        var (visitor, email) = await SignedInMemberAsync();
        await EnrollAsync(visitor, first.Id);
        await RunOutboxAsync();
        var receipt = MailTo(email).Single(m => m.Message.Subject == "You're enrolled: Unsub One");
        var link = LinkTo(receipt, "/email/unsubscribe");
        var header = receipt.Message.Headers["List-Unsubscribe"]!.Trim('<', '>');
        Assert.That(new Uri(header).PathAndQuery, Is.EqualTo(link), "the header and the footer link are the same");

        var anonymous = NewVisitor();
        var shown = await anonymous.GetAsync(link); // a link scanner: nothing changes
        var tampered = await anonymous.Http.PostAsync(link[..^3] + "AAA", OneClickBody());
        var oneClick = await anonymous.Http.PostAsync(link, OneClickBody()); // a mail program: no cookie, no antiforgery token
        var again = await anonymous.Http.PostAsync(link, OneClickBody());
        await EnrollAsync(visitor, second.Id);
        await ForgotPasswordAsync(email);
        await RunOutboxAsync();
        var settings = await visitor.GetAsync("/me/notifications");

        Assert.Multiple(() =>
        {
            Assert.That(shown.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(shown.Text, Does.Contain("Stop getting Receipts and cancellations emails?"));
            Assert.That(tampered.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(oneClick.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(again.StatusCode, Is.EqualTo(HttpStatusCode.OK), "twice is the same as once");
            Assert.That(MailTo(email).Count(m => m.Message.Subject == "You're enrolled: Unsub Two"), Is.EqualTo(0), "receipts are off");
            Assert.That(MailTo(email).Count(m => m.Message.Subject == "Reset your password"), Is.EqualTo(1), "account mail still comes");
            Assert.That(settings.Document.QuerySelector("#category-Enrollments")?.HasAttribute("checked"), Is.False);
            Assert.That(settings.Document.QuerySelector("#category-Reminders")?.HasAttribute("checked"), Is.True, "other categories stay on");
            Assert.That(settings.Document.QuerySelector("#category-Account")?.HasAttribute("disabled"), Is.True);
        });
    }

    [Test]
    public async Task NotificationSettings_TurnCategoriesOffAndOn()
    {
        var (visitor, email) = await SignedInMemberAsync();
        var form = (await visitor.GetAsync("/me/notifications")).Form("#notification-settings");
        form.CheckOnly("on"); // everything off…
        var saved = await visitor.FollowRedirectAsync(await visitor.SubmitAsync(form));
        var offCount = saved.Document.QuerySelectorAll("input[name=on][checked]:not([disabled])").Length;

        var on = (await visitor.GetAsync("/me/notifications")).Form("#notification-settings");
        var reminders = await visitor.FollowRedirectAsync(await visitor.SubmitAsync(on.CheckOnly("on", "Reminders")));

        Assert.Multiple(() =>
        {
            Assert.That(Flash(saved), Is.EqualTo("Your email settings are saved."));
            Assert.That(offCount, Is.EqualTo(0));
            Assert.That(reminders.Document.QuerySelector("#category-Reminders")?.HasAttribute("checked"), Is.True);
            Assert.That(reminders.Document.QuerySelector("#category-NewClasses")?.HasAttribute("checked"), Is.False);
        });
    }

    [Test]
    public async Task RecordingsSwitch_IsOfferedToMeetingOwnersOnly_AndSavingWithoutItChangesNothing()
    {
        var (visitor, email) = await SignedInMemberAsync();
        var userId = (await FindUserAsync(email))!.Id;
        var member = await visitor.GetAsync("/me/notifications");
        await visitor.SubmitAsync(member.Form("#notification-settings").CheckOnly("on", "Reminders")); // the form has no Recordings switch

        await InScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<Streaming.Infrastructure.Data.ApplicationDbContext>();
            db.Recordings.Add(Streaming.Domain.Recordings.Recording.OpenMeeting(Streaming.Domain.Recordings.Products.M10, userId, "Team sync", Factory.Clock.GetUtcNow()));
            return await db.SaveChangesAsync();
        });
        var owner = await visitor.GetAsync("/me/notifications");
        await visitor.SubmitAsync(owner.Form("#notification-settings").CheckOnly("on", "Reminders"));
        var turnedOff = await visitor.GetAsync("/me/notifications");

        Assert.Multiple(() =>
        {
            Assert.That(member.Document.QuerySelector("#category-Recordings"), Is.Null, "a member who owns no meeting");
            Assert.That(owner.Document.QuerySelector("#category-Recordings")?.HasAttribute("checked"), Is.True,
                "on for a meeting's owner: the member's earlier save did not turn it off by leaving it out");
            Assert.That(turnedOff.Document.QuerySelector("#category-Recordings")?.HasAttribute("checked"), Is.False, "the owner turned it off");
        });
    }

    [Test]
    public async Task Following_AnInstructor_BringsTheirNewClasses_UntilUnfollowed()
    {
        var instructorId = await InstructorAsync("Coach Followed");
        var (visitor, email) = await SignedInMemberAsync();
        var page = await visitor.GetAsync($"/instructors/{instructorId}");
        var followed = await visitor.FollowRedirectAsync(await visitor.SubmitAsync(page.FormPostingTo($"/instructors/{instructorId}/follow")));
        var following = await visitor.GetAsync("/me/following");

        await SendAsAsync(instructorId, NewClass("Followed Flow"), Roles.Instructor);
        await RunOutboxAsync();
        var unfollowed = await visitor.SubmitAsync((await visitor.GetAsync("/me/following")).FormPostingTo($"/instructors/{instructorId}/unfollow"));
        await SendAsAsync(instructorId, NewClass("Unfollowed Flow"), Roles.Instructor);
        await RunOutboxAsync();

        Assert.Multiple(() =>
        {
            Assert.That(Flash(followed), Is.EqualTo("You follow Coach Followed. We will email you when they schedule a class."));
            Assert.That(followed.Document.QuerySelector("#followers")?.TextContent, Is.EqualTo("1 follower"));
            Assert.That(following.Document.QuerySelector("#following")?.TextContent, Does.Contain("Coach Followed"));
            Assert.That(MailTo(email).Count(m => m.Message.Subject == "New class from Coach Followed: Followed Flow"), Is.EqualTo(1));
            Assert.That(unfollowed.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
            Assert.That(MailTo(email).Any(m => m.Message.Subject?.Contains("Unfollowed Flow") == true), Is.False);
        });
    }

    [Test]
    public async Task A_member_is_not_an_instructor_to_follow()
    {
        var (visitor, _) = await SignedInMemberAsync();
        var (_, otherEmail) = await SignedInMemberAsync("other");
        var memberId = await UserIdAsync(otherEmail);

        var page = await visitor.GetAsync($"/instructors/{memberId}");
        var follow = await visitor.SubmitAsync(TokenFormPostingTo(await visitor.GetAsync("/"), $"/instructors/{memberId}/follow"));

        Assert.That(page.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(follow.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }

    private CreateStreamCommand NewClass(string title) => new()
    {
        Title = title, Description = "New!", Category = "Yoga", TimeZone = "UTC",
        StartLocal = Factory.Clock.Now.AddDays(3).UtcDateTime, DurationMinutes = 45, PriceInTokens = 3,
    };

    private static FormUrlEncodedContent OneClickBody() => new([new("List-Unsubscribe", "One-Click")]);

    /// <summary>Posts "forgot password" for an address from a fresh visitor.</summary>
    private async Task ForgotPasswordAsync(string email)
    {
        var visitor = NewVisitor();
        var form = (await visitor.GetAsync("/account/forgot-password")).Form("#forgot-password").Set("Email", email);
        Assert.That((await visitor.SubmitAsync(form)).StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }
}
