using Microsoft.Extensions.DependencyInjection.Extensions;
using Streaming.Application.Common.Interfaces;
using Streaming.Application.Enrollments.Commands.EnrollInStream;
using Streaming.Application.Enrollments.Common;
using Streaming.Application.Streams.Commands.CancelStream;
using Streaming.Domain.Enrollments;
using Streaming.Domain.Notifications;
using Streaming.Domain.Tokens;
using Streaming.Domain.Users;
using Streaming.Infrastructure.Tokens;

namespace Streaming.Infrastructure.IntegrationTests.Enrollments;

/// <summary>
/// An instructor cancels a class while members' enrollments are in flight (jobs off: nothing
/// settles afterwards). Whatever the interleaving, no member is left charged or Active in the
/// cancelled class, and no member is told "You are enrolled" for a payment that was kept.
/// </summary>
[Parallelizable(ParallelScope.Self)]
public sealed class CancellationRaceTests
{
    private const int Price = 9;
    private const int Tokens = 1000;

    private AppHarness _app = null!;

    [SetUp]
    public async Task CreateDatabase() => _app = await AppHarness.CreateAsync();

    [TearDown]
    public async Task DropDatabase() => await _app.DisposeAsync();

    /// <summary>
    /// The exact interleaving of the bug report: the seat is taken, then the class is cancelled
    /// (its refund pass finds no Active seat), then the payment lands.
    /// </summary>
    [Test]
    public async Task APaymentLandingAfterTheCancellation_IsRefundedAtOnce_AndTheMemberIsNotEnrolled()
    {
        var instructor = await _app.AddMemberAsync("coach");
        var member = await _app.AddMemberAsync("ana", tokens: 50);
        var streamId = await _app.ScheduleAsync(instructor, price: Price, capacity: 10);
        var racing = _app.BuildProvider(s => s.Replace(ServiceDescriptor.Scoped<ITokenLedger>(sp =>
            new InterleavingLedger(ActivatorUtilities.CreateInstance<BuiltInTokenLedger>(sp))
            {
                BeforeDeduct = () => _app.SendAsync(instructor, new CancelStreamCommand(streamId), Roles.Instructor),
            })));

        var result = await AppHarness.SendAsync(racing, member, new EnrollInStreamCommand(streamId));

        var enrollment = (await _app.EnrollmentsAsync(streamId, member)).Single();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.Succeeded, Is.False, result.Message);
            Assert.That(result.Message, Does.Contain("cancelled").And.Contain("went back"));
            Assert.That(enrollment.Status, Is.EqualTo(EnrollmentStatus.Refunded));
            Assert.That(await _app.BalanceAsync(member), Is.EqualTo(50), "charged and refunded at once");
            Assert.That((await _app.StreamAsync(streamId)).SeatsTaken, Is.Zero);
        }
    }

    /// <summary>
    /// Free classes take the same path without the ledger: a seat confirmed after the
    /// cancellation fails instead of becoming Active.
    /// </summary>
    [Test]
    public async Task AFreeSeatConfirmedAfterTheCancellation_IsNotActive()
    {
        var instructor = await _app.AddMemberAsync("coach");
        var member = await _app.AddMemberAsync("ana");
        var streamId = await _app.ScheduleAsync(instructor, price: 0);
        var (enrollmentId, _) = await _app.PendingSeatAsync(streamId, member, charged: false);
        await _app.SendAsync(instructor, new CancelStreamCommand(streamId), Roles.Instructor);

        await using (var scope = _app.Services.CreateAsyncScope())
        {
            var payments = scope.ServiceProvider.GetRequiredService<EnrollmentPayments>();
            var db = scope.ServiceProvider.GetRequiredService<ApplicationDbContext>();
            var seat = await db.Enrollments.Include(e => e.Stream).SingleAsync(e => e.Id == enrollmentId);
            var result = await payments.PayAsync(seat, CancellationToken.None);
            Assert.That(result.Succeeded, Is.False, result.Message);
        }

        Assert.That((await _app.EnrollmentAsync(enrollmentId)).Status, Is.EqualTo(EnrollmentStatus.Failed));
    }

    /// <summary>
    /// 200 rounds of four members enrolling at the same moment as the instructor cancels, with
    /// a random pause before each charge so the cancellation falls at every point of the payment.
    /// After each round: no seat is left pending or active in the cancelled class, every charge was
    /// refunded exactly once (one deduction, one refund, same amount), the ledger and the accounts
    /// agree, and every member who got a receipt also got the "class cancelled" email (both are
    /// queued by domain event handlers inside the transactions that activate and cancel).
    /// </summary>
    [Test]
    public async Task EnrollmentsRacingACancellation_NeverLeaveAChargeOrAnActiveSeat_In200Rounds()
    {
        const int rounds = 200;
        var instructor = await _app.AddMemberAsync("coach");
        var members = new[]
        {
            await _app.AddMemberAsync("ana", Tokens), await _app.AddMemberAsync("ben", Tokens),
            await _app.AddMemberAsync("cleo", Tokens), await _app.AddMemberAsync("dan", Tokens),
        };
        var jittery = _app.BuildProvider(s => s.Replace(ServiceDescriptor.Scoped<ITokenLedger>(sp =>
            new JitteryLedger(ActivatorUtilities.CreateInstance<BuiltInTokenLedger>(sp)))));
        var lateRefunds = 0;
        var refundedByCancel = 0;

        for (var round = 1; round <= rounds; round++)
        {
            var streamId = await _app.ScheduleAsync(instructor, price: Price, capacity: 10, title: $"Round {round}");
            var outcomes = await AppHarness.RaceAsync(members.Length + 1, i => i < members.Length
                ? AppHarness.SendAsync(jittery, members[i], new EnrollInStreamCommand(streamId)).ContinueWith(t => (object?)t.Result, TaskScheduler.Default)
                : AppHarness.SendAsync(_app.Services, instructor, new CancelStreamCommand(streamId), Roles.Instructor).ContinueWith(t => (object?)t.Result, TaskScheduler.Default));

            var errors = outcomes.Where(o => o.Error is not null && o.Error.GetBaseException() is not Domain.Common.DomainException).ToList();
            Assert.That(errors, Is.Empty, $"round {round}: {string.Join("; ", errors.Select(e => e.Error!.GetBaseException().Message))}");
            refundedByCancel += ((CancelStreamResult)outcomes[^1].Value!).Refunded;
            lateRefunds += outcomes.Count(o => o.Value is EnrollmentResult r && r.Message.Contains("was cancelled while your payment", StringComparison.Ordinal));

            await AssertRoundSettledAsync(streamId, members, $"round {round}");
        }

        TestContext.Out.WriteLine($"{rounds} rounds: {refundedByCancel} seats refunded by the cancellation, {lateRefunds} late payments returned at once");
        await using var db = _app.Context();
        var balances = await db.TokenAccounts.Where(a => members.Contains(a.MemberId)).Select(a => a.Balance).ToListAsync();
        Assert.That(balances, Is.EqualTo(Enumerable.Repeat(Tokens, members.Length)), "every token came back");
    }

    /// <summary>What one round of the race must leave behind, read in one go.</summary>
    private async Task AssertRoundSettledAsync(Guid streamId, string[] members, string round)
    {
        await using var db = _app.Context();
        var seats = await db.Enrollments.AsNoTracking().Where(e => e.StreamId == streamId).ToListAsync();
        var lines = await db.TokenTransactions.AsNoTracking().Where(t => t.StreamId == streamId).ToListAsync();
        var emails = await db.OutboxEmails.AsNoTracking().Where(o => o.StreamId == streamId).ToListAsync();
        var stream = await db.Streams.AsNoTracking().SingleAsync(s => s.Id == streamId);
        var accounts = await db.TokenAccounts.AsNoTracking().Where(a => members.Contains(a.MemberId)).ToListAsync();
        var allLines = await db.TokenTransactions.AsNoTracking().Where(t => members.Contains(t.MemberId))
            .GroupBy(t => t.MemberId).Select(g => new { MemberId = g.Key, Sum = g.Sum(t => t.Amount) }).ToListAsync();

        using (Assert.EnterMultipleScope())
        {
            Assert.That(stream.SeatsTaken, Is.Zero, $"{round}: seats taken");
            Assert.That(seats.Where(e => e.Status is EnrollmentStatus.Active or EnrollmentStatus.Pending), Is.Empty,
                $"{round}: a seat is still held in the cancelled class ({string.Join(", ", seats.Select(e => e.Status))})");
            foreach (var member in members)
            {
                var charges = lines.Where(l => l.MemberId == member && l.Kind == TokenTransactionKind.Enrollment).ToList();
                var refunds = lines.Where(l => l.MemberId == member && l.Kind == TokenTransactionKind.Refund).ToList();
                Assert.That(charges, Has.Count.LessThanOrEqualTo(1), $"{round}: {member} charged more than once");
                Assert.That(refunds, Has.Count.EqualTo(charges.Count), $"{round}: {member} has {charges.Count} charge(s) and {refunds.Count} refund(s)");
                Assert.That(charges.Sum(c => c.Amount) + refunds.Sum(r => r.Amount), Is.Zero, $"{round}: {member} is out of tokens");
            }

            // Conservation: each account's balance is exactly the sum of its ledger lines.
            foreach (var account in accounts)
                Assert.That(account.Balance, Is.EqualTo(allLines.Single(l => l.MemberId == account.MemberId).Sum), $"{round}: balance of {account.MemberId}");

            var receipts = emails.Where(e => e.Kind == EmailKind.EnrollmentReceipt).Select(e => e.EnrollmentId).Order().ToList();
            var cancelled = emails.Where(e => e.Kind == EmailKind.ClassCancelled).Select(e => e.EnrollmentId).Order().ToList();
            Assert.That(cancelled, Is.EqualTo(receipts), $"{round}: every member told \"you are enrolled\" is told of the cancellation, once");
        }
    }

    /// <summary>The real ledger, pausing 0–3 ms before each charge so the cancellation lands anywhere around it.</summary>
    private sealed class JitteryLedger(ITokenLedger inner) : ITokenLedger
    {
        public bool IsBuiltIn => inner.IsBuiltIn;

        public Task<LedgerBalance> GetBalanceAsync(string memberId, CancellationToken cancellationToken) => inner.GetBalanceAsync(memberId, cancellationToken);

        public async Task<LedgerResult> DeductAsync(LedgerDeduction deduction, CancellationToken cancellationToken)
        {
            await Task.Delay(Random.Shared.Next(0, 4), cancellationToken);
            return await inner.DeductAsync(deduction, cancellationToken);
        }

        public Task<LedgerResult> RefundAsync(LedgerRefund refund, CancellationToken cancellationToken) => inner.RefundAsync(refund, cancellationToken);

        public Task<LedgerLookup> FindDeductionAsync(string memberId, string idempotencyKey, CancellationToken cancellationToken) =>
            inner.FindDeductionAsync(memberId, idempotencyKey, cancellationToken);

        public Task<LedgerResult> GrantAsync(LedgerGrant grant, CancellationToken cancellationToken) => inner.GrantAsync(grant, cancellationToken);

        public Task<LedgerResult> CreditPurchaseAsync(LedgerPurchaseCredit credit, CancellationToken cancellationToken) =>
            inner.CreditPurchaseAsync(credit, cancellationToken);

        public Task<LedgerTakeBackResult> TakeBackAsync(LedgerTakeBack takeBack, CancellationToken cancellationToken) =>
            inner.TakeBackAsync(takeBack, cancellationToken);

        public Task<IReadOnlyList<LedgerEntry>> GetHistoryAsync(string memberId, int take, CancellationToken cancellationToken) =>
            inner.GetHistoryAsync(memberId, take, cancellationToken);
    }
}
