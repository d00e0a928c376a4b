using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Streaming.Application.Streams.Commands.UpdateStream;
using Streaming.Domain.Notifications;
using Streaming.Domain.Users;
using Streaming.Infrastructure.Data;
using Streaming.TestSupport.Email;

namespace Streaming.Web.FunctionalTests.Email;

/// <summary>Receipts and class changes, queued by the real pages and commands and sent over SMTP by the outbox job.</summary>
public class ClassEmailTests : EmailTestBase
{
    private readonly string _adminEmail = UniqueEmail("admin");

    protected override void Configure(StreamingWebFactory factory)
    {
        base.Configure(factory);
        factory.Settings["Email:Outbox:MaxAttempts"] = "5";
        factory.Settings["Seed:SuperAdmin:Email"] = _adminEmail;
        factory.Settings["Seed:SuperAdmin:Password"] = Password;
        factory.Settings["Seed:SuperAdmin:DisplayName"] = "Root Admin";
    }

    private async Task SetTimeZoneAsync(string email, string zone)
    {
        var userId = await UserIdAsync(email);
        await InScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<ApplicationDbContext>();
            var profile = await db.Profiles.SingleAsync(p => p.Id == userId);
            profile.ChangeTimeZone(zone); // as the profile page does
            return await db.SaveChangesAsync();
        });
    }

    private async Task<OutboxEmail> ReceiptAsync(string email) =>
        (await OutboxAsync(await UserIdAsync(email))).Single(e => e.Kind == EmailKind.EnrollmentReceipt);

    [Test]
    public async Task Enrolling_QueuesAReceipt_ThatTheJobSendsOnce_WithTheTimeInTheMembersZone_TheBalanceAndAnIcs()
    {
        var instructorId = await InstructorAsync("Coach Mail");
        var stream = await ScheduleAsync(instructorId, "Sunrise Yoga", startsIn: TimeSpan.FromDays(2), price: 5);
        var (visitor, email) = await SignedInMemberAsync();
        var (_, otherEmail) = await SignedInMemberAsync("other");
        await SetTimeZoneAsync(email, "Europe/Paris");
        await GrantAsync(email, 20);

        await EnrollAsync(visitor, stream.Id);
        Assert.That((await ReceiptAsync(email)).Status, Is.EqualTo(OutboxEmailStatus.Pending), "queued with the enrollment, sent by the job");
        await RunOutboxAsync();
        await RunOutboxAsync();

        var receipt = MailTo(email).Single(m => m.Message.Subject == "You're enrolled: Sunrise Yoga");
        var paris = TimeZoneInfo.ConvertTime(stream.ScheduledStart, TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris"));
        Assert.That(paris.Offset, Is.EqualTo(TimeSpan.FromHours(1)), "January: an hour ahead of UTC");
        Assert.Multiple(() =>
        {
            Assert.That(receipt.To, Is.EqualTo(new[] { email }));
            Assert.That(receipt.Raw, Does.Not.Contain(otherEmail), "no other member's address");
            Assert.That(receipt.Text, Does.Contain(paris.ToString("dddd d MMMM yyyy, HH:mm", CultureInfo.InvariantCulture) + " (Europe/Paris)"));
            Assert.That(receipt.Text, Does.Contain("Paid: 5 tokens"));
            Assert.That(receipt.Text, Does.Contain("Your balance: 15 tokens"));
            Assert.That(receipt.Text, Does.Contain($"/streams/{stream.Id}/watch"));
            Assert.That(receipt.Html, Does.Contain("Streaming Test"), "the product name in the layout");
            Assert.That(receipt.Text, Does.Contain("Unsubscribe from these emails: "));
            Assert.That(receipt.Message.Headers["List-Unsubscribe"], Does.StartWith("<http").And.Contain("/email/unsubscribe?token="));
            Assert.That(receipt.Message.Headers["List-Unsubscribe-Post"], Is.EqualTo("List-Unsubscribe=One-Click"));
        });
        var ics = receipt.AttachmentText();
        Assert.That(ics, Does.Contain("BEGIN:VEVENT").And.Contain("SUMMARY:Sunrise Yoga").And.Contain($"DTSTART:{stream.ScheduledStart.UtcDateTime:yyyyMMdd'T'HHmmss'Z'}"));
        Assert.That((await ReceiptAsync(email)).Status, Is.EqualTo(OutboxEmailStatus.Sent));
    }

    [Test]
    public async Task ServerRefusing_DroppingTheConnection_AndDown_DelayTheReceipt_WhichIsThenSentOnce()
    {
        var instructorId = await InstructorAsync();
        var stream = await ScheduleAsync(instructorId, "Retry Pilates", price: 3);
        var (visitor, email) = await SignedInMemberAsync();
        await GrantAsync(email, 10);
        await EnrollAsync(visitor, stream.Id);

        Smtp.Mode = SmtpServerMode.RefuseTemporarily;
        await RunOutboxAsync();
        var afterRefusal = await ReceiptAsync(email);
        await RunOutboxAsync(); // not due yet: not tried again
        var notRetriedYet = await ReceiptAsync(email);

        Factory.Clock.Advance(TimeSpan.FromMinutes(1));
        Smtp.Mode = SmtpServerMode.DropConnection;
        await RunOutboxAsync();
        var afterDrop = await ReceiptAsync(email);

        Factory.Clock.Advance(TimeSpan.FromMinutes(2));
        Smtp.Stop();
        await RunOutboxAsync();
        var whileDown = await ReceiptAsync(email);

        Smtp.Start();
        Smtp.Mode = SmtpServerMode.Accept;
        Factory.Clock.Advance(TimeSpan.FromMinutes(4));
        await RunOutboxAsync();
        await RunOutboxAsync();

        Assert.Multiple(() =>
        {
            Assert.That(afterRefusal.Status, Is.EqualTo(OutboxEmailStatus.Pending));
            Assert.That(afterRefusal.Attempts, Is.EqualTo(1));
            Assert.That(afterRefusal.LastError, Does.Contain("451"));
            Assert.That(afterRefusal.NextAttemptAt, Is.EqualTo(afterRefusal.CreatedAt + TimeSpan.FromMinutes(1)), "retried after a minute");
            Assert.That(notRetriedYet.Attempts, Is.EqualTo(1));
            Assert.That(afterDrop.Attempts, Is.EqualTo(2));
            Assert.That(afterDrop.LastError, Does.Contain("dropped").Or.Contain("connection").IgnoreCase);
            Assert.That(afterDrop.NextAttemptAt - Factory.Clock.Now, Is.LessThanOrEqualTo(TimeSpan.FromMinutes(2)), "then after two");
            Assert.That(whileDown.Attempts, Is.EqualTo(3));
            Assert.That(whileDown.LastError, Does.Contain($"127.0.0.1:{Smtp.Port}"));
            Assert.That(MailTo(email).Count(m => m.Message.Subject == "You're enrolled: Retry Pilates"), Is.EqualTo(1), "sent later, and once");
        });
        var sent = await ReceiptAsync(email);
        Assert.That(sent.Status, Is.EqualTo(OutboxEmailStatus.Sent));
        Assert.That(sent.Attempts, Is.EqualTo(4));
    }

    [Test]
    public async Task TheOutboxJob_RunningOnThreeInstancesAtOnce_SendsEachEmailOnce()
    {
        var instructorId = await InstructorAsync();
        var stream = await ScheduleAsync(instructorId, "Crowded Spin", price: 0);
        var members = new List<string>();
        for (var i = 0; i < 8; i++)
        {
            var (visitor, email) = await SignedInMemberAsync("crowd");
            await EnrollAsync(visitor, stream.Id);
            members.Add(email);
        }

        // Three app instances' Quartz schedulers firing email-outbox at the same moment: each run has
        // its own scope (DbContext, SMTP connection) and takes rows under FOR UPDATE SKIP LOCKED.
        await Task.WhenAll(RunOutboxAsync(), RunOutboxAsync(), RunOutboxAsync());
        await RunOutboxAsync(); // and a rerun afterwards

        Assert.Multiple(() =>
        {
            foreach (var email in members)
                Assert.That(MailTo(email).Count(m => m.Message.Subject == "You're enrolled: Crowded Spin"), Is.EqualTo(1), email);
        });
        foreach (var email in members)
            Assert.That((await ReceiptAsync(email)).Status, Is.EqualTo(OutboxEmailStatus.Sent));
    }

    [Test]
    public async Task AnAddressTheServerRejects_IsFailedOnAdminJobs_AndSendAgainDeliversIt()
    {
        var instructorId = await InstructorAsync();
        var stream = await ScheduleAsync(instructorId, "Rejected Barre", price: 0);
        var (visitor, email) = await SignedInMemberAsync();
        await EnrollAsync(visitor, stream.Id);

        Smtp.Mode = SmtpServerMode.RejectRecipient;
        await RunOutboxAsync();
        var failed = await ReceiptAsync(email);
        Assert.That(failed.Status, Is.EqualTo(OutboxEmailStatus.Failed), "a permanent refusal is not retried");

        var admin = NewVisitor();
        Assert.That((await SubmitLoginAsync(admin, _adminEmail, Password)).StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        var jobs = await admin.GetAsync("/admin/jobs");
        var row = jobs.Document.QuerySelector($"#outbox-failures tr[data-email='{failed.Id}']");
        Assert.Multiple(() =>
        {
            Assert.That(jobs.Text, Does.Contain("email-outbox").And.Contain("class-reminders").And.Contain("replay-expiry-notices"));
            Assert.That(jobs.Document.QuerySelector("#outbox-failed")?.TextContent, Does.Match(@"^[1-9]\d* failed$"));
            Assert.That(row, Is.Not.Null, "the failed receipt is listed");
            Assert.That(row!.TextContent, Does.Contain("EnrollmentReceipt").And.Contain("550").And.Not.Contain(email), "the member's name, never the address");
        });

        Smtp.Mode = SmtpServerMode.Accept;
        var retried = await admin.SubmitAsync(jobs.FormPostingTo($"/admin/emails/{failed.Id}/retry"));
        Assert.That(retried.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        await RunOutboxAsync();
        Assert.That(MailTo(email).Count(m => m.Message.Subject == "You're enrolled: Rejected Barre"), Is.EqualTo(1));
        Assert.That((await ReceiptAsync(email)).Status, Is.EqualTo(OutboxEmailStatus.Sent));
    }

    [Test]
    public async Task A_member_cannot_send_a_failed_email_again()
    {
        var (visitor, email) = await SignedInMemberAsync();
        var confirm = (await OutboxAsync(await UserIdAsync(email))).Single(e => e.Kind == EmailKind.ConfirmEmail);

        var response = await visitor.SubmitAsync(TokenFormPostingTo(await visitor.GetAsync("/"), $"/admin/emails/{confirm.Id}/retry"));

        Assert.That(PageClient.RedirectTarget(response).AbsolutePath, Is.EqualTo("/account/access-denied"));
    }

    [Test]
    public async Task CancellingAndMovingAndInstructorCancelling_EachTellTheMember_WithTheRefundAndANewIcsSequence()
    {
        var instructorId = await InstructorAsync("Coach Changes");
        var moved = await ScheduleAsync(instructorId, "Moved Spin", startsIn: TimeSpan.FromDays(3), price: 4);
        var cancelled = await ScheduleAsync(instructorId, "Cancelled Boxing", startsIn: TimeSpan.FromDays(3), price: 6);
        var left = await ScheduleAsync(instructorId, "Left Stretch", startsIn: TimeSpan.FromDays(3), price: 2);
        var (visitor, email) = await SignedInMemberAsync();
        await GrantAsync(email, 50);
        foreach (var id in new[] { moved.Id, cancelled.Id, left.Id }) await EnrollAsync(visitor, id);
        await RunOutboxAsync(); // the receipts, with the classes as they are now
        Factory.Clock.Advance(TimeSpan.FromMinutes(5));

        var leftEnrollment = (await EnrollmentsAsync(left.Id)).Single();
        var cancelForm = (await visitor.GetAsync($"/streams/{left.Id}")).FormPostingTo($"/me/enrollments/{leftEnrollment.Id}/cancel");
        Assert.That((await visitor.SubmitAsync(cancelForm)).StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        await InstructorCancelsAsync(instructorId, cancelled.Id);
        var newStart = moved.ScheduledStart.AddHours(2);
        await SendAsAsync(instructorId, new UpdateStreamCommand
        {
            Id = moved.Id, Title = moved.Title, Description = moved.Description, Category = moved.Category, TimeZone = "UTC",
            StartLocal = newStart.UtcDateTime, DurationMinutes = moved.DurationMinutes, PriceInTokens = moved.PriceInTokens,
        }, Roles.Instructor);
        await RunOutboxAsync();

        var mail = MailTo(email);
        var unenrolled = mail.Single(m => m.Message.Subject == "Enrollment cancelled: Left Stretch");
        var classCancelled = mail.Single(m => m.Message.Subject == "Class cancelled: Cancelled Boxing");
        var classMoved = mail.Single(m => m.Message.Subject == "New time for Moved Spin");
        var receiptIcs = Ics(mail.Single(m => m.Message.Subject == "You're enrolled: Moved Spin"));
        var movedIcs = Ics(classMoved);
        Assert.Multiple(() =>
        {
            Assert.That(unenrolled.Text, Does.Contain("2 tokens are back in your balance"));
            Assert.That(classCancelled.Text, Does.Contain("Your 6 tokens are refunded"));
            Assert.That(Ics(classCancelled), Does.Contain("STATUS:CANCELLED"));
            Assert.That(classMoved.Text, Does.Contain(newStart.ToString("HH:mm")));
            Assert.That(movedIcs, Does.Contain($"DTSTART:{newStart.UtcDateTime:yyyyMMdd'T'HHmmss'Z'}"));
            Assert.That(Sequence(movedIcs), Is.GreaterThan(Sequence(receiptIcs)), "the moved event replaces the old one in calendars");
        });
    }

    private static string Ics(ReceivedEmail email) => email.AttachmentText();

    private static int Sequence(string ics) =>
        int.Parse(ics.Split("\r\n").Single(l => l.StartsWith("SEQUENCE:", StringComparison.Ordinal))["SEQUENCE:".Length..]);
}
