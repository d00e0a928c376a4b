using Streaming.Domain.Common;
using Streaming.Domain.Enrollments;
using Streaming.Domain.Purchases;
using Streaming.Domain.Recordings;
using Streaming.Domain.Streams;

namespace Streaming.Domain.Notifications;

public enum OutboxEmailStatus
{
    /// <summary>Waiting to be sent (again) at <see cref="OutboxEmail.NextAttemptAt"/>.</summary>
    Pending = 0,

    Sent = 1,

    /// <summary>Gave up: the server refused it for good, or every retry failed. An admin can retry it.</summary>
    Failed = 2,

    /// <summary>Not sent on purpose: unsubscribed, no such account, or no longer true (class moved, cancelled…).</summary>
    Skipped = 3,
}

/// <summary>
/// One email to one person, written in the same transaction as the change it tells about and sent
/// later by the outbox job. It holds what happened (which enrollment, class, amounts), not the text:
/// the text is written when it is sent. The <see cref="DedupKey"/> is unique, so the same event
/// never queues a second email, and a sent email is never sent again.
/// </summary>
public class OutboxEmail : BaseEntity
{
    public const int DedupKeyMaxLength = 200;
    public const int AddressMaxLength = 256;
    public const int ErrorMaxLength = 1000;

    private OutboxEmail()
    {
    }

    public string DedupKey { get; private set; } = default!;

    public EmailKind Kind { get; private set; }

    public EmailCategory Category => Kind.Category();

    /// <summary>The account it is for; null only for a password reset asked for by address.</summary>
    public string? RecipientId { get; private set; }

    /// <summary>An address typed by someone (forgot password), or the new address of an email change.</summary>
    public string? Address { get; private set; }

    public Guid? StreamId { get; private set; }

    public Guid? EnrollmentId { get; private set; }

    /// <summary>The meeting recording the email is about.</summary>
    public Guid? RecordingId { get; private set; }

    /// <summary>The token purchase a receipt is for.</summary>
    public Guid? TokenPurchaseId { get; private set; }

    /// <summary>Tokens paid or refunded; for a purchase adjustment, tokens taken back (negative) or given back.</summary>
    public int? Tokens { get; private set; }

    /// <summary>The balance after the payment, when the ledger said it.</summary>
    public int? Balance { get; private set; }

    /// <summary>The class start the email is about (a reminder for that start, a move to that start).</summary>
    public DateTimeOffset? ClassStart { get; private set; }

    /// <summary>Where a moved class used to start.</summary>
    public DateTimeOffset? PreviousStart { get; private set; }

    public OutboxEmailStatus Status { get; private set; }

    public int Attempts { get; private set; }

    public DateTimeOffset NextAttemptAt { get; private set; }

