using MediatR;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using MimeKit;
using Streaming.Application.Live.Commands.CloseOverdueClasses;
using Streaming.Application.Live.Commands.GoLive;
using Streaming.Application.Live.Commands.RecordBroadcastHeartbeat;
using Streaming.Application.Notifications.Commands.SendQueuedEmails;
using Streaming.Domain.Enrollments;
using Streaming.Domain.Notifications;
using Streaming.Domain.Streams;
using Streaming.Domain.Users;
using Streaming.Infrastructure.Data;
using Streaming.Infrastructure.Email;

namespace Streaming.Web.FunctionalTests.Live;

/// <summary>
/// Classes end by themselves: a live class whose broadcaster is gone for 10 minutes, or that runs
/// past its end and the grace period, is ended; one that never went live is closed as "did not take
/// place"; paid seats of classes that did not take place are refunded once; enrolling is refused
/// meanwhile. The closing job's command runs here explicitly, with the test clock moved on.
/// </summary>
public class ClassClosingTests : LiveTestBase
{
    private const int Price = 5;

    private Task<CloseOverdueClassesReport> RunClosingJobAsync() =>
        InScopeAsync(sp => sp.GetRequiredService<IMediator>().Send(new CloseOverdueClassesCommand()));

    /// <summary>A paid class starting now (on the test clock) that <paramref name="member"/> enrolled in through the page.</summary>
    private async Task<LiveStream> PaidClassAsync(User instructor, User member)
    {
        await GrantAsync(member.Email, 20);
        var stream = await ScheduleAsync(instructor.Id, startsIn: TimeSpan.FromHours(1), price: Price);
        await EnrollAsync(member.Visitor, stream.Id);
        Factory.Clock.Advance(TimeSpan.FromHours(1));
        return stream;
    }

