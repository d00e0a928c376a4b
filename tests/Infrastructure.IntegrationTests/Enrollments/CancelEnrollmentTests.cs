using Microsoft.Extensions.DependencyInjection.Extensions;
using Moq;
using Streaming.Application.Common.Exceptions;
using Streaming.Application.Common.Interfaces;
using Streaming.Application.Enrollments.Commands.CancelEnrollment;
using Streaming.Application.Enrollments.Commands.EnrollInStream;
using Streaming.Application.Enrollments.Common;
using Streaming.Domain.Common;
using Streaming.Domain.Enrollments;
using Streaming.Domain.Tokens;

namespace Streaming.Infrastructure.IntegrationTests.Enrollments;

/// <summary>
/// A member cancels their own enrollment (CancelEnrollmentCommand) on real PostgreSQL with the
/// built-in ledger: a full refund, once, before the cancellation window, and only their own.
/// </summary>
[Parallelizable(ParallelScope.Self)]
public sealed class CancelEnrollmentTests
{
    private const int Price = 10;

    private AppHarness _app = null!;
    private string _instructor = null!;
    private string _member = null!;

    [OneTimeSetUp]
    public async Task CreateDatabase() => _app = await AppHarness.CreateAsync();

    [OneTimeTearDown]
    public async Task DropDatabase() => await _app.DisposeAsync();

    [SetUp]
    public async Task CreateAccounts()
    {
        // Tests move the shared clock; start each on a whole second (PostgreSQL keeps microseconds, not ticks).
        var now = _app.Clock.Now;
        _app.Clock.Now = now.AddTicks(TimeSpan.TicksPerSecond - (now.Ticks % TimeSpan.TicksPerSecond));
        _instructor = await _app.AddMemberAsync("coach");
        _member = await _app.AddMemberAsync("ana", tokens: 50);
    }

    /// <summary>A class starting <paramref name="startsIn"/> from now, with the member enrolled and paid.</summary>
    private async Task<(Guid StreamId, Enrollment Enrollment)> EnrolledAsync(TimeSpan? startsIn = null, int price = Price)
    {
        var streamId = await _app.ScheduleAsync(_instructor, price: price, capacity: 10, startsIn: startsIn);
        var result = await _app.SendAsync(_member, new EnrollInStreamCommand(streamId));
        Assert.That(result.Outcome, Is.EqualTo(EnrollmentOutcome.Enrolled), result.Message);
        return (streamId, (await _app.EnrollmentsAsync(streamId, _member)).Single());
    }

    private Task<string> CancelAsync(Guid enrollmentId, string? member = null) =>
        _app.SendAsync(member ?? _member, new CancelEnrollmentCommand(enrollmentId));

