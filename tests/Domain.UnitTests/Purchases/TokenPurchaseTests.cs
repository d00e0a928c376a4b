using Streaming.Domain.Common;
using Streaming.Domain.Purchases;
using Streaming.Domain.UnitTests.TestData;

namespace Streaming.Domain.UnitTests.Purchases;

public class TokenPurchaseTests
{
    private const string MemberId = "member-1";
    private const string Session = "cs_test_123";
    private static readonly DateTimeOffset Later = TestClock.Now.AddMinutes(3);

    private static TokenPack Pack(int tokens = 25, long price = 2000) => TokenPack.Create("Regular", tokens, new Money(price, "EUR"), TestClock.Now);

    private static TokenPurchase Started(TokenPack? pack = null, string? returnUrl = null)
    {
        var purchase = TokenPurchase.Start(MemberId, pack ?? Pack(), "Stripe", Guid.NewGuid(), returnUrl, TestClock.Now);
        purchase.AttachCheckout(Session, TestClock.Now);
        return purchase;
    }

    private static TokenPurchase Completed(int tokens = 25, long price = 2000)
    {
        var purchase = Started(Pack(tokens, price));
        purchase.Complete("pi_1", "txn-1", Later);
        return purchase;
    }

    // Starting

    [Test]
    public void Start_CopiesThePack_SoLaterChangesToItDoNotMatter()
    {
        var pack = Pack();
        var purchase = TokenPurchase.Start(MemberId, pack, "Stripe", Guid.NewGuid(), "/streams/abc", TestClock.Now);
        pack.Change("Renamed", 99, new Money(9900, "USD"), Later);

        using (Assert.EnterMultipleScope())
        {
            Assert.That((purchase.PackName, purchase.Tokens, purchase.Amount), Is.EqualTo(("Regular", 25, new Money(2000, "EUR"))));
            Assert.That(purchase.Status, Is.EqualTo(PurchaseStatus.Pending));
            Assert.That(purchase.ReturnUrl, Is.EqualTo("/streams/abc"));
            Assert.That(purchase.Outcome, Is.EqualTo(PurchaseOutcome.NotPaid));
        }
    }

    [Test]
    public void Start_OfADisabledPack_IsRefused()
    {
        var pack = Pack();
        pack.Disable(TestClock.Now);

        var ex = Assert.Throws<DomainException>(() => TokenPurchase.Start(MemberId, pack, "Stripe", Guid.NewGuid(), null, TestClock.Now));

        Assert.That(ex?.Message, Is.EqualTo("This pack is no longer offered. Choose another one."));
    }

    [TestCase("https://evil.example/")]
    [TestCase("//evil.example/")]
    [TestCase("/\\evil.example")]
    [TestCase("streams/1")]
    [TestCase("/streams/1\n")]
    public void Start_DropsAReturnAddressOutsideTheApp(string returnUrl)
    {
        Assert.That(Started(returnUrl: returnUrl).ReturnUrl, Is.Null);
    }

    // Completing

    [Test]
    public void Complete_RecordsThePaymentAndTheCredit()
    {
        var purchase = Completed();

        using (Assert.EnterMultipleScope())
        {
            Assert.That(purchase.Status, Is.EqualTo(PurchaseStatus.Completed));
            Assert.That(purchase.PaymentReference, Is.EqualTo("pi_1"));
            Assert.That(purchase.CreditTransactionId, Is.EqualTo("txn-1"));
            Assert.That(purchase.CompletedAt, Is.EqualTo(Later));
            Assert.That(purchase.CreditKey, Is.EqualTo("checkout:cs_test_123"));
            Assert.That(purchase.Outcome, Is.EqualTo(PurchaseOutcome.Paid));
            Assert.That(purchase.AdjustmentDue, Is.Zero);
        }
    }

    [Test]
    public void Complete_Twice_IsRefused()
    {
        var purchase = Completed();

        Assert.Throws<DomainException>(() => purchase.Complete("pi_1", "txn-1", Later));
    }