    [Test]
    public async Task An_abandoned_live_class_is_ended_and_its_paid_seats_are_refunded_once()
    {
        var instructor = await SignUpAsync(instructor: true);
        var member = await SignUpAsync();
        var start = Factory.Clock.Now;
        try
        {
            var stream = await PaidClassAsync(instructor, member);
            await SendAsAsync(instructor.Id, new GoLiveCommand(stream.Id), Roles.Instructor);
            Assert.That(await LedgerBalanceAsync(member.Email), Is.EqualTo(15));

            Factory.Clock.Advance(TimeSpan.FromMinutes(9));
            await RunClosingJobAsync();
            Assert.That((await StreamAsync(stream.Id)).Status, Is.EqualTo(StreamStatus.Live), "nine minutes without the broadcaster is not yet abandoned");

            Factory.Clock.Advance(TimeSpan.FromMinutes(1));
            var report = await RunClosingJobAsync();
            await RunClosingJobAsync();

            var ended = await StreamAsync(stream.Id);
            Assert.That(report.Ended, Is.GreaterThanOrEqualTo(1));
            Assert.That(ended.Status, Is.EqualTo(StreamStatus.Ended));
            Assert.That(ended.TookPlace, Is.False);
            Assert.That((await EnrollmentsAsync(stream.Id)).Single().Status, Is.EqualTo(EnrollmentStatus.Refunded));
            Assert.That(await LedgerBalanceAsync(member.Email), Is.EqualTo(20));
            Assert.That((await LedgerHistoryAsync(member.Email)).Count(e => e.StreamId == stream.Id && e.Amount > 0), Is.EqualTo(1), "refunded once");
            await AssertToldOfTheRefundOnceAsync(member, stream);

            var myClasses = await member.Visitor.GetAsync("/me/classes");
            Assert.That(Collapse(myClasses.Document.QuerySelector($"li.my-class[data-stream-id='{stream.Id}']")?.TextContent),
                Does.Contain($"Did not take place — {Price} tokens refunded"));
            var details = await member.Visitor.GetAsync($"/streams/{stream.Id}");
            Assert.That(Collapse(details.Document.QuerySelector("#not-held-note")?.TextContent), Does.Contain($"Your {Price} tokens were refunded."));

            // The member's watch page (which reloads when the class is closed) says so too; a stranger is sent to enroll.
            var watch = await member.Visitor.Http.GetAsync($"/streams/{stream.Id}/watch");
            Assert.That(watch.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            var watchPage = await member.Visitor.GetAsync($"/streams/{stream.Id}/watch");
            Assert.That(Collapse(watchPage.Document.QuerySelector("#not-held-note")?.TextContent), Does.Contain("Your tokens were refunded."));
            Assert.That(watchPage.Document.QuerySelector("video"), Is.Null, "nothing to play");
            Assert.That(watchPage.Document.QuerySelector("#chat"), Is.Null, "no seat, no chat");
            var stranger = await SignUpAsync();
            Assert.That((await stranger.Visitor.Http.GetAsync($"/streams/{stream.Id}/watch")).StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        }
        finally
        {
            Factory.Clock.Now = start;
        }
    }

    /// <summary>The refund is told by email, queued with it: one notice, written by the outbox job (to the pickup folder here).</summary>
    private async Task AssertToldOfTheRefundOnceAsync(User member, LiveStream stream)
    {
        await InScopeAsync(sp => sp.GetRequiredService<IMediator>().Send(new SendQueuedEmailsCommand()));
        var notices = await InScopeAsync(sp => sp.GetRequiredService<ApplicationDbContext>().OutboxEmails.AsNoTracking()
            .Where(e => e.RecipientId == member.Id && e.Kind == EmailKind.ClassNotHeld).ToListAsync());
        Assert.That(notices, Has.Count.EqualTo(1), "one refund notice");
        Assert.That((notices[0].StreamId, notices[0].Tokens, notices[0].Status), Is.EqualTo(((Guid?)stream.Id, (int?)Price, OutboxEmailStatus.Sent)));
        var folder = Factory.Services.GetRequiredService<IOptions<EmailOptions>>().Value.Pickup.ResolvedFolder;
        var mail = await MimeMessage.LoadAsync(Path.Combine(folder, $"{notices[0].Id:N}.eml"));
        Assert.That(mail.Subject, Is.EqualTo($"{stream.Title} did not take place: tokens refunded"));
        Assert.That(mail.TextBody, Does.Contain($"Your {Price} tokens are refunded to your balance."));
    }

    [Test]
    public async Task A_class_that_never_went_live_did_not_take_place_once_its_end_and_the_grace_are_past()
    {
        var instructor = await SignUpAsync(instructor: true);
        var member = await SignUpAsync();
        var start = Factory.Clock.Now;
        try
        {
            var stream = await PaidClassAsync(instructor, member);
            Factory.Clock.Advance(TimeSpan.FromMinutes(45 + 14));
            await RunClosingJobAsync();
            Assert.That((await StreamAsync(stream.Id)).Status, Is.EqualTo(StreamStatus.Scheduled), "still within the grace period");

            Factory.Clock.Advance(TimeSpan.FromMinutes(1));
            await RunClosingJobAsync();

            var closed = await StreamAsync(stream.Id);
            Assert.That(closed.Status, Is.EqualTo(StreamStatus.Cancelled));
            Assert.That(closed.TookPlace, Is.False);
            Assert.That(await LedgerBalanceAsync(member.Email), Is.EqualTo(20));
            var dashboard = await instructor.Visitor.GetAsync("/instructor/streams");
            Assert.That(Collapse(dashboard.Document.QuerySelector($"tr[data-stream-id='{stream.Id}']")?.TextContent), Does.Contain("Did not take place"));
        }
        finally
        {
            Factory.Clock.Now = start;
        }
    }

    [Test]
    public async Task A_class_broadcast_long_enough_is_ended_after_its_end_and_keeps_its_seats()
    {
        var instructor = await SignUpAsync(instructor: true);
        var member = await SignUpAsync();
        var start = Factory.Clock.Now;
        try
        {
            var stream = await PaidClassAsync(instructor, member);
            await SendAsAsync(instructor.Id, new GoLiveCommand(stream.Id), Roles.Instructor);
            for (var minute = 1; minute <= 60; minute++)
            {
                Factory.Clock.Advance(TimeSpan.FromMinutes(1));
                await SendAsAsync(instructor.Id, new RecordBroadcastHeartbeatCommand(stream.Id), Roles.Instructor);
            }

            await RunClosingJobAsync();

            var ended = await StreamAsync(stream.Id);
            Assert.That(ended.Status, Is.EqualTo(StreamStatus.Ended), "45 minutes and the 15-minute grace are over");
            Assert.That(ended.TookPlace, Is.True);
            Assert.That((await EnrollmentsAsync(stream.Id)).Single().Status, Is.EqualTo(EnrollmentStatus.Active));
            Assert.That(await LedgerBalanceAsync(member.Email), Is.EqualTo(15));

            var heartbeat = await PostJsonAsync(instructor, $"/instructor/streams/{stream.Id}/broadcast/heartbeat", $"/instructor/streams/{stream.Id}/broadcast");
            Assert.That(heartbeat.StatusCode, Is.EqualTo(HttpStatusCode.Conflict), "the page hears the class is over");
            Assert.That(await heartbeat.Content.ReadAsStringAsync(), Does.Contain("not live"));
        }
        finally
        {
            Factory.Clock.Now = start;
        }
    }

    [Test]
    public async Task Enrolling_is_refused_while_the_broadcaster_has_been_gone_for_the_limit()
    {
        var instructor = await SignUpAsync(instructor: true);
        var member = await SignUpAsync();
        var latecomer = await SignUpAsync();
        var start = Factory.Clock.Now;
        try
        {
            var stream = await PaidClassAsync(instructor, member);
            await GrantAsync(latecomer.Email, 20);
            await SendAsAsync(instructor.Id, new GoLiveCommand(stream.Id), Roles.Instructor);
            var form = await EnrollFormAsync(latecomer.Visitor, stream.Id);
            Factory.Clock.Advance(TimeSpan.FromMinutes(11));

            var answer = await latecomer.Visitor.FollowRedirectAsync(await latecomer.Visitor.SubmitAsync(form));

            Assert.That(FlashError(answer), Does.Contain("interrupted for over 10 minutes"));
            Assert.That(answer.Document.QuerySelector("#enroll-form"), Is.Null);
            Assert.That(Collapse(answer.Document.QuerySelector("#closed-note")?.TextContent), Does.Contain("takes no more enrollments"));
            Assert.That(await EnrollmentsAsync(stream.Id), Has.Count.EqualTo(1));
            Assert.That(await LedgerBalanceAsync(latecomer.Email), Is.EqualTo(20));
        }
        finally
        {
            Factory.Clock.Now = start;
        }
    }

    [Test]
    public async Task Only_the_owner_reports_the_broadcast()
    {
        var instructor = await SignUpAsync(instructor: true);
        var other = await SignUpAsync(instructor: true);
        var stream = await ScheduleAsync(instructor.Id, state: StreamStatus.Live);
        var url = $"/instructor/streams/{stream.Id}/broadcast/heartbeat";

        var mine = await PostJsonAsync(instructor, url, $"/instructor/streams/{stream.Id}/broadcast");
        var theirs = await PostJsonAsync(other, url, "/instructor/streams");

        Assert.That(mine.StatusCode, Is.EqualTo(HttpStatusCode.OK), await mine.Content.ReadAsStringAsync());
        Assert.That(theirs.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }
}