    [Test]
    public async Task BeforeTheWindow_RefundsInFull_WithOneRefundLine_AndReleasesTheSeat()
    {
        var (streamId, enrollment) = await EnrolledAsync();
        _app.Clock.Advance(TimeSpan.FromHours(1));

        var message = await CancelAsync(enrollment.Id);

        var cancelled = await _app.EnrollmentAsync(enrollment.Id);
        var refund = (await _app.LinesAsync(_member, TokenTransactionKind.Refund)).Single();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(message, Is.EqualTo("Your enrollment in Morning HIIT is cancelled and 10 tokens are back in your balance."));
            Assert.That(cancelled.Status, Is.EqualTo(EnrollmentStatus.Refunded));
            Assert.That(cancelled.RefundedAt, Is.EqualTo(_app.Clock.Now));
            Assert.That(cancelled.LedgerTransactionId, Is.EqualTo(enrollment.LedgerTransactionId), "the payment stays on record");
            Assert.That(await _app.BalanceAsync(_member), Is.EqualTo(50));
            Assert.That(refund.Amount, Is.EqualTo(Price));
            Assert.That(refund.IdempotencyKey, Is.EqualTo(enrollment.RefundKey));
            Assert.That(refund.StreamId, Is.EqualTo(streamId));
            Assert.That(refund.BalanceAfter, Is.EqualTo(50));
            Assert.That(refund.Reason, Is.EqualTo("Cancelled enrollment: Morning HIIT"));
            Assert.That((await _app.StreamAsync(streamId)).SeatsTaken, Is.Zero);
        }
    }

    [Test]
    public async Task FreeClass_IsCancelledWithoutALedgerLine()
    {
        var (streamId, enrollment) = await EnrolledAsync(price: 0);

        var message = await CancelAsync(enrollment.Id);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(message, Is.EqualTo("Your enrollment in Morning HIIT is cancelled."));
            Assert.That((await _app.EnrollmentAsync(enrollment.Id)).Status, Is.EqualTo(EnrollmentStatus.Refunded));
            Assert.That(await _app.LinesAsync(_member, TokenTransactionKind.Refund), Is.Empty);
            Assert.That((await _app.StreamAsync(streamId)).SeatsTaken, Is.Zero);
        }
    }

    [Test]
    public async Task CancellingTwice_TheSecondIsRefused_AndRefundsNothing()
    {
        var (_, enrollment) = await EnrolledAsync();
        await CancelAsync(enrollment.Id);

        var second = Assert.ThrowsAsync<DomainException>(() => CancelAsync(enrollment.Id));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(second!.Message, Is.EqualTo("Only an active enrollment can be cancelled."));
            Assert.That(await _app.LinesAsync(_member, TokenTransactionKind.Refund), Has.Count.EqualTo(1));
            Assert.That(await _app.BalanceAsync(_member), Is.EqualTo(50));
        }
    }

    [Test]
    public async Task TenParallelCancels_OfOneEnrollment_RefundOnce()
    {
        var (streamId, enrollment) = await EnrolledAsync();

        var results = await AppHarness.RaceAsync(10, _ => CancelAsync(enrollment.Id));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(results.Count(r => r.Error is null), Is.GreaterThanOrEqualTo(1));
            Assert.That(results.Where(r => r.Error is not null).Select(r => r.Error).ToList(), Is.All.InstanceOf<DomainException>(),
                "a late click is told the enrollment is no longer active, nothing worse");
            Assert.That(await _app.LinesAsync(_member, TokenTransactionKind.Refund), Has.Count.EqualTo(1));
            Assert.That(await _app.BalanceAsync(_member), Is.EqualTo(50));
            Assert.That((await _app.EnrollmentAsync(enrollment.Id)).Status, Is.EqualTo(EnrollmentStatus.Refunded));
            Assert.That((await _app.StreamAsync(streamId)).SeatsTaken, Is.Zero);
        }
    }

    [Test]
    public async Task AtExactlyTheDeadline_IsStillAllowed()
    {
        var (_, enrollment) = await EnrolledAsync(startsIn: TimeSpan.FromHours(12));

        await CancelAsync(enrollment.Id);

        Assert.That((await _app.EnrollmentAsync(enrollment.Id)).Status, Is.EqualTo(EnrollmentStatus.Refunded));
    }

    [Test]
    public async Task AfterTheWindow_IsRefusedWithAClearMessage_AndRefundsNothing()
    {
        var (streamId, enrollment) = await EnrolledAsync(startsIn: TimeSpan.FromHours(12));
        _app.Clock.Advance(TimeSpan.FromMicroseconds(1)); // the smallest step PostgreSQL stores

        var failure = Assert.ThrowsAsync<DomainException>(() => CancelAsync(enrollment.Id));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(failure!.Message, Does.StartWith("Enrollments can be cancelled until 12 hours before the class starts ("));
            Assert.That((await _app.EnrollmentAsync(enrollment.Id)).Status, Is.EqualTo(EnrollmentStatus.Active));
            Assert.That(await _app.LinesAsync(_member, TokenTransactionKind.Refund), Is.Empty);
            Assert.That(await _app.BalanceAsync(_member), Is.EqualTo(40));
            Assert.That((await _app.StreamAsync(streamId)).SeatsTaken, Is.EqualTo(1));
        }
    }

    [Test]
    public async Task OnceTheClassIsLive_IsRefused()
    {
        var (streamId, enrollment) = await EnrolledAsync();
        await using (var db = _app.Context())
        {
            var stream = await db.Streams.SingleAsync(s => s.Id == streamId);
            stream.GoLive(_app.Clock.GetUtcNow());
            await db.SaveChangesAsync();
        }

        var failure = Assert.ThrowsAsync<DomainException>(() => CancelAsync(enrollment.Id));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(failure!.Message, Is.EqualTo("The class is live; the enrollment can no longer be cancelled."));
            Assert.That(await _app.LinesAsync(_member, TokenTransactionKind.Refund), Is.Empty);
        }
    }

    [Test]
    public async Task AnotherMembersEnrollment_IsNotFound_AndUntouched()
    {
        var (_, enrollment) = await EnrolledAsync();
        var intruder = await _app.AddMemberAsync("mallory", tokens: 5);

        Assert.ThrowsAsync<NotFoundException>(() => CancelAsync(enrollment.Id, intruder));

        using (Assert.EnterMultipleScope())
        {
            Assert.That((await _app.EnrollmentAsync(enrollment.Id)).Status, Is.EqualTo(EnrollmentStatus.Active));
            Assert.That(await _app.BalanceAsync(_member), Is.EqualTo(40));
            Assert.That(await _app.BalanceAsync(intruder), Is.EqualTo(5));
            Assert.That(await _app.LinesAsync(_member, TokenTransactionKind.Refund), Is.Empty);
        }
    }

    [Test]
    public async Task RefundNotConfirmedByTheLedger_IsReported_LeavesTheSeatActive_AndARetryRefundsOnce()
    {
        var (streamId, enrollment) = await EnrolledAsync();
        var ledger = new Mock<ITokenLedger>(MockBehavior.Strict);
        ledger.Setup(l => l.RefundAsync(It.IsAny<LedgerRefund>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync(LedgerResult.Unavailable("The token service did not answer."));
        var down = _app.BuildProvider(s => s.Replace(ServiceDescriptor.Singleton(ledger.Object)));

        var failure = Assert.ThrowsAsync<DomainException>(() => AppHarness.SendAsync(down, _member, new CancelEnrollmentCommand(enrollment.Id)));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(failure!.Message, Does.Contain("The refund did not go through").And.Contain("unchanged"));
            Assert.That((await _app.EnrollmentAsync(enrollment.Id)).Status, Is.EqualTo(EnrollmentStatus.Active));
            Assert.That((await _app.StreamAsync(streamId)).SeatsTaken, Is.EqualTo(1));
            Assert.That(await _app.BalanceAsync(_member), Is.EqualTo(40));
        }

        ledger.Verify(l => l.RefundAsync(
            It.Is<LedgerRefund>(r => r.MemberId == _member && r.Amount == Price && r.IdempotencyKey == enrollment.RefundKey
                                     && r.OriginalTransactionId == enrollment.LedgerTransactionId && r.StreamId == streamId),
            It.IsAny<CancellationToken>()), Times.Once);

        await CancelAsync(enrollment.Id);

        using (Assert.EnterMultipleScope())
        {
            Assert.That((await _app.EnrollmentAsync(enrollment.Id)).Status, Is.EqualTo(EnrollmentStatus.Refunded));
            Assert.That(await _app.LinesAsync(_member, TokenTransactionKind.Refund), Has.Count.EqualTo(1));
            Assert.That(await _app.BalanceAsync(_member), Is.EqualTo(50));
        }
    }

    [Test]
    public async Task AfterCancelling_TheMemberCanEnrollAgain_AndPaysForTheNewSeat()
    {
        var (streamId, enrollment) = await EnrolledAsync();
        await CancelAsync(enrollment.Id);

        var again = await _app.SendAsync(_member, new EnrollInStreamCommand(streamId));

        var enrollments = await _app.EnrollmentsAsync(streamId, _member);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(again.Outcome, Is.EqualTo(EnrollmentOutcome.Enrolled));
            Assert.That(enrollments.Select(e => e.Status), Is.EqualTo(new[] { EnrollmentStatus.Refunded, EnrollmentStatus.Active }));
            Assert.That(await _app.BalanceAsync(_member), Is.EqualTo(40));
            Assert.That(await _app.LinesAsync(_member, TokenTransactionKind.Enrollment), Has.Count.EqualTo(2));
            Assert.That((await _app.StreamAsync(streamId)).SeatsTaken, Is.EqualTo(1));
        }
    }
}
