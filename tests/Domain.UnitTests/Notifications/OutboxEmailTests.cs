using Streaming.Domain.Common;
using Streaming.Domain.Following;
using Streaming.Domain.Notifications;
using Streaming.Domain.Purchases;
using Streaming.Domain.UnitTests.TestData;

namespace Streaming.Domain.UnitTests.Notifications;

public class OutboxEmailTests
{
    private static readonly OutboxRetryPolicy Policy = new() { MaxAttempts = 4, FirstDelay = TimeSpan.FromMinutes(1), MaxDelay = TimeSpan.FromMinutes(3) };

    private static OutboxEmail Receipt() => OutboxEmail.EnrollmentReceipt(TestEnrollments.ActiveIn(TestStreams.Scheduled()), 15, TestClock.Now);

    [Test]
    public void Receipt_IsPendingAndDueNow_WithTheEnrollmentsFacts_AndAKeyOfItsOwn()
    {
        var enrollment = TestEnrollments.ActiveIn(TestStreams.Scheduled());

        var email = OutboxEmail.EnrollmentReceipt(enrollment, 15, TestClock.Now);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(email.Status, Is.EqualTo(OutboxEmailStatus.Pending));
            Assert.That(email.NextAttemptAt, Is.EqualTo(TestClock.Now));
            Assert.That(email.RecipientId, Is.EqualTo(TestEnrollments.MemberId));
            Assert.That(email.Tokens, Is.EqualTo(enrollment.TokensPaid));
            Assert.That(email.Balance, Is.EqualTo(15));
            Assert.That(email.DedupKey, Is.EqualTo($"receipt:{enrollment.Id}"), "one receipt per enrollment, whoever settles it");
            Assert.That(email.Category, Is.EqualTo(EmailCategory.Enrollments));
        }
    }

    [Test]
    public void TokenPurchaseReceipt_IsAReceipt_ForTheBuyer_WithAKeyPerPurchase()
    {
        var pack = TokenPack.Create("Regular", 100, new Money(999, "EUR"), TestClock.Now);
        var purchase = TokenPurchase.Start("buyer-1", pack, "Demo", Guid.NewGuid(), null, TestClock.Now);

        var email = OutboxEmail.TokenPurchaseReceipt(purchase, 140, TestClock.Now);

        using (Assert.EnterMultipleScope())
        {
            Assert.That((email.Kind, email.Category), Is.EqualTo((EmailKind.TokenPurchaseReceipt, EmailCategory.Enrollments)));
            Assert.That((email.RecipientId, email.TokenPurchaseId, email.Tokens, email.Balance), Is.EqualTo(("buyer-1", (Guid?)purchase.Id, (int?)100, (int?)140)));
            Assert.That(email.DedupKey, Is.EqualTo(OutboxEmail.TokenPurchaseReceiptKey(purchase.Id)));
            Assert.That(OutboxEmail.TokenPurchaseReceipt(purchase, 140, TestClock.Now).DedupKey, Is.EqualTo(email.DedupKey), "the same purchase, the same key");
            Assert.That(email.Status, Is.EqualTo(OutboxEmailStatus.Pending));
        }
    }

    [TestCase(PurchaseAdjustmentReason.Refund, EmailKind.TokenPurchaseRefunded, -25)]
    [TestCase(PurchaseAdjustmentReason.Dispute, EmailKind.TokenPurchaseDisputed, -25)]
    [TestCase(PurchaseAdjustmentReason.DisputeWon, EmailKind.TokenPurchaseDisputeWon, 25)]
    public void TokenPurchaseAdjusted_SaysWhy_WithAKeyPerAdjustment(PurchaseAdjustmentReason reason, EmailKind kind, int tokens)
    {
        var pack = TokenPack.Create("Regular", 25, new Money(1000, "EUR"), TestClock.Now);
        var purchase = TokenPurchase.Start("buyer-1", pack, "Demo", Guid.NewGuid(), null, TestClock.Now);

        var email = OutboxEmail.TokenPurchaseAdjusted(purchase, 1, tokens, reason, 7, TestClock.Now);

        using (Assert.EnterMultipleScope())
        {
            Assert.That((email.Kind, email.Category, email.Kind.IsAboutTokenPurchase()), Is.EqualTo((kind, EmailCategory.Enrollments, true)));
            Assert.That((email.RecipientId, email.TokenPurchaseId, email.Tokens, email.Balance), Is.EqualTo(("buyer-1", (Guid?)purchase.Id, (int?)tokens, (int?)7)));
            Assert.That(email.DedupKey, Is.EqualTo(OutboxEmail.TokenPurchaseAdjustedKey(purchase.Id, 1)));
            Assert.That(OutboxEmail.TokenPurchaseAdjusted(purchase, 2, tokens, reason, 7, TestClock.Now).DedupKey, Is.Not.EqualTo(email.DedupKey), "the next adjustment, a key of its own");
        }
    }

    [Test]
    public void Reminder_KeyNamesTheStart_SoAMovedClassGetsANewOne()
    {
        var stream = TestStreams.Scheduled();
        var enrollment = TestEnrollments.ActiveIn(stream);

        var first = OutboxEmail.ClassReminder(enrollment, stream.ScheduledStart, TestClock.Now);
        var again = OutboxEmail.ClassReminder(enrollment, stream.ScheduledStart, TestClock.Now);
        var moved = OutboxEmail.ClassReminder(enrollment, stream.ScheduledStart.AddHours(1), TestClock.Now);

        Assert.That(again.DedupKey, Is.EqualTo(first.DedupKey));
        Assert.That(moved.DedupKey, Is.Not.EqualTo(first.DedupKey));
    }

    [Test]
    public void RecordFailure_WaitsLongerEachTime_UpToTheMaximum_ThenFails()
    {
        var email = Receipt();
        var waits = new List<TimeSpan>();
        for (var i = 0; i < 3; i++)
        {
            var now = TestClock.Now.AddHours(i);
            email.RecordFailure("451 try later", permanent: false, now, Policy);
            waits.Add(email.NextAttemptAt - now);
        }

        Assert.That(waits, Is.EqualTo(new[] { TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(2), TimeSpan.FromMinutes(3) }));
        Assert.That(email.Status, Is.EqualTo(OutboxEmailStatus.Pending));
        email.RecordFailure("451 try later", permanent: false, TestClock.Now.AddHours(4), Policy);
        Assert.That(email.Status, Is.EqualTo(OutboxEmailStatus.Failed), "the fourth of four tries");
        Assert.That(email.Attempts, Is.EqualTo(4));
    }

    [Test]
    public void RecordFailure_Permanent_FailsAtOnce_AndRetryStartsOver()
    {
        var email = Receipt();

        email.RecordFailure("550 no such user", permanent: true, TestClock.Now, Policy);
        Assert.That(email.Status, Is.EqualTo(OutboxEmailStatus.Failed));
        email.Retry(TestClock.Now.AddMinutes(10));

        Assert.That(email.Status, Is.EqualTo(OutboxEmailStatus.Pending));
        Assert.That(email.Attempts, Is.Zero);
        Assert.That(email.NextAttemptAt, Is.EqualTo(TestClock.Now.AddMinutes(10)));
    }

    [Test]
    public void ASentEmail_CannotBeSentRetriedOrSkippedAgain()
    {
        var email = Receipt();
        email.MarkSent(TestClock.Now);

        Assert.Throws<DomainException>(() => email.MarkSent(TestClock.Now));
        Assert.Throws<DomainException>(() => email.RecordFailure("x", false, TestClock.Now, Policy));
        Assert.Throws<DomainException>(() => email.Skip("x", TestClock.Now));
        Assert.Throws<DomainException>(() => email.Retry(TestClock.Now));
        Assert.That(email.SentAt, Is.EqualTo(TestClock.Now));
    }

    [Test]
    public void PasswordReset_ForgetsTheTypedAddress_OnceDealtWith()
    {
        var sent = OutboxEmail.PasswordReset(" ana@example.test ", TestClock.Now);
        var skipped = OutboxEmail.PasswordReset("nobody@example.test", TestClock.Now);
        Assert.That(sent.Address, Is.EqualTo("ana@example.test"));
        Assert.That(sent.DedupKey, Is.Not.EqualTo(skipped.DedupKey), "every request is its own email");

        sent.MarkSent(TestClock.Now);
        skipped.Skip("No account has this address.", TestClock.Now);

        Assert.That(sent.Address, Is.Null);
        Assert.That(skipped.Address, Is.Null);
        Assert.That(skipped.Category, Is.EqualTo(EmailCategory.Account));
    }

    [Test]
    public void AccountMail_CannotBeTurnedOff()
    {
        Assert.Throws<DomainException>(() => _ = new EmailOptOut("member-1", EmailCategory.Account, TestClock.Now));
        Assert.That(new EmailOptOut("member-1", EmailCategory.Reminders, TestClock.Now).Category, Is.EqualTo(EmailCategory.Reminders));
        Assert.That(EmailCategories.Optional, Does.Not.Contain(EmailCategory.Account));
    }

    [Test]
    public void EveryKind_HasACategory()
    {
        Assert.That(Enum.GetValues<EmailKind>().Select(k => k.Category()), Is.All.Not.Null);
    }

    [Test]
    public void Following_Yourself_IsRefused()
    {
        Assert.Throws<DomainException>(() => _ = new InstructorFollow("coach-1", "coach-1", TestClock.Now));
    }
}
