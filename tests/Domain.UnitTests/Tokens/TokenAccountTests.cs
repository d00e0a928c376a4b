using Streaming.Domain.Common;
using Streaming.Domain.Tokens;
using Streaming.Domain.UnitTests.TestData;

namespace Streaming.Domain.UnitTests.Tokens;

public class TokenAccountTests
{
    private const string MemberId = "member-1";
    private const string Key = "key-1";
    private static readonly Guid StreamId = Guid.CreateVersion7();
    private static readonly DateTimeOffset Later = TestClock.Now.AddMinutes(5);

    private static TokenAccount AccountWith(int balance)
    {
        var account = new TokenAccount(MemberId, TestClock.Now);
        if (balance > 0) account.Credit(balance, TokenTransactionKind.Grant, "Starting balance", null, "seed", TestClock.Now);
        return account;
    }

    // Opening an account

    [Test]
    public void NewAccount_StartsAtZero_WithUtcTimestamps()
    {
        var localNow = new DateTimeOffset(2030, 1, 10, 11, 0, 0, TimeSpan.FromHours(2));

        var account = new TokenAccount(MemberId, localNow);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(account.MemberId, Is.EqualTo(MemberId));
            Assert.That(account.Balance, Is.Zero);
            Assert.That(account.CreatedAt, Is.EqualTo(TestClock.Now));
            Assert.That(account.CreatedAt.Offset, Is.EqualTo(TimeSpan.Zero));
            Assert.That(account.UpdatedAt, Is.EqualTo(account.CreatedAt));
        }
    }

    [TestCase(null)]
    [TestCase("")]
    [TestCase("  ")]
    public void NewAccount_WithoutMember_IsRefused(string? memberId)
    {
        var ex = Assert.Throws<DomainException>(() => _ = new TokenAccount(memberId!, TestClock.Now));

        Assert.That(ex?.Message, Is.EqualTo("A token account needs a member."));
    }

    // Credit

    [TestCase(TokenTransactionKind.Grant)]
    [TestCase(TokenTransactionKind.Purchase)]
    [TestCase(TokenTransactionKind.Refund)]
    public void Credit_AddsToTheBalance_AndReturnsAPositiveLineOfThatKind(TokenTransactionKind kind)
    {
        var account = AccountWith(10);

        var line = account.Credit(25, kind, "  Welcome bonus  ", StreamId, Key, Later);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(account.Balance, Is.EqualTo(35));
            Assert.That(account.UpdatedAt, Is.EqualTo(Later));
            Assert.That(line.Id, Is.Not.EqualTo(Guid.Empty));
            Assert.That(line.MemberId, Is.EqualTo(MemberId));
            Assert.That(line.Amount, Is.EqualTo(25));
            Assert.That(line.Kind, Is.EqualTo(kind));
            Assert.That(line.Reason, Is.EqualTo("Welcome bonus"), "trimmed");
            Assert.That(line.StreamId, Is.EqualTo(StreamId));
            Assert.That(line.IdempotencyKey, Is.EqualTo(Key));
            Assert.That(line.BalanceAfter, Is.EqualTo(35));
            Assert.That(line.CreatedAt, Is.EqualTo(Later));
        }
    }

    [Test]
    public void Credit_WithKindEnrollment_IsRefused_AndChangesNothing()
    {
        var account = AccountWith(10);

        var ex = Assert.Throws<DomainException>(() => account.Credit(5, TokenTransactionKind.Enrollment, "Class", StreamId, Key, Later));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(ex?.Message, Is.EqualTo("An enrollment takes tokens; it cannot add them."));
            Assert.That(account.Balance, Is.EqualTo(10));
            Assert.That(account.UpdatedAt, Is.EqualTo(TestClock.Now));
        }
    }

    [Test]
    public void Credit_RecordsTimesInUtc()
    {
        var account = AccountWith(0);
        var local = new DateTimeOffset(2030, 1, 10, 4, 5, 0, TimeSpan.FromHours(-5));

        var line = account.Credit(1, TokenTransactionKind.Grant, "Gift", null, Key, local);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(line.CreatedAt.Offset, Is.EqualTo(TimeSpan.Zero));
            Assert.That(line.CreatedAt, Is.EqualTo(local));
            Assert.That(account.UpdatedAt.Offset, Is.EqualTo(TimeSpan.Zero));
            Assert.That(account.UpdatedAt, Is.EqualTo(local));
        }
    }

    // Debit

    [Test]
    public void Debit_TakesFromTheBalance_AndReturnsANegativeEnrollmentLine()
    {
        var account = AccountWith(30);

        var line = account.Debit(12, "Class: Morning Yoga", StreamId, "enroll:1", Later);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(account.Balance, Is.EqualTo(18));
            Assert.That(account.UpdatedAt, Is.EqualTo(Later));
            Assert.That(line.Amount, Is.EqualTo(-12));
            Assert.That(line.Kind, Is.EqualTo(TokenTransactionKind.Enrollment));
            Assert.That(line.BalanceAfter, Is.EqualTo(18));
            Assert.That(line.StreamId, Is.EqualTo(StreamId));
            Assert.That(line.IdempotencyKey, Is.EqualTo("enroll:1"));
            Assert.That(line.Reason, Is.EqualTo("Class: Morning Yoga"));
            Assert.That(line.CreatedAt, Is.EqualTo(Later));
        }
    }

    [Test]
    public void Debit_OfTheWholeBalance_LeavesZero()
    {
        var account = AccountWith(30);

        var line = account.Debit(30, "Class", StreamId, Key, Later);

        Assert.That(account.Balance, Is.Zero);
        Assert.That(line.BalanceAfter, Is.Zero);
    }

    [TestCase(0, 1)]
    [TestCase(5, 6)]
    [TestCase(5, TokenAccount.MaxSingleAmount)]
    public void Debit_MoreThanTheBalance_ThrowsInsufficientTokens_WithBalanceAndRequired_AndChangesNothing(int balance, int amount)
    {
        var account = AccountWith(balance);

        var ex = Assert.Throws<InsufficientTokensException>(() => account.Debit(amount, "Class", StreamId, Key, Later));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(ex, Is.InstanceOf<DomainException>());
            Assert.That(ex!.Balance, Is.EqualTo(balance));
            Assert.That(ex.Required, Is.EqualTo(amount));
            Assert.That(ex.Message, Is.EqualTo($"You have {balance} tokens and this needs {amount}."));
            Assert.That(account.Balance, Is.EqualTo(balance));
            Assert.That(account.UpdatedAt, Is.EqualTo(TestClock.Now));
        }
    }

    [Test]
    public void BalanceAfter_FollowsEveryChangeInOrder()
    {
        var account = AccountWith(0);

        var lines = new[]
        {
            account.Credit(100, TokenTransactionKind.Purchase, "Pack of 100", null, "k1", TestClock.Now),
            account.Debit(30, "Class A", StreamId, "k2", TestClock.Now),
            account.Debit(70, "Class B", StreamId, "k3", TestClock.Now),
            account.Credit(30, TokenTransactionKind.Refund, "Class A cancelled", StreamId, "k4", TestClock.Now),
        };

        using (Assert.EnterMultipleScope())
        {
            Assert.That(lines.Select(l => l.Amount), Is.EqualTo(new[] { 100, -30, -70, 30 }));
            Assert.That(lines.Select(l => l.BalanceAfter), Is.EqualTo(new[] { 100, 70, 0, 30 }));
            Assert.That(account.Balance, Is.EqualTo(lines.Sum(l => l.Amount)));
            Assert.That(lines.Select(l => l.Id).Distinct().Count(), Is.EqualTo(4));
        }
    }

    // Validation, the same for Credit and Debit

    private static IEnumerable<TestCaseData> InvalidChanges()
    {
        const string amount = "The amount must be a positive number of tokens.";
        const string reason = "Say what the tokens are for.";
        const string tooLong = "The reason must be at most 200 characters.";
        const string key = "Every ledger change needs an idempotency key.";
        var longReason = new string('r', TokenTransaction.ReasonMaxLength + 1);
        var longKey = new string('k', TokenTransaction.IdempotencyKeyMaxLength + 1);

        (int Amount, string? Reason, string? Key, string Message, string Name)[] cases =
        [
            (0, "Gift", Key, amount, "ZeroAmount"),
            (-1, "Gift", Key, amount, "NegativeAmount"),
            (int.MinValue, "Gift", Key, amount, "MinValueAmount"),
            (TokenAccount.MaxSingleAmount + 1, "Gift", Key, "At most", "AboveMaxAmount"),
            (5, null, Key, reason, "NullReason"),
            (5, "", Key, reason, "EmptyReason"),
            (5, "   ", Key, reason, "BlankReason"),
            (5, longReason, Key, tooLong, "ReasonOf201"),
            (5, "Gift", null, key, "NullKey"),
            (5, "Gift", "", key, "EmptyKey"),
            (5, "Gift", " ", key, "BlankKey"),
            (5, "Gift", longKey, key, "KeyOf101"),
        ];
        foreach (var c in cases)
        {
            yield return new TestCaseData(true, c.Amount, c.Reason, c.Key, c.Message).SetName($"Credit_{c.Name}_IsRefused");
            yield return new TestCaseData(false, c.Amount, c.Reason, c.Key, c.Message).SetName($"Debit_{c.Name}_IsRefused");
        }
    }

    [TestCaseSource(nameof(InvalidChanges))]
    public void InvalidChange_IsRefused_AndChangesNothing(bool credit, int amount, string? reason, string? key, string message)
    {
        var account = AccountWith(100);

        var ex = Assert.Throws<DomainException>(() =>
        {
            if (credit) account.Credit(amount, TokenTransactionKind.Grant, reason!, null, key!, Later);
            else account.Debit(amount, reason!, StreamId, key!, Later);
        });

        using (Assert.EnterMultipleScope())
        {
            Assert.That(ex, Is.Not.InstanceOf<InsufficientTokensException>());
            Assert.That(ex?.Message, Does.StartWith(message));
            Assert.That(account.Balance, Is.EqualTo(100));
            Assert.That(account.UpdatedAt, Is.EqualTo(TestClock.Now));
        }
    }

    [Test]
    public void Limits_AreInclusive()
    {
        var account = AccountWith(0);
        var reason = "  " + new string('r', TokenTransaction.ReasonMaxLength) + "  ";
        var key = new string('k', TokenTransaction.IdempotencyKeyMaxLength);

        var credit = account.Credit(TokenAccount.MaxSingleAmount, TokenTransactionKind.Grant, reason, null, key, Later);
        var debit = account.Debit(TokenAccount.MaxSingleAmount, reason, StreamId, key, Later);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(credit.Amount, Is.EqualTo(TokenAccount.MaxSingleAmount));
            Assert.That(credit.Reason, Has.Length.EqualTo(TokenTransaction.ReasonMaxLength), "200 characters once trimmed");
            Assert.That(debit.Amount, Is.EqualTo(-TokenAccount.MaxSingleAmount));
            Assert.That(account.Balance, Is.Zero);
        }
    }

    // Take-back (money for a purchase went back)

    [TestCase(30, 10, 10, 20)]
    [TestCase(30, 30, 30, 0)]
    [TestCase(7, 10, 7, 0)]
    public void TakeBack_TakesUpToTheBalance_NeverBelowZero(int balance, int requested, int expectedTaken, int expectedBalance)
    {
        var account = AccountWith(balance);

        var (line, taken) = account.TakeBack(requested, "Refund of Starter pack", Key, Later);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(taken, Is.EqualTo(expectedTaken));
            Assert.That(account.Balance, Is.EqualTo(expectedBalance));
            Assert.That(line!.Amount, Is.EqualTo(-expectedTaken));
            Assert.That(line.Kind, Is.EqualTo(TokenTransactionKind.Reversal));
            Assert.That(line.BalanceAfter, Is.EqualTo(expectedBalance));
            Assert.That(line.IdempotencyKey, Is.EqualTo(Key));
        }
    }

    [Test]
    public void TakeBack_FromAnEmptyBalance_TakesNothing_AndWritesNoLine()
    {
        var account = AccountWith(0);

        var (line, taken) = account.TakeBack(10, "Refund of Starter pack", Key, Later);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(line, Is.Null);
            Assert.That(taken, Is.Zero);
            Assert.That(account.Balance, Is.Zero);
            Assert.That(account.UpdatedAt, Is.EqualTo(TestClock.Now), "nothing changed");
        }
    }

    [Test]
    public void Credit_WithKindReversal_IsRefused()
    {
        var account = AccountWith(5);

        var ex = Assert.Throws<DomainException>(() => account.Credit(5, TokenTransactionKind.Reversal, "x", null, Key, Later));

        Assert.That(ex?.Message, Is.EqualTo("A reversal takes tokens; it cannot add them."));
        Assert.That(account.Balance, Is.EqualTo(5));
    }
}
