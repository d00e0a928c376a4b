using Microsoft.Extensions.DependencyInjection.Extensions;
using Moq;
using Streaming.Application.Common.Interfaces;
using Streaming.Application.Common.Options;
using Streaming.Application.Enrollments.Commands.ReconcileEnrollments;
using Streaming.Domain.Enrollments;
using Streaming.Domain.Tokens;

namespace Streaming.Infrastructure.IntegrationTests.Enrollments;

/// <summary>
/// ReconcileEnrollmentsCommand settles what a crash or a ledger outage left open, on real
/// PostgreSQL with the built-in ledger. Each test has a database of its own so the report counts
/// are exact.
/// </summary>
[Parallelizable(ParallelScope.Self)]
public sealed class ReconcileEnrollmentsTests
{
    private const int Price = 10;
    private static readonly TimeSpan PastReconcileAfter = new EnrollmentOptions().ReconcileAfter + TimeSpan.FromSeconds(1);

    private AppHarness _app = null!;
    private string _member = null!;
    private Guid _streamId;

    [SetUp]
    public async Task CreateDatabase()
    {
        _app = await AppHarness.CreateAsync();
        var instructor = await _app.AddMemberAsync("coach");
        _member = await _app.AddMemberAsync("ana", tokens: 50);
        _streamId = await _app.ScheduleAsync(instructor, price: Price, capacity: 5);
    }

    [TearDown]
    public async Task DropDatabase() => await _app.DisposeAsync();

    private Task<ReconcileReport> ReconcileAsync(IServiceProvider? services = null) =>
        AppHarness.SendAsync(services ?? _app.Services, "system", new ReconcileEnrollmentsCommand());

    [Test]
    public async Task ChargedButNotSaved_IsActivatedWithThatCharge_OnceStale()
    {
        var (enrollmentId, transactionId) = await _app.PendingSeatAsync(_streamId, _member, charged: true);
        _app.Clock.Advance(PastReconcileAfter);

        var report = await ReconcileAsync();

        var enrollment = await _app.EnrollmentAsync(enrollmentId);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(report, Is.EqualTo(new ReconcileReport(Activated: 1, Failed: 0, Refunded: 0, Unresolved: 0)));
            Assert.That(enrollment.Status, Is.EqualTo(EnrollmentStatus.Active));
            Assert.That(enrollment.LedgerTransactionId, Is.EqualTo(transactionId));
            Assert.That(enrollment.ActivatedAt, Is.EqualTo(_app.Clock.Now));
            Assert.That(await _app.LinesAsync(_member, TokenTransactionKind.Enrollment), Has.Count.EqualTo(1));
            Assert.That(await _app.BalanceAsync(_member), Is.EqualTo(40));
            Assert.That((await _app.StreamAsync(_streamId)).SeatsTaken, Is.EqualTo(1));
        }

