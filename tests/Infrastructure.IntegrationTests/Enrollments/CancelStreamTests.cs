using MediatR;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Streaming.Application.Common.Events;
using Moq;
using Streaming.Application.Common.Exceptions;
using Streaming.Application.Common.Interfaces;
using Streaming.Application.Enrollments.Commands.CancelEnrollment;
using Streaming.Application.Enrollments.Commands.EnrollInStream;
using Streaming.Application.Enrollments.Commands.ReconcileEnrollments;
using Streaming.Application.Enrollments.Common;
using Streaming.Application.Streams.Commands.CancelStream;
using Streaming.Domain.Common;
using Streaming.Domain.Enrollments;
using Streaming.Domain.Streams;
using Streaming.Domain.Tokens;
using Streaming.Domain.Users;

namespace Streaming.Infrastructure.IntegrationTests.Enrollments;

/// <summary>
/// The instructor cancels a class (CancelStreamCommand): every paid seat is refunded exactly once,
/// now or — when the ledger does not confirm — by ReconcileEnrollments later. A database per
/// test, so reconciliation reports are exact.
/// </summary>
[Parallelizable(ParallelScope.Self)]
public sealed class CancelStreamTests
{
    private const int Price = 10;
    private const int Tokens = 50;

    private AppHarness _app = null!;
    private string _instructor = null!;
    private Guid _streamId;
    private List<string> _paid = null!;

    [SetUp]
    public async Task CreateAClassWithThreePaidSeats()
    {
        _app = await AppHarness.CreateAsync();
        _instructor = await _app.AddMemberAsync("coach");
        _streamId = await _app.ScheduleAsync(_instructor, price: Price, capacity: 10);
        _paid = [];
        for (var i = 0; i < 3; i++)
        {
            var member = await _app.AddMemberAsync($"m{i}", tokens: Tokens);
            var result = await _app.SendAsync(member, new EnrollInStreamCommand(_streamId));
            Assert.That(result.Outcome, Is.EqualTo(EnrollmentOutcome.Enrolled), result.Message);
            _paid.Add(member);
        }
    }

    [TearDown]
    public async Task DropDatabase() => await _app.DisposeAsync();

    private Task<CancelStreamResult> CancelStreamAsync(string userId, IServiceProvider? services = null, params string[] roles) =>
        AppHarness.SendAsync(services ?? _app.Services, userId, new CancelStreamCommand(_streamId), roles.Length == 0 ? [Roles.Instructor] : roles);

    private Task<ReconcileReport> ReconcileAsync() => _app.SendAsync("system", new ReconcileEnrollmentsCommand());

    private async Task<List<int>> RefundLineCountsAsync(IEnumerable<string> members)
    {
        var counts = new List<int>();
        foreach (var member in members) counts.Add((await _app.LinesAsync(member, TokenTransactionKind.Refund)).Count);
        return counts;
    }

    private async Task<List<int>> BalancesAsync(IEnumerable<string> members)
    {
        var balances = new List<int>();
        foreach (var member in members) balances.Add(await _app.BalanceAsync(member));
        return balances;
    }