    /// <summary>Why the last try failed, or why it was skipped.</summary>
    public string? LastError { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset? SentAt { get; private set; }

    public static OutboxEmail ConfirmEmail(string userId, DateTimeOffset now) =>
        Create(EmailKind.ConfirmEmail, $"confirm-email:{userId}:{Guid.NewGuid():N}", userId, now);

    /// <summary>
    /// Asked for by address, before anyone knows whether an account has it: the job looks the address
    /// up, so the request does the same work for every address.
    /// </summary>
    public static OutboxEmail PasswordReset(string address, DateTimeOffset now)
    {
        address = address?.Trim() ?? "";
        if (address.Length is 0 or > AddressMaxLength) throw new DomainException("Enter your email address.");
        var email = Create(EmailKind.PasswordReset, $"password-reset:{Guid.NewGuid():N}", null, now);
        email.Address = address;
        return email;
    }

    public static OutboxEmail ConfirmEmailChange(string userId, string newAddress, DateTimeOffset now)
    {
        newAddress = newAddress?.Trim() ?? "";
        if (newAddress.Length is 0 or > AddressMaxLength) throw new DomainException("Enter the new email address.");
        var email = Create(EmailKind.ConfirmEmailChange, $"email-change:{userId}:{Guid.NewGuid():N}", userId, now);
        email.Address = newAddress;
        return email;
    }

    public static OutboxEmail EnrollmentReceipt(Enrollment enrollment, int? balance, DateTimeOffset now)
    {
        var email = ForEnrollment(EmailKind.EnrollmentReceipt, $"receipt:{enrollment.Id}", enrollment, now);
        email.Balance = balance;
        return email;
    }

    public static OutboxEmail EnrollmentCancelled(Enrollment enrollment, DateTimeOffset now) =>
        ForEnrollment(EmailKind.EnrollmentCancelled, $"enrollment-cancelled:{enrollment.Id}", enrollment, now);

    public static OutboxEmail ClassCancelled(Enrollment enrollment, DateTimeOffset now) =>
        ForEnrollment(EmailKind.ClassCancelled, $"class-cancelled:{enrollment.Id}", enrollment, now);

    /// <summary>The class did not take place (the instructor never broadcast enough of it): the seat's tokens went back.</summary>
    public static OutboxEmail ClassNotHeld(Enrollment enrollment, DateTimeOffset now) =>
        ForEnrollment(EmailKind.ClassNotHeld, $"class-not-held:{enrollment.Id}", enrollment, now);

    /// <summary>One per move: the key carries the class's calendar revision, so a second move queues a second email.</summary>
    public static OutboxEmail ClassMoved(Enrollment enrollment, LiveStream stream, DateTimeOffset previousStart, DateTimeOffset now)
    {
        var email = ForEnrollment(EmailKind.ClassMoved, $"class-moved:{enrollment.Id}:{stream.CalendarSequence}", enrollment, now);
        email.ClassStart = stream.ScheduledStart;
        email.PreviousStart = previousStart.ToUniversalTime();
        return email;
    }

    /// <summary>One per enrollment and start time: a class moved after its reminder went out gets a new one for the new time.</summary>
    public static OutboxEmail ClassReminder(Enrollment enrollment, DateTimeOffset classStart, DateTimeOffset now)
    {
        var email = ForEnrollment(EmailKind.ClassReminder, ReminderKey(enrollment.Id, classStart), enrollment, now);
        email.ClassStart = classStart.ToUniversalTime();
        return email;
    }

    public static string ReminderKey(Guid enrollmentId, DateTimeOffset classStart) => $"reminder:{enrollmentId}:{classStart.UtcTicks}";

    public static OutboxEmail ReplayExpiring(Enrollment enrollment, DateTimeOffset now) =>
        ForEnrollment(EmailKind.ReplayExpiring, ReplayExpiringKey(enrollment.Id), enrollment, now);

    public static string ReplayExpiringKey(Guid enrollmentId) => $"replay-expiring:{enrollmentId}";

    public static OutboxEmail NewClass(string memberId, LiveStream stream, DateTimeOffset now)
    {
        var email = Create(EmailKind.NewClass, $"new-class:{stream.Id}:{memberId}", memberId, now);
        email.StreamId = stream.Id;
        email.ClassStart = stream.ScheduledStart;
        return email;
    }

    /// <summary>One per recording: a webhook delivered again, or a file replaced later, does not tell the owner twice.</summary>
    public static OutboxEmail RecordingReady(Recording recording, DateTimeOffset now)
    {
        var email = Create(EmailKind.RecordingReady, RecordingReadyKey(recording.Id), recording.OwnerId, now);
        email.RecordingId = recording.Id;
        return email;
    }

    public static string RecordingReadyKey(Guid recordingId) => $"recording-ready:{recordingId}";

    /// <summary>One per purchase: the return page and the provider's webhook (also delivered twice) settle it, one receipt.</summary>
    public static OutboxEmail TokenPurchaseReceipt(TokenPurchase purchase, int? balance, DateTimeOffset now)
    {
        var email = Create(EmailKind.TokenPurchaseReceipt, TokenPurchaseReceiptKey(purchase.Id), purchase.MemberId, now);
        email.TokenPurchaseId = purchase.Id;
        email.Tokens = purchase.Tokens;
        email.Balance = balance;
        return email;
    }

    public static string TokenPurchaseReceiptKey(Guid purchaseId) => $"token-receipt:{purchaseId}";

    /// <summary>
    /// One per adjustment of a purchase (tokens taken back for returned money, or given back): a
    /// webhook delivered twice settles nothing twice, and does not tell the member twice either.
    /// </summary>
    /// <param name="tokens">Tokens moved: negative when taken back, positive when given back.</param>
    public static OutboxEmail TokenPurchaseAdjusted(TokenPurchase purchase, int adjustment, int tokens, PurchaseAdjustmentReason reason, int? balance, DateTimeOffset now)
    {
        var kind = reason switch
        {
            PurchaseAdjustmentReason.Refund => EmailKind.TokenPurchaseRefunded,
            PurchaseAdjustmentReason.Dispute => EmailKind.TokenPurchaseDisputed,
            _ => EmailKind.TokenPurchaseDisputeWon,
        };
        var email = Create(kind, TokenPurchaseAdjustedKey(purchase.Id, adjustment), purchase.MemberId, now);
        email.TokenPurchaseId = purchase.Id;
        email.Tokens = tokens;
        email.Balance = balance;
        return email;
    }

    public static string TokenPurchaseAdjustedKey(Guid purchaseId, int adjustment) => $"token-adjusted:{purchaseId}:{adjustment}";

    public void MarkSent(DateTimeOffset now)
    {
        EnsurePending("sent");
        Status = OutboxEmailStatus.Sent;
        SentAt = now.ToUniversalTime();
        Attempts++;
        LastError = null;
        ForgetTypedAddress();
    }

    /// <summary>
    /// A try failed. A <paramref name="permanent"/> refusal (the server rejected the address) or the
    /// last allowed try marks it Failed; otherwise it waits for the next try, later each time.
    /// </summary>
    public void RecordFailure(string error, bool permanent, DateTimeOffset now, OutboxRetryPolicy policy)
    {
        EnsurePending("retried");
        Attempts++;
        LastError = Trim(error);
        if (permanent || Attempts >= policy.MaxAttempts)
        {
            Status = OutboxEmailStatus.Failed;
            return;
        }

        NextAttemptAt = now.ToUniversalTime() + policy.DelayAfter(Attempts);
    }

    /// <summary>Not sent on purpose (unsubscribed, no account, no longer true); the reason stays for the admin.</summary>
    public void Skip(string reason, DateTimeOffset now)
    {
        EnsurePending("skipped");
        Status = OutboxEmailStatus.Skipped;
        LastError = Trim(reason);
        NextAttemptAt = now.ToUniversalTime();
        ForgetTypedAddress();
    }

    /// <summary>An admin sends a failed email again: it starts over with a fresh set of tries.</summary>
    public void Retry(DateTimeOffset now)
    {
        if (Status != OutboxEmailStatus.Failed) throw new DomainException("Only a failed email can be sent again.");
        Status = OutboxEmailStatus.Pending;
        Attempts = 0;
        NextAttemptAt = now.ToUniversalTime();
    }

    private static OutboxEmail ForEnrollment(EmailKind kind, string key, Enrollment enrollment, DateTimeOffset now)
    {
        var email = Create(kind, key, enrollment.MemberId, now);
        email.EnrollmentId = enrollment.Id;
        email.StreamId = enrollment.StreamId;
        email.Tokens = enrollment.TokensPaid;
        return email;
    }

    private static OutboxEmail Create(EmailKind kind, string key, string? recipientId, DateTimeOffset now)
    {
        if (kind != EmailKind.PasswordReset && string.IsNullOrWhiteSpace(recipientId)) throw new DomainException("An email needs its recipient.");
        now = now.ToUniversalTime();
        return new OutboxEmail
        {
            Kind = kind,
            DedupKey = key,
            RecipientId = recipientId,
            Status = OutboxEmailStatus.Pending,
            CreatedAt = now,
            NextAttemptAt = now,
        };
    }

    /// <summary>An address someone typed into "forgot password" is kept only until the request is dealt with.</summary>
    private void ForgetTypedAddress()
    {
        if (Kind == EmailKind.PasswordReset) Address = null;
    }

    private void EnsurePending(string what)
    {
        if (Status != OutboxEmailStatus.Pending)
            throw new DomainException($"An email that is {Status.ToString().ToLowerInvariant()} cannot be {what}.");
    }

    private static string Trim(string text) => text.Length <= ErrorMaxLength ? text : text[..ErrorMaxLength];
}
