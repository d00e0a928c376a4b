using Streaming.Domain.Common;
using Streaming.Domain.UnitTests.TestData;
using Streaming.Domain.Users;

namespace Streaming.Domain.UnitTests.Users;

public class AccountActionTests
{
    [Test]
    public void An_action_keeps_who_what_when_and_the_reason_trimmed()
    {
        var action = new AccountAction("member-1", "admin-1", AccountActionKind.Disabled, "  Chargeback fraud ", TestClock.Now);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(action.UserId, Is.EqualTo("member-1"));
            Assert.That(action.AdminId, Is.EqualTo("admin-1"));
            Assert.That(action.Kind, Is.EqualTo(AccountActionKind.Disabled));
            Assert.That(action.Reason, Is.EqualTo("Chargeback fraud"));
            Assert.That(action.At, Is.EqualTo(TestClock.Now));
        }
    }

    [TestCase("")]
    [TestCase("   ")]
    public void An_action_without_a_reason_is_refused(string reason)
    {
        Assert.That(() => new AccountAction("member-1", "admin-1", AccountActionKind.Unlocked, reason, TestClock.Now),
            Throws.InstanceOf<DomainException>().With.Message.EqualTo("Say why."));
    }

    [Test]
    public void A_reason_longer_than_the_trail_keeps_is_refused()
    {
        Assert.That(() => new AccountAction("member-1", "admin-1", AccountActionKind.Demoted, new string('x', AccountAction.ReasonMaxLength + 1), TestClock.Now),
            Throws.InstanceOf<DomainException>());
    }
}