    [Test]
    public async Task OwningInstructor_CancelsTheClass_AndEveryPaidSeatIsRefundedOnce()
    {
        // Around the three paid seats: one member already cancelled (refunded), one could not pay (failed).
        var cancelledEarlier = await _app.AddMemberAsync("early", tokens: Tokens);
        await _app.SendAsync(cancelledEarlier, new EnrollInStreamCommand(_streamId));
        var earlyEnrollment = (await _app.EnrollmentsAsync(_streamId, cancelledEarlier)).Single();
        await _app.SendAsync(cancelledEarlier, new CancelEnrollmentCommand(earlyEnrollment.Id));
        var broke = await _app.AddMemberAsync("broke", tokens: 1);
        await _app.SendAsync(broke, new EnrollInStreamCommand(_streamId));
        _app.Clock.Advance(TimeSpan.FromHours(2));

        var result = await CancelStreamAsync(_instructor);

        var stream = await _app.StreamAsync(_streamId);
        var enrollments = await _app.EnrollmentsAsync(_streamId);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(result, Is.EqualTo(new CancelStreamResult(Refunded: 3, PendingRefunds: 0)));
            Assert.That(stream.Status, Is.EqualTo(StreamStatus.Cancelled));
            Assert.That(stream.CancelledAt, Is.EqualTo(_app.Clock.Now));
            Assert.That(stream.SeatsTaken, Is.Zero);
            Assert.That(enrollments.Where(e => _paid.Contains(e.MemberId)).Select(e => e.Status), Is.All.EqualTo(EnrollmentStatus.Refunded));
            Assert.That(enrollments.Where(e => _paid.Contains(e.MemberId)).Select(e => e.RefundedAt), Is.All.EqualTo(_app.Clock.Now));
            Assert.That(enrollments.Single(e => e.MemberId == broke).Status, Is.EqualTo(EnrollmentStatus.Failed));
            Assert.That(await RefundLineCountsAsync(_paid), Is.All.EqualTo(1));
            Assert.That(await BalancesAsync(_paid), Is.All.EqualTo(Tokens), "everyone has their tokens back");
            Assert.That(await RefundLineCountsAsync([cancelledEarlier]), Is.EqualTo(new[] { 1 }), "no second refund for a cancelled seat");
            Assert.That(await BalancesAsync([cancelledEarlier, broke]), Is.EqualTo(new[] { Tokens, 1 }));
            var reasons = new List<string>();
            foreach (var member in _paid) reasons.Add((await _app.LinesAsync(member, TokenTransactionKind.Refund)).Single().Reason);
            Assert.That(reasons, Is.All.EqualTo("Class cancelled: Morning HIIT"));
        }

