using Streaming.Application.Common.Interfaces;
using Streaming.Domain.Tokens;
using Streaming.Infrastructure.IntegrationTests.Enrollments;

namespace Streaming.Infrastructure.IntegrationTests.Tokens.BuiltIn;

/// <summary>
/// The built-in ledger (<c>BuiltInTokenLedger</c>) on real PostgreSQL, resolved from the app's
/// own composition: balances move only through append-only lines, idempotency keys make retries
/// free, and the balance never goes below zero — not under concurrency, not even by hand.
/// </summary>
[Parallelizable(ParallelScope.Self)]
public sealed class BuiltInTokenLedgerTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    private AppHarness _app = null!;
    private string _member = null!;
    private Guid _streamId;

    [OneTimeSetUp]
    public async Task CreateDatabase() => _app = await AppHarness.CreateAsync();

    [OneTimeTearDown]
    public async Task DropDatabase() => await _app.DisposeAsync();

    [SetUp]
    public async Task CreateMember()
    {
        _member = await _app.AddMemberAsync("ana");
        var instructor = await _app.AddMemberAsync("coach");
        _streamId = await _app.ScheduleAsync(instructor, price: 10);
    }

    private Task<T> Ledger<T>(Func<ITokenLedger, Task<T>> work) => _app.WithLedgerAsync(work);

    private Task<LedgerResult> DeductAsync(int amount, string key, string? member = null) =>
        Ledger(l => l.DeductAsync(new LedgerDeduction(member ?? _member, amount, "Class: Morning HIIT", _streamId, key), None));

    private Task<LedgerResult> RefundAsync(int amount, string key, string originalId = "") =>
        Ledger(l => l.RefundAsync(new LedgerRefund(_member, amount, originalId, "Cancelled enrollment", _streamId, key), None));

    private Task<LedgerResult> GrantAsync(int amount, string key, string reason = "Welcome bonus") =>
        Ledger(l => l.GrantAsync(new LedgerGrant(_member, amount, reason, key), None));

    private async Task<List<string>> RawKindsAsync() =>
        await Db(async db => await db.Database
            .SqlQuery<string>($"SELECT kind AS \"Value\" FROM token_transactions WHERE member_id = {_member} ORDER BY created_at, id")
            .ToListAsync());

    private async Task<T> Db<T>(Func<ApplicationDbContext, Task<T>> read)
    {
        await using var db = _app.Context();
        return await read(db);
    }

    [Test]
    public async Task ReusingAKey_ForAnotherAmount_IsRejected_AndMovesNothing()
    {
        var first = await GrantAsync(50, "grant-form-1");
        var reused = await GrantAsync(80, "grant-form-1");

        Assert.That(first.Succeeded, Is.True);
        Assert.That(reused.Outcome, Is.EqualTo(LedgerOutcome.Rejected));
        Assert.That(reused.Message, Does.Contain("different amount"));
        Assert.That((await Ledger(l => l.GetBalanceAsync(_member, None))).Balance, Is.EqualTo(50));
    }

    [Test]
    public async Task IsBuiltIn() => Assert.That(await Ledger(l => Task.FromResult(l.IsBuiltIn)), Is.True);

    [Test]
    public async Task GrantDeductRefund_MoveTheBalance_AndAppendOneSignedLineEach()
    {
        var start = _app.Clock.Now;
        var granted = await GrantAsync(100, "grant-1");
        _app.Clock.Advance(TimeSpan.FromMinutes(1));
        var deducted = await DeductAsync(30, "enroll-1");
        _app.Clock.Advance(TimeSpan.FromMinutes(1));
        var refunded = await RefundAsync(30, "refund-1", deducted.TransactionId!);

        var lines = await _app.LinesAsync(_member);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(new[] { granted, deducted, refunded }.Select(r => r.Outcome), Is.All.EqualTo(LedgerOutcome.Succeeded));
            Assert.That(new[] { granted.Balance, deducted.Balance, refunded.Balance }, Is.EqualTo(new int?[] { 100, 70, 100 }));
            Assert.That(await _app.BalanceAsync(_member), Is.EqualTo(100));

            Assert.That(lines.Select(l => l.Id.ToString()), Is.EqualTo(new[] { granted.TransactionId, deducted.TransactionId, refunded.TransactionId }));
            Assert.That(lines.Select(l => l.Kind),
                Is.EqualTo(new[] { TokenTransactionKind.Grant, TokenTransactionKind.Enrollment, TokenTransactionKind.Refund }));
            Assert.That(await RawKindsAsync(), Is.EqualTo(new[] { "Grant", "Enrollment", "Refund" }), "kind is stored as text");
            Assert.That(lines.Select(l => l.Amount), Is.EqualTo(new[] { 100, -30, 30 }), "signed: deductions are negative");
            Assert.That(lines.Select(l => l.BalanceAfter), Is.EqualTo(new[] { 100, 70, 100 }));
            Assert.That(lines.Select(l => l.IdempotencyKey), Is.EqualTo(new[] { "grant-1", "enroll-1", "refund-1" }));
            Assert.That(lines.Select(l => l.StreamId), Is.EqualTo(new Guid?[] { null, _streamId, _streamId }));
            Assert.That(lines.Select(l => l.Reason), Is.EqualTo(new[] { "Welcome bonus", "Class: Morning HIIT", "Cancelled enrollment" }));
            Assert.That(lines.Select(l => l.CreatedAt), Is.EqualTo(new[]
            {
                start, start.AddMinutes(1), start.AddMinutes(2),
            }));
        }
    }

    [Test]
    public async Task GetBalance_OfAMemberWithoutAccount_IsZero_AndCreatesNothing()
    {
        var balance = await Ledger(l => l.GetBalanceAsync(_member, None));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(balance.Balance, Is.Zero);
            Assert.That(balance.IsKnown, Is.True);
            Assert.That(await Db(db => db.TokenAccounts.CountAsync(a => a.MemberId == _member)), Is.Zero);
        }
    }

    [Test]
    public async Task RepeatedIdempotencyKey_ReturnsTheSameTransaction_AndMovesNothing()
    {
        var grant = await GrantAsync(50, "grant-1");
        var grantAgain = await GrantAsync(50, "grant-1");
        var deduct = await DeductAsync(20, "enroll-1");
        var deductAgain = await DeductAsync(20, "enroll-1");
        var refund = await RefundAsync(20, "refund-1");
        var refundAgain = await RefundAsync(20, "refund-1");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(grantAgain.Outcome, Is.EqualTo(LedgerOutcome.Succeeded));
            Assert.That(grantAgain.TransactionId, Is.EqualTo(grant.TransactionId));
            Assert.That(deductAgain.Outcome, Is.EqualTo(LedgerOutcome.Succeeded));
            Assert.That(deductAgain.TransactionId, Is.EqualTo(deduct.TransactionId));
            Assert.That(refundAgain.Outcome, Is.EqualTo(LedgerOutcome.Succeeded));
            Assert.That(refundAgain.TransactionId, Is.EqualTo(refund.TransactionId));
            Assert.That(refundAgain.Balance, Is.EqualTo(50), "a replay reports the current balance");
            Assert.That(await _app.BalanceAsync(_member), Is.EqualTo(50));
            Assert.That(await _app.LinesAsync(_member), Has.Count.EqualTo(3));
        }
    }

    [Test]
    public async Task RepeatedDeductionKey_AfterTheBalanceRanOut_StillReturnsTheFirstPayment()
    {
        await GrantAsync(10, "grant-1");
        var first = await DeductAsync(10, "enroll-1");

        var retry = await DeductAsync(10, "enroll-1");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(retry.Outcome, Is.EqualTo(LedgerOutcome.Succeeded), "a retry of a payment that went through is not 'insufficient'");
            Assert.That(retry.TransactionId, Is.EqualTo(first.TransactionId));
            Assert.That(await _app.BalanceAsync(_member), Is.Zero);
        }
    }

    [Test]
    public async Task DeductMoreThanTheBalance_IsInsufficient_WithTheBalance_AndWritesNothing()
    {
        await GrantAsync(25, "grant-1");
        var accountBefore = await Db(db => db.TokenAccounts.AsNoTracking().SingleAsync(a => a.MemberId == _member));
        _app.Clock.Advance(TimeSpan.FromMinutes(5));

        var result = await DeductAsync(26, "enroll-1");

        var accountAfter = await Db(db => db.TokenAccounts.AsNoTracking().SingleAsync(a => a.MemberId == _member));
        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.Outcome, Is.EqualTo(LedgerOutcome.InsufficientBalance));
            Assert.That(result.Succeeded, Is.False);
            Assert.That(result.Balance, Is.EqualTo(25));
            Assert.That(result.TransactionId, Is.Null);
            Assert.That(result.Message, Does.Contain("25").And.Contain("26"));
            Assert.That(accountAfter.Balance, Is.EqualTo(25));
            Assert.That(accountAfter.UpdatedAt, Is.EqualTo(accountBefore.UpdatedAt), "the account row is untouched");
            Assert.That(await _app.LinesAsync(_member), Has.Count.EqualTo(1));
            Assert.That((await Ledger(l => l.FindDeductionAsync(_member, "enroll-1", None))).Outcome, Is.EqualTo(LedgerLookupOutcome.NotFound));
        }
    }

    [Test]
    public async Task DeductFromAMemberWithoutAccount_IsInsufficient_AndCreatesNoAccount()
    {
        var result = await DeductAsync(1, "enroll-1");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.Outcome, Is.EqualTo(LedgerOutcome.InsufficientBalance));
            Assert.That(result.Balance, Is.Zero);
            Assert.That(await Db(db => db.TokenAccounts.CountAsync(a => a.MemberId == _member)), Is.Zero, "rolled back");
        }
    }

    [TestCase(0, "Class", TestName = "Deduct_ZeroTokens_IsRejected")]
    [TestCase(-5, "Class", TestName = "Deduct_NegativeTokens_IsRejected")]
    [TestCase(TokenAccount.MaxSingleAmount + 1, "Class", TestName = "Deduct_AboveTheSingleMaximum_IsRejected")]
    [TestCase(5, " ", TestName = "Deduct_WithoutReason_IsRejected")]
    public async Task InvalidDeduction_IsRejected_AndWritesNothing(int amount, string reason)
    {
        await GrantAsync(100, "grant-1");

        var result = await Ledger(l => l.DeductAsync(new LedgerDeduction(_member, amount, reason, _streamId, "enroll-1"), None));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.Outcome, Is.EqualTo(LedgerOutcome.Rejected));
            Assert.That(result.Message, Is.Not.Empty);
            Assert.That(await _app.BalanceAsync(_member), Is.EqualTo(100));
            Assert.That(await _app.LinesAsync(_member), Has.Count.EqualTo(1));
        }
    }

    [Test]
    public async Task GrantWithATooLongReason_IsRejected_AndWritesNothing()
    {
        var result = await GrantAsync(5, "grant-1", new string('x', TokenTransaction.ReasonMaxLength + 1));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.Outcome, Is.EqualTo(LedgerOutcome.Rejected));
            Assert.That(await _app.LinesAsync(_member), Is.Empty);
            Assert.That(await _app.BalanceAsync(_member), Is.Zero);
        }
    }

    [Test]
    public async Task FiftyParallelDeductions_FromABalanceOfTwenty_ExactlyTwentySucceed_AndTheBalanceEndsAtZero()
    {
        await GrantAsync(20, "grant-1");

        var results = await AppHarness.RaceAsync(50, i => DeductAsync(1, $"enroll-{i}"));

        var deductions = await _app.LinesAsync(_member, TokenTransactionKind.Enrollment);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(results.Select(r => r.Error), Is.All.Null, "no call throws");
            Assert.That(results.Count(r => r.Value!.Outcome == LedgerOutcome.Succeeded), Is.EqualTo(20));
            Assert.That(results.Count(r => r.Value!.Outcome == LedgerOutcome.InsufficientBalance), Is.EqualTo(30));
            Assert.That(await _app.BalanceAsync(_member), Is.Zero);
            Assert.That(deductions, Has.Count.EqualTo(20));
            Assert.That(deductions.Select(d => d.BalanceAfter).Order(), Is.EqualTo(Enumerable.Range(0, 20)),
                "the deductions queued up one after another: every intermediate balance appears once");
            Assert.That(deductions.Select(d => d.Id.ToString()),
                Is.EquivalentTo(results.Where(r => r.Value!.Succeeded).Select(r => r.Value!.TransactionId)));
        }
    }

    [Test]
    public async Task TwentyParallelDeductions_WithTheSameKey_PayOnce_AndAllReportThatPayment()
    {
        await GrantAsync(100, "grant-1");

        var results = await AppHarness.RaceAsync(20, _ => DeductAsync(10, "enroll-same"));

        var deductions = await _app.LinesAsync(_member, TokenTransactionKind.Enrollment);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(results.Select(r => r.Error), Is.All.Null, "no call throws");
            Assert.That(results.Select(r => r.Value!.Outcome), Is.All.EqualTo(LedgerOutcome.Succeeded));
            Assert.That(deductions, Has.Count.EqualTo(1));
            Assert.That(results.Select(r => r.Value!.TransactionId), Is.All.EqualTo(deductions.Single().Id.ToString()));
            Assert.That(await _app.BalanceAsync(_member), Is.EqualTo(90));
        }
    }

    [Test]
    public async Task ParallelGrantsAndDeductions_OnANewAccount_LoseNoUpdate()
    {
        var results = await AppHarness.RaceAsync(30, i => i % 3 == 0
            ? DeductAsync(1, $"enroll-{i}")
            : GrantAsync(2, $"grant-{i}"));

        var lines = await _app.LinesAsync(_member);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(results.Select(r => r.Error), Is.All.Null, "creating the account concurrently does not fail");
            Assert.That(await _app.BalanceAsync(_member), Is.EqualTo(lines.Sum(l => l.Amount)), "balance = sum of the lines");
            Assert.That(lines.Count(l => l.Kind == TokenTransactionKind.Grant), Is.EqualTo(20));
            Assert.That(lines.Count(l => l.Kind == TokenTransactionKind.Enrollment),
                Is.EqualTo(results.Count(r => r.Value!.Succeeded) - 20));
            Assert.That(lines.Select(l => l.BalanceAfter), Is.All.GreaterThanOrEqualTo(0));
        }
    }

    [Test]
    public async Task FindDeduction_FindsThePaymentByItsKey_AndNothingElse()
    {
        await GrantAsync(50, "grant-1");
        var payment = await DeductAsync(10, "enroll-1");
        await RefundAsync(10, "refund-1");
        var other = await _app.AddMemberAsync("ben", tokens: 50);
        await DeductAsync(10, "enroll-other", other);

        var found = await Ledger(l => l.FindDeductionAsync(_member, "enroll-1", None));
        var unknown = await Ledger(l => l.FindDeductionAsync(_member, "enroll-never", None));
        var refundKey = await Ledger(l => l.FindDeductionAsync(_member, "refund-1", None));
        var grantKey = await Ledger(l => l.FindDeductionAsync(_member, "grant-1", None));
        var othersKey = await Ledger(l => l.FindDeductionAsync(_member, "enroll-other", None));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(found.Outcome, Is.EqualTo(LedgerLookupOutcome.Found));
            Assert.That(found.TransactionId, Is.EqualTo(payment.TransactionId));
            Assert.That(unknown.Outcome, Is.EqualTo(LedgerLookupOutcome.NotFound));
            Assert.That(unknown.TransactionId, Is.Null);
            Assert.That(refundKey.Outcome, Is.EqualTo(LedgerLookupOutcome.NotFound), "only deductions count");
            Assert.That(grantKey.Outcome, Is.EqualTo(LedgerLookupOutcome.NotFound));
            Assert.That(othersKey.Outcome, Is.EqualTo(LedgerLookupOutcome.NotFound), "keys belong to one member");
        }
    }

    [Test]
    public async Task History_IsNewestFirst_LimitedToTake_AndOnlyTheMembers()
    {
        var start = _app.Clock.Now;
        var ids = new List<string>();
        for (var i = 1; i <= 5; i++)
        {
            ids.Add((await GrantAsync(i, $"grant-{i}")).TransactionId!);
            _app.Clock.Advance(TimeSpan.FromMinutes(1));
        }

        ids.Add((await DeductAsync(3, "enroll-1")).TransactionId!);
        await _app.AddMemberAsync("ben", tokens: 99);

        var all = await Ledger(l => l.GetHistoryAsync(_member, 50, None));
        var latest = await Ledger(l => l.GetHistoryAsync(_member, 2, None));

        ids.Reverse();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(all.Select(e => e.TransactionId), Is.EqualTo(ids));
            Assert.That(all.Select(e => e.CreatedAt), Is.Ordered.Descending);
            Assert.That(latest.Select(e => e.TransactionId), Is.EqualTo(ids.Take(2)));
            Assert.That(all[0], Is.EqualTo(new LedgerEntry(ids[0], start.AddMinutes(5), "Enrollment", -3,
                "Class: Morning HIIT", _streamId, 12)));
            Assert.That(all[^1].Kind, Is.EqualTo("Grant"));
            Assert.That(all[^1].BalanceAfter, Is.EqualTo(1));
        }
    }

    // Purchases

    private Task<LedgerTakeBackResult> TakeBackAsync(int amount, string key) =>
        Ledger(l => l.TakeBackAsync(new LedgerTakeBack(_member, amount, "Money returned for Regular", key), None));

    [Test]
    public async Task CreditPurchase_AddsAPurchaseLine_OncePerCheckoutKey()
    {
        var first = await Ledger(l => l.CreditPurchaseAsync(new LedgerPurchaseCredit(_member, 25, "Bought: Regular", "checkout:cs_1"), None));
        var again = await Ledger(l => l.CreditPurchaseAsync(new LedgerPurchaseCredit(_member, 25, "Bought: Regular", "checkout:cs_1"), None));

        Assert.That((first.Succeeded, again.TransactionId, again.Balance), Is.EqualTo((true, first.TransactionId, 25)));
        Assert.That(await RawKindsAsync(), Is.EqualTo(new[] { "Purchase" }));
    }

    [Test]
    public async Task TakeBack_TakesWhatTheBalanceHolds_NeverBelowZero_AndARepeatReturnsTheFirstResult()
    {
        await GrantAsync(25, "grant");
        await DeductAsync(18, "enroll-spent");

        var taken = await TakeBackAsync(25, "checkout:cs_1:adjust:1");
        var repeated = await TakeBackAsync(25, "checkout:cs_1:adjust:1");
        var nothingLeft = await TakeBackAsync(5, "checkout:cs_2:adjust:1");

        using (Assert.EnterMultipleScope())
        {
            Assert.That((taken.Succeeded, taken.Taken, taken.Balance), Is.EqualTo((true, 7, 0)));
            Assert.That((repeated.Taken, repeated.Balance), Is.EqualTo((7, 0)));
            Assert.That((nothingLeft.Succeeded, nothingLeft.Taken), Is.EqualTo((true, 0)));
            Assert.That(await RawKindsAsync(), Is.EqualTo(new[] { "Grant", "Enrollment", "Reversal" }), "one line; none for an empty take-back");
        }
    }

    [Test]
    public async Task TakeBack_RacingDeductions_NeverTakesMoreThanIsThere()
    {
        await GrantAsync(20, "grant");

        var deductions = Enumerable.Range(0, 10).Select(i => DeductAsync(2, $"enroll-{i}")).ToList();
        var takeBack = TakeBackAsync(20, "checkout:cs_1:adjust:1");
        await Task.WhenAll(deductions);
        var took = (await takeBack).Taken;

        var paid = deductions.Count(d => d.Result.Succeeded) * 2;
        Assert.That(took + paid, Is.EqualTo(20), "every token went exactly one way");
        Assert.That((await Ledger(l => l.GetBalanceAsync(_member, None))).Balance, Is.Zero);
    }

    [Test]
    public async Task TheDatabaseItself_RefusesANegativeBalance()
    {
        await GrantAsync(5, "grant-1");

        await using var db = _app.Context();
        var failure = Assert.ThrowsAsync<PostgresException>(() =>
            db.Database.ExecuteSqlInterpolatedAsync($"UPDATE token_accounts SET balance = -1 WHERE member_id = {_member}"));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(failure!.SqlState, Is.EqualTo(PostgresErrorCodes.CheckViolation));
            Assert.That(failure.ConstraintName, Is.EqualTo("ck_token_accounts_balance"));
            Assert.That(await _app.BalanceAsync(_member), Is.EqualTo(5));
        }
    }

    [Test]
    public async Task TheDatabaseItself_RefusesALineWithANegativeBalanceAfter_AndASecondLineWithTheSameKey()
    {
        var grant = await GrantAsync(5, "grant-1");

        await using var db = _app.Context();
        var negative = Assert.ThrowsAsync<PostgresException>(() => db.Database.ExecuteSqlInterpolatedAsync(
            $"""
             INSERT INTO token_transactions (id, member_id, amount, kind, reason, idempotency_key, balance_after, created_at)
             VALUES ({Guid.NewGuid()}, {_member}, -6, 'Enrollment', 'by hand', 'by-hand', -1, {TestClock.DefaultNow})
             """));
        var duplicate = Assert.ThrowsAsync<PostgresException>(() => db.Database.ExecuteSqlInterpolatedAsync(
            $"""
             INSERT INTO token_transactions (id, member_id, amount, kind, reason, idempotency_key, balance_after, created_at)
             VALUES ({Guid.NewGuid()}, {_member}, 5, 'Grant', 'by hand', 'grant-1', 10, {TestClock.DefaultNow})
             """));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(negative!.SqlState, Is.EqualTo(PostgresErrorCodes.CheckViolation));
            Assert.That(negative.ConstraintName, Is.EqualTo("ck_token_transactions_balance_after"));
            Assert.That(duplicate!.SqlState, Is.EqualTo(PostgresErrorCodes.UniqueViolation));
            Assert.That(duplicate.ConstraintName, Is.EqualTo("ix_token_transactions_member_id_idempotency_key"));
            Assert.That((await _app.LinesAsync(_member)).Select(l => l.Id.ToString()), Is.EqualTo(new[] { grant.TransactionId }));
        }
    }
}
