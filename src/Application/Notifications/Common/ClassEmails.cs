using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Streaming.Application.Calendars;
using Streaming.Application.Common.Interfaces;
using Streaming.Domain.Enrollments;
using Streaming.Domain.Notifications;
using Streaming.Domain.Streams;
using Streaming.Domain.Users;

namespace Streaming.Application.Notifications.Common;

/// <summary>
/// Drafts the emails about classes from the class and enrollment as they are when the email goes
/// out. An email that is no longer true is skipped: a reminder for a class that was cancelled or
/// moved, or that the member left; a move that a later move replaced; a new class that was cancelled.
/// </summary>
public sealed class ClassEmails(
    IApplicationDbContext db, IAppLinks links, ICalendarWriter calendars, TimeProvider clock, IOptions<EmailOutboxOptions> options)
{
    public async Task<DraftResult> DraftAsync(OutboxEmail email, UserProfile recipient, CancellationToken cancellationToken)
    {
        var stream = await db.Streams.AsNoTracking().Include(s => s.Instructor)
            .SingleOrDefaultAsync(s => s.Id == email.StreamId, cancellationToken);
        if (stream is null) return EmailDraft.Skip("The class was deleted.");
        var enrollment = email.EnrollmentId is { } id
            ? await db.Enrollments.AsNoTracking().SingleOrDefaultAsync(e => e.Id == id, cancellationToken)
            : null;
        var now = clock.GetUtcNow();
        var zone = RecipientTimeZone.Of(recipient);
        var facts = new ClassFacts(stream.Title, stream.Instructor.DisplayName, new ZonedTime(stream.ScheduledStart, zone), stream.DurationMinutes,
            links.StreamDetails(stream.Id), links.Watch(stream.Id), links.InstructorPage(stream.InstructorId));
        var to = new EmailRecipient(recipient.Email, recipient.DisplayName);
        var name = recipient.DisplayName;
        var stillEnrolled = enrollment?.Status == EnrollmentStatus.Active;

        switch (email.Kind)
        {
            case EmailKind.EnrollmentReceipt:
                var reminderFollows = stream.Status == StreamStatus.Scheduled && stream.ScheduledStart - now > options.Value.ReminderLead
                    && !await db.EmailOptOuts.AnyAsync(o => o.UserId == recipient.Id && o.Category == EmailCategory.Reminders, cancellationToken);
                var replayUntil = enrollment?.Kind == EnrollmentKind.ReplayOnly && stream.RecordingExpiresAt is { } until ? new ZonedTime(until, zone) : null;
                return new EmailDraft(to, new EnrollmentReceiptModel(facts, email.Tokens ?? 0, email.Balance, reminderFollows, replayUntil) { RecipientName = name },
                    stream.Status is StreamStatus.Scheduled or StreamStatus.Live ? [Calendar(stream)] : []);
            case EmailKind.EnrollmentCancelled:
                return new EmailDraft(to, new EnrollmentCancelledModel(facts, email.Tokens ?? 0) { RecipientName = name }, []);
            case EmailKind.ClassCancelled:
                return new EmailDraft(to, new ClassCancelledModel(facts, email.Tokens ?? 0) { RecipientName = name }, [Calendar(stream)]);
            case EmailKind.ClassNotHeld:
                return new EmailDraft(to, new ClassNotHeldModel(facts, email.Tokens ?? 0) { RecipientName = name }, []);
            case EmailKind.ClassMoved:
                if (stream.Status != StreamStatus.Scheduled) return EmailDraft.Skip($"The class is {Describe(stream)}.");
                if (stream.ScheduledStart != email.ClassStart) return EmailDraft.Skip("The class was moved again; the email about the later move tells the new time.");
                if (!stillEnrolled) return EmailDraft.Skip("The member is no longer enrolled.");
                return new EmailDraft(to, new ClassMovedModel(facts, new ZonedTime(email.PreviousStart ?? stream.ScheduledStart, zone)) { RecipientName = name },
                    [Calendar(stream)]);
            case EmailKind.ClassReminder:
                if (stream.Status is not (StreamStatus.Scheduled or StreamStatus.Live)) return EmailDraft.Skip($"The class is {Describe(stream)}.");
                if (stream.ScheduledStart != email.ClassStart) return EmailDraft.Skip("The class was moved; a reminder for the new time follows.");
                if (!stillEnrolled) return EmailDraft.Skip("The member is no longer enrolled.");
                if (now >= stream.ScheduledEnd) return EmailDraft.Skip("The class is over.");
                var minutes = (int)Math.Ceiling(Math.Max(0, (stream.ScheduledStart - now).TotalMinutes));
                return new EmailDraft(to, new ClassReminderModel(facts, minutes) { RecipientName = name }, []);
            case EmailKind.ReplayExpiring:
                if (!stillEnrolled || stream.RecordingExpiresAt is not { } expires || now >= expires) return EmailDraft.Skip("The replay is no longer available to the member.");
                var watched = await db.WatchedWholeAsync(stream.Id, [recipient.Id], options.Value.WatchedWholeShare, cancellationToken);
                if (watched.Count > 0) return EmailDraft.Skip("The member has watched the whole replay.");
                return new EmailDraft(to, new ReplayExpiringModel(facts, new ZonedTime(expires, zone)) { RecipientName = name }, []);
            case EmailKind.NewClass:
                if (stream.Status != StreamStatus.Scheduled || stream.ScheduledStart <= now) return EmailDraft.Skip($"The class is {Describe(stream)}.");
                if (!await db.Follows.AnyAsync(f => f.MemberId == recipient.Id && f.InstructorId == stream.InstructorId, cancellationToken))
                    return EmailDraft.Skip("The member no longer follows the instructor.");
                return new EmailDraft(to, new NewClassModel(facts, stream.PriceInTokens, stream.Description) { RecipientName = name }, [Calendar(stream)]);
            default:
                throw new InvalidOperationException($"{email.Kind} is not an email about a class.");
        }
    }

    private static string Describe(LiveStream stream) => stream.Status == StreamStatus.Scheduled ? "already due" : stream.Status.ToString().ToLowerInvariant();

    /// <summary>The class as an .ics file (the same event the class page offers, with its current SEQUENCE).</summary>
    private EmailAttachment Calendar(LiveStream stream)
    {
        var ics = calendars.Write(new CalendarDocument([CalendarEvents.For(stream, stream.Instructor.DisplayName, links)]));
        return new EmailAttachment($"{FileNames.Slug(stream.Title)}.ics", "text/calendar; charset=utf-8; method=PUBLISH", Encoding.UTF8.GetBytes(ics));
    }
}