    [Test]
    public void Complete_WithoutACheckout_IsRefused()
    {
        var purchase = TokenPurchase.Start(MemberId, Pack(), "Stripe", Guid.NewGuid(), null, TestClock.Now);

        Assert.Throws<DomainException>(() => purchase.Complete("pi_1", "txn-1", Later));
    }

    [Test]
    public void AnExpiredCheckout_ThatWasPaidAfterAll_Completes()
    {
        var purchase = Started();
        purchase.Expire(Later);

        purchase.Complete("pi_1", "txn-1", Later);

        Assert.That(purchase.Status, Is.EqualTo(PurchaseStatus.Completed));
    }

    [Test]
    public void Complete_RaisesTokenPurchaseCompleted_Once_AndNothingBefore()
    {
        var purchase = Started();
        purchase.Expire(Later);
        Assert.That(purchase.DomainEvents, Is.Empty, "starting, attaching the checkout and expiring tell no one");

        purchase.Complete("pi_1", "txn-1", Later);
        Assert.That(purchase.DomainEvents, Is.EqualTo(new[] { new TokenPurchaseCompleted(purchase) }));
        purchase.ClearDomainEvents();

        Assert.Throws<DomainException>(() => purchase.Complete("pi_1", "txn-1", Later));
        purchase.RecordRefunded(500, Later);
        Assert.That(purchase.DomainEvents, Is.Empty, "a second completion is refused and a refund is not a purchase");
    }

    [Test]
    public void AttachCheckout_IsIdempotent_ButNeverSwapsTheSession()
    {
        var purchase = Started();

        purchase.AttachCheckout(Session, Later);

        Assert.Throws<DomainException>(() => purchase.AttachCheckout("cs_other", Later));
        Assert.That(purchase.CheckoutSessionId, Is.EqualTo(Session));
    }

    [Test]
    public void FailToStart_OnlyWithoutACheckout()
    {
        var withCheckout = Started();
        var without = TokenPurchase.Start(MemberId, Pack(), "Stripe", Guid.NewGuid(), null, TestClock.Now);

        withCheckout.FailToStart("boom", Later);
        without.FailToStart("Stripe did not answer.", Later);

        Assert.That((withCheckout.Status, without.Status, without.FailureReason), Is.EqualTo((PurchaseStatus.Pending, PurchaseStatus.Failed, "Stripe did not answer.")));
    }

    // Refunds and disputes

    [Test]
    public void AFullRefund_TakesEveryTokenBack()
    {
        var purchase = Completed();

        purchase.RecordRefunded(2000, Later);

        Assert.That((purchase.TokensToReverse, purchase.AdjustmentDue, purchase.Outcome), Is.EqualTo((25, 25, PurchaseOutcome.Refunded)));
    }

    [TestCase(800, 10)] // 25 × 800 / 2000 = 10
    [TestCase(801, 11)] // 10.0125, rounded up: money back never leaves a token behind
    [TestCase(1, 1)]
    public void APartialRefund_TakesItsShareBack_RoundedUp(long refunded, int tokens)
    {
        var purchase = Completed();

        purchase.RecordRefunded(refunded, Later);

        Assert.That((purchase.AdjustmentDue, purchase.Outcome), Is.EqualTo((tokens, PurchaseOutcome.PartlyRefunded)));
    }

    [Test]
    public void RefundTotals_OnlyGrow_SoALateOrRepeatedEventChangesNothing()
    {
        var purchase = Completed();
        purchase.RecordRefunded(1000, Later);

        purchase.RecordRefunded(400, Later);
        purchase.RecordRefunded(1000, Later);
        purchase.RecordRefunded(99_999, Later);

        Assert.That(purchase.RefundedMinorUnits, Is.EqualTo(2000), "never more than was paid");
    }

