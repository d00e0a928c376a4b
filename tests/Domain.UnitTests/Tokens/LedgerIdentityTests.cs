using Streaming.Domain.Common;
using Streaming.Domain.Tokens;

namespace Streaming.Domain.UnitTests.Tokens;

public class LedgerIdentityTests
{
    private static readonly DateTimeOffset Now = new(2030, 1, 10, 9, 0, 0, TimeSpan.Zero);

    [Test]
    public void EnsureMayChange_WithNoOpenPaidSeat_Allows() =>
        Assert.DoesNotThrow(() => LedgerIdentity.EnsureMayChange(0));

    [Test]
    public void EnsureMayChange_WithAnOpenPaidSeat_RefusesWithTheCount() =>
        Assert.That(() => LedgerIdentity.EnsureMayChange(2), Throws.TypeOf<DomainException>().With.Message.Contains("You hold 2 paid seat(s)"));

    [TestCase("")]
    [TestCase("   ")]
    public void New_WithoutASubject_IsRefused(string subject) =>
        Assert.That(() => new LedgerIdentity("user-1", "Apple", subject, Now), Throws.TypeOf<DomainException>());

    [Test]
    public void New_KeepsProviderSubjectAndTimeInUtc()
    {
        var identity = new LedgerIdentity("user-1", "Apple", "001122.abc.0420", Now.ToOffset(TimeSpan.FromHours(2)));

        Assert.That((identity.UserId, identity.Provider, identity.Subject, identity.LinkedAt.Offset), Is.EqualTo(("user-1", "Apple", "001122.abc.0420", TimeSpan.Zero)));
    }
}