        Assert.That(await ReconcileAsync(), Is.EqualTo(new ReconcileReport(0, 0, 0, 0)), "a second run has nothing to do");
    }

    [Test]
    public async Task StalePendingThatWasNeverPaid_IsFailed_AndItsSeatReleased_WithoutTouchingTheBalance()
    {
        var (enrollmentId, _) = await _app.PendingSeatAsync(_streamId, _member, charged: false);
        _app.Clock.Advance(PastReconcileAfter);

        var report = await ReconcileAsync();

        var enrollment = await _app.EnrollmentAsync(enrollmentId);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(report, Is.EqualTo(new ReconcileReport(Activated: 0, Failed: 1, Refunded: 0, Unresolved: 0)));
            Assert.That(enrollment.Status, Is.EqualTo(EnrollmentStatus.Failed));
            Assert.That(enrollment.FailureReason, Is.EqualTo("The payment was never confirmed."));
            Assert.That((await _app.StreamAsync(_streamId)).SeatsTaken, Is.Zero);
            Assert.That(await _app.BalanceAsync(_member), Is.EqualTo(50));
            Assert.That(await _app.LinesAsync(_member, TokenTransactionKind.Enrollment), Is.Empty);
        }
    }

    [Test]
    public async Task PendingYoungerThanReconcileAfter_IsLeftAlone()
    {
        var (enrollmentId, _) = await _app.PendingSeatAsync(_streamId, _member, charged: false);
        _app.Clock.Advance(PastReconcileAfter - TimeSpan.FromSeconds(2));

        var report = await ReconcileAsync();

        using (Assert.EnterMultipleScope())
        {
            Assert.That(report, Is.EqualTo(new ReconcileReport(0, 0, 0, 0)));
            Assert.That((await _app.EnrollmentAsync(enrollmentId)).Status, Is.EqualTo(EnrollmentStatus.Pending), "its payment may still be running");
            Assert.That((await _app.StreamAsync(_streamId)).SeatsTaken, Is.EqualTo(1));
        }
    }

    [Test]
    public async Task LedgerThatCannotTell_LeavesThePendingSeatForLater_ThenTheRealLedgerSettlesIt()
    {
        var (enrollmentId, transactionId) = await _app.PendingSeatAsync(_streamId, _member, charged: true);
        _app.Clock.Advance(PastReconcileAfter);
        var ledger = new Mock<ITokenLedger>(MockBehavior.Strict);
        ledger.Setup(l => l.FindDeductionAsync(_member, It.IsAny<string>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync(new LedgerLookup(LedgerLookupOutcome.Unknown));
        var down = _app.BuildProvider(s => s.Replace(ServiceDescriptor.Singleton(ledger.Object)));

        var unresolved = await ReconcileAsync(down);
        var pendingAfterOutage = await _app.EnrollmentAsync(enrollmentId);
        var settled = await ReconcileAsync();

        var enrollment = await _app.EnrollmentAsync(enrollmentId);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(unresolved, Is.EqualTo(new ReconcileReport(0, 0, 0, Unresolved: 1)));
            Assert.That(pendingAfterOutage.Status, Is.EqualTo(EnrollmentStatus.Pending), "unknown is not 'not paid'");
            Assert.That(settled, Is.EqualTo(new ReconcileReport(Activated: 1, 0, 0, 0)));
            Assert.That(enrollment.Status, Is.EqualTo(EnrollmentStatus.Active));
            Assert.That(enrollment.LedgerTransactionId, Is.EqualTo(transactionId));
            Assert.That(await _app.LinesAsync(_member, TokenTransactionKind.Enrollment), Has.Count.EqualTo(1));
            Assert.That(await _app.BalanceAsync(_member), Is.EqualTo(40));
        }
    }

    [Test]
    public async Task SeveralStaleSeatsInOneClass_AreSettledTogether_AndTheSeatCountStaysRight()
    {
        var paid = await _app.PendingSeatAsync(_streamId, _member, charged: true);
        var ben = await _app.AddMemberAsync("ben", tokens: 50);
        var unpaid = await _app.PendingSeatAsync(_streamId, ben, charged: false);
        var cleo = await _app.AddMemberAsync("cleo", tokens: 50);
        var unpaidToo = await _app.PendingSeatAsync(_streamId, cleo, charged: false);
        _app.Clock.Advance(PastReconcileAfter);

        var report = await ReconcileAsync();

        using (Assert.EnterMultipleScope())
        {
            Assert.That(report, Is.EqualTo(new ReconcileReport(Activated: 1, Failed: 2, Refunded: 0, Unresolved: 0)));
            Assert.That((await _app.EnrollmentAsync(paid.EnrollmentId)).Status, Is.EqualTo(EnrollmentStatus.Active));
            Assert.That((await _app.EnrollmentAsync(unpaid.EnrollmentId)).Status, Is.EqualTo(EnrollmentStatus.Failed));
            Assert.That((await _app.EnrollmentAsync(unpaidToo.EnrollmentId)).Status, Is.EqualTo(EnrollmentStatus.Failed));
            Assert.That((await _app.StreamAsync(_streamId)).SeatsTaken, Is.EqualTo(1));
            Assert.That(await _app.BalanceAsync(ben), Is.EqualTo(50));
            Assert.That(await _app.BalanceAsync(cleo), Is.EqualTo(50));
        }
    }
}
