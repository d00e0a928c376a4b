using Microsoft.Extensions.DependencyInjection.Extensions;
using Streaming.Application.Common.Interfaces;
using Streaming.Application.Enrollments.Commands.EnrollInStream;
using Streaming.Application.Enrollments.Common;
using Streaming.Application.Streams.Commands.CancelStream;
using Streaming.Domain.Enrollments;
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
    /// 200 rounds of three members enrolling at the same moment as the instructor cancels, with
    /// a random pause before each charge so the cancellation falls at every point of the payment.
    /// </summary>
    [Test]
    public async Task EnrollmentsRacingACancellation_NeverLeaveAChargeOrAnActiveSeat_In200Rounds()
    {
        const int rounds = 200;
        var instructor = await _app.AddMemberAsync("coach");
        var members = new[]
        {
            await _app.AddMemberAsync("ana", Tokens), await _app.AddMemberAsync("ben", Tokens), await _app.AddMemberAsync("cleo", Tokens),
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
            var cancel = (CancelStreamResult)outcomes[^1].Value!;
            refundedByCancel += cancel.Refunded;

            var seats = await _app.EnrollmentsAsync(streamId);
            foreach (var (member, i) in members.Select((m, i) => (m, i)))
            {
                var spent = -(await _app.LinesAsync(member)).Where(l => l.StreamId == streamId).Sum(l => l.Amount);
                var answer = outcomes[i].Error is null ? (EnrollmentResult)outcomes[i].Value! : null;
                if (answer?.Message.Contains("was cancelled while your payment", StringComparison.Ordinal) == true) lateRefunds++;
                Assert.That(spent, Is.Zero, $"round {round}: member {i} is out of {spent} tokens for a cancelled class ({answer?.Outcome}: {answer?.Message})");
            }

            Assert.That(seats.Where(e => e.Status is EnrollmentStatus.Active or EnrollmentStatus.Pending), Is.Empty,
                $"round {round}: {string.Join(", ", seats.Select(e => e.Status))}");
            Assert.That((await _app.StreamAsync(streamId)).SeatsTaken, Is.Zero, $"round {round}");
        }

        TestContext.Out.WriteLine($"{rounds} rounds: {refundedByCancel} seats refunded by the cancellation, {lateRefunds} late payments returned at once");
        foreach (var member in members)
            Assert.That(await _app.BalanceAsync(member), Is.EqualTo(Tokens), "every token came back");
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