    [Test]
    public void TakingBack_MoreThanTheBalanceHeld_RecordsTheRestAsNotRecovered()
    {
        var purchase = Completed();
        purchase.RecordRefunded(2000, Later);
        purchase.ClearDomainEvents();

        purchase.RecordTakeBack(25, 18, Later);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(purchase.TokensTakenBack, Is.EqualTo(18));
            Assert.That(purchase.TokensNotRecovered, Is.EqualTo(7));
            Assert.That(purchase.AdjustmentDue, Is.Zero);
            Assert.That(purchase.Adjustments, Is.EqualTo(1));
            Assert.That(purchase.NextAdjustmentKey, Is.EqualTo("checkout:cs_test_123:adjust:2"));
            Assert.That(purchase.DomainEvents, Is.EqualTo(new[] { new TokenPurchaseAdjusted(purchase, 1, -18, 7, PurchaseAdjustmentReason.Refund) }),
                "the member is told: 18 taken back, 7 spent already");
        }
    }

    [Test]
    public void TakingBack_MoreThanIsDue_IsRefused()
    {
        var purchase = Completed();
        purchase.RecordRefunded(800, Later);

        Assert.Throws<DomainException>(() => purchase.RecordTakeBack(11, 11, Later));
        Assert.Throws<DomainException>(() => purchase.RecordTakeBack(10, 11, Later));
    }

    [Test]
    public void AnOpenDispute_HoldsItsShare_AndAWonDisputeGivesItBack_UnrecoveredFirst()
    {
        var purchase = Completed();
        purchase.RecordDispute(2000, "needs_response", won: false, Later, Later);
        Assert.That((purchase.AdjustmentDue, purchase.Outcome), Is.EqualTo((25, PurchaseOutcome.Disputed)));
        purchase.ClearDomainEvents();
        purchase.RecordTakeBack(25, 20, Later); // 5 had been spent

        purchase.RecordDispute(2000, "won", won: true, Later.AddDays(10), Later.AddDays(10));
        var toGiveBack = purchase.ForgiveUnrecovered(Later.AddDays(10));
        purchase.RecordGiveBack(toGiveBack, Later.AddDays(10));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(toGiveBack, Is.EqualTo(20), "the 5 never recovered are forgotten, the 20 taken go back");
            Assert.That((purchase.TokensTakenBack, purchase.TokensNotRecovered, purchase.AdjustmentDue), Is.EqualTo((0, 0, 0)));
            Assert.That(purchase.Outcome, Is.EqualTo(PurchaseOutcome.Paid));
            Assert.That(purchase.DisputeStatus, Is.EqualTo("won"));
            Assert.That(purchase.DomainEvents, Is.EqualTo(new[]
            {
                new TokenPurchaseAdjusted(purchase, 1, -20, 5, PurchaseAdjustmentReason.Dispute),
                new TokenPurchaseAdjusted(purchase, 2, 20, 0, PurchaseAdjustmentReason.DisputeWon),
            }));
        }
    }

    [Test]
    public void ADisputeChange_OlderThanTheOneApplied_IsIgnored()
    {
        var purchase = Completed();
        purchase.RecordDispute(2000, "won", won: true, Later.AddDays(10), Later.AddDays(10));

        purchase.RecordDispute(2000, "needs_response", won: false, Later, Later.AddDays(11));

        Assert.That((purchase.DisputedMinorUnits, purchase.DisputeStatus), Is.EqualTo((0L, "won")));
    }

    [Test]
    public void NothingIsDue_BeforeThePurchaseIsPaid()
    {
        var purchase = Started();

        purchase.RecordRefunded(2000, Later);

        Assert.That(purchase.AdjustmentDue, Is.Zero);
    }

    [Test]
    public void RefundRequested_OnlyForAPaidPurchaseWithMoneyLeft()
    {
        var pending = Started();
        var refunded = Completed();
        refunded.RecordRefunded(2000, Later);
        var paid = Completed();

        Assert.Throws<DomainException>(() => pending.RecordRefundRequested(Later));
        var ex = Assert.Throws<DomainException>(() => refunded.RecordRefundRequested(Later));
        paid.RecordRefundRequested(Later);

        Assert.That(ex?.Message, Is.EqualTo("This purchase has been refunded already."));
        Assert.That(paid.RefundRequestedAt, Is.EqualTo(Later));
    }
}
