using Streaming.Application.Notifications.Common;
using Streaming.Domain.Notifications;
using Streaming.Domain.Purchases;

namespace Streaming.Application.UnitTests.Notifications;

/// <summary>The words of the notice of tokens taken or given back: counts, "was"/"were", and the subject per reason.</summary>
public class TokenPurchaseAdjustedModelTests
{
    private static TokenPurchaseAdjustedModel Model(int tokens, int moved, EmailKind why = EmailKind.TokenPurchaseRefunded, long refunded = 1000) =>
        new("Regular", tokens, new Money(1000, "EUR"), new ZonedTime(DateTimeOffset.UnixEpoch, TimeZoneInfo.Utc), why, moved, new Money(refunded, "EUR"), 0, "/tokens")
        {
            RecipientName = "Ann",
        };

    [TestCase(25, -25, "its 25 tokens were")]
    [TestCase(25, -15, "15 of its 25 tokens were")]
    [TestCase(25, -1, "1 of its 25 tokens was")]
    [TestCase(1, -1, "its 1 token was")]
    [TestCase(25, 0, "none of its 25 tokens was")]
    [TestCase(25, 20, "20 of its 25 tokens were")]
    public void Says_what_of_the_pack_moved(int tokens, int moved, string expected) =>
        Assert.That(Model(tokens, moved).OfThePack, Is.EqualTo(expected));

    [TestCase(EmailKind.TokenPurchaseRefunded, -15, "Refund: €6.00 returned, 15 tokens taken back")]
    [TestCase(EmailKind.TokenPurchaseDisputed, -25, "Payment disputed: 25 tokens taken back")]
    [TestCase(EmailKind.TokenPurchaseDisputeWon, 1, "Dispute closed in your favour: 1 token back in your balance")]
    public void The_subject_says_why(EmailKind why, int moved, string expected) =>
        Assert.That(Model(25, moved, why, refunded: 600).Subject, Is.EqualTo(expected));
}