        // Running it again, or reconciling afterwards, moves nothing more.
        var again = Assert.ThrowsAsync<DomainException>(() => CancelStreamAsync(_instructor));
        var report = await ReconcileAsync();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(again!.Message, Is.EqualTo("You cannot cancel a class that is cancelled."));
            Assert.That(report, Is.EqualTo(new ReconcileReport(0, 0, 0, 0)));
            Assert.That(await RefundLineCountsAsync(_paid), Is.All.EqualTo(1));
            Assert.That(await BalancesAsync(_paid), Is.All.EqualTo(Tokens));
        }
    }

    [Test]
    public async Task AnotherInstructor_CannotCancelTheClass_ItIsNotFoundForThem()
    {
        var stranger = await _app.AddMemberAsync("other-coach");

        Assert.ThrowsAsync<NotFoundException>(() => CancelStreamAsync(stranger));

        using (Assert.EnterMultipleScope())
        {
            Assert.That((await _app.StreamAsync(_streamId)).Status, Is.EqualTo(StreamStatus.Scheduled));
            Assert.That((await _app.EnrollmentsAsync(_streamId)).Select(e => e.Status), Is.All.EqualTo(EnrollmentStatus.Active));
            Assert.That(await RefundLineCountsAsync(_paid), Is.All.Zero);
            Assert.That(await BalancesAsync(_paid), Is.All.EqualTo(Tokens - Price));
        }
    }

    [Test]
    public async Task SuperAdmin_MayCancelAnyClass()
    {
        var admin = await _app.AddMemberAsync("admin");

        var result = await CancelStreamAsync(admin, null, Roles.Member, Roles.SuperAdmin);

        Assert.That(result, Is.EqualTo(new CancelStreamResult(3, 0)));
        Assert.That(await BalancesAsync(_paid), Is.All.EqualTo(Tokens));
    }

    [Test]
    public async Task RefundsTheLedgerDoesNotConfirm_LeaveTheSeatsActive_AndReconciliationRefundsThemExactlyOnce()
    {
        var ledger = new Mock<ITokenLedger>(MockBehavior.Strict);
        ledger.Setup(l => l.RefundAsync(It.IsAny<LedgerRefund>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync(LedgerResult.Unavailable("The token service did not answer."));
        var down = _app.BuildProvider(s => s.Replace(ServiceDescriptor.Singleton(ledger.Object)));

        var result = await CancelStreamAsync(_instructor, down);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(result, Is.EqualTo(new CancelStreamResult(Refunded: 0, PendingRefunds: 3)));
            Assert.That((await _app.StreamAsync(_streamId)).Status, Is.EqualTo(StreamStatus.Cancelled));
            Assert.That((await _app.EnrollmentsAsync(_streamId)).Select(e => e.Status), Is.All.EqualTo(EnrollmentStatus.Active),
                "not marked refunded while the tokens are not back");
            Assert.That(await BalancesAsync(_paid), Is.All.EqualTo(Tokens - Price));
            Assert.That(await RefundLineCountsAsync(_paid), Is.All.Zero);
        }

        ledger.Verify(l => l.RefundAsync(It.IsAny<LedgerRefund>(), It.IsAny<CancellationToken>()), Times.Exactly(3));

        var report = await ReconcileAsync();
        var second = await ReconcileAsync();

        using (Assert.EnterMultipleScope())
        {
            Assert.That(report, Is.EqualTo(new ReconcileReport(0, 0, Refunded: 3, 0)));
            Assert.That(second, Is.EqualTo(new ReconcileReport(0, 0, 0, 0)));
            Assert.That((await _app.EnrollmentsAsync(_streamId)).Select(e => e.Status), Is.All.EqualTo(EnrollmentStatus.Refunded));
            Assert.That(await RefundLineCountsAsync(_paid), Is.All.EqualTo(1));
            Assert.That(await BalancesAsync(_paid), Is.All.EqualTo(Tokens));
            Assert.That((await _app.StreamAsync(_streamId)).SeatsTaken, Is.Zero);
        }
    }

    [Test]
    public async Task ALedgerThatThrows_DoesNotUndoTheCancellation_AndReconciliationRefundsTheSeats()
    {
        var ledger = new Mock<ITokenLedger>(MockBehavior.Strict);
        ledger.Setup(l => l.RefundAsync(It.IsAny<LedgerRefund>(), It.IsAny<CancellationToken>()))
            .ThrowsAsync(new HttpRequestException("connection refused"));
        var down = _app.BuildProvider(s => s.Replace(ServiceDescriptor.Singleton(ledger.Object)));

        var result = await CancelStreamAsync(_instructor, down);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(result, Is.EqualTo(new CancelStreamResult(Refunded: 0, PendingRefunds: 3)), "the cancellation stands; the refunds wait");
            Assert.That((await _app.StreamAsync(_streamId)).Status, Is.EqualTo(StreamStatus.Cancelled));
            Assert.That((await _app.EnrollmentsAsync(_streamId)).Select(e => e.Status), Is.All.EqualTo(EnrollmentStatus.Active));
            Assert.That(await BalancesAsync(_paid), Is.All.EqualTo(Tokens - Price));
        }

        Assert.That(await ReconcileAsync(), Is.EqualTo(new ReconcileReport(0, 0, Refunded: 3, 0)));
        Assert.That(await BalancesAsync(_paid), Is.All.EqualTo(Tokens));
        Assert.That(await RefundLineCountsAsync(_paid), Is.All.EqualTo(1));
    }

    [Test]
    public async Task TheCommittedCancellation_DeliveredAgain_RefundsNothingTwice()
    {
        await CancelStreamAsync(_instructor);
        var stream = await _app.StreamAsync(_streamId);

        // A redelivery of the committed event (a retry, a second instance) finds no seat to refund.
        await using (var scope = _app.Services.CreateAsyncScope())
            await scope.ServiceProvider.GetRequiredService<IMediator>().Publish(new DomainEventCommitted<StreamCancelled>(new StreamCancelled(stream)));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(await RefundLineCountsAsync(_paid), Is.All.EqualTo(1));
            Assert.That(await BalancesAsync(_paid), Is.All.EqualTo(Tokens));
            Assert.That((await _app.EnrollmentsAsync(_streamId)).Select(e => e.Status), Is.All.EqualTo(EnrollmentStatus.Refunded));
        }
    }
}
