using Microsoft.Extensions.DependencyInjection.Extensions;
using Moq;
using Streaming.Application.Common.Exceptions;
using Streaming.Application.Common.Interfaces;
using Streaming.Application.Enrollments.Commands.EnrollInStream;
using Streaming.Application.Enrollments.Common;
using Streaming.Domain.Common;
using Streaming.Domain.Enrollments;
using Streaming.Domain.Tokens;

namespace Streaming.Infrastructure.IntegrationTests.Enrollments;

/// <summary>
/// EnrollInStreamCommand through MediatR, the built-in ledger and real PostgreSQL: a member pays
/// exactly once for exactly one seat, also with double clicks, parallel tabs and a full class.
/// </summary>
[Parallelizable(ParallelScope.Self)]
public sealed class EnrollInStreamTests
{
    private const int Price = 10;

    private AppHarness _app = null!;
    private string _instructor = null!;

    [OneTimeSetUp]
    public async Task CreateDatabase() => _app = await AppHarness.CreateAsync();

    [OneTimeTearDown]
    public async Task DropDatabase() => await _app.DisposeAsync();

    [SetUp]
    public async Task CreateInstructor() => _instructor = await _app.AddMemberAsync("coach");

    private Task<EnrollmentResult> EnrollAsync(string member, Guid streamId) =>
        _app.SendAsync(member, new EnrollInStreamCommand(streamId));

    [Test]
    public async Task PaidClass_ActivatesTheSeat_WithTheLedgerTransaction_AndChargesThePriceOnce()
    {
        var member = await _app.AddMemberAsync("ana", tokens: 50);
        var streamId = await _app.ScheduleAsync(_instructor, price: Price);

        var result = await EnrollAsync(member, streamId);

        var enrollment = (await _app.EnrollmentsAsync(streamId)).Single();
        var payment = (await _app.LinesAsync(member, TokenTransactionKind.Enrollment)).Single();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.Outcome, Is.EqualTo(EnrollmentOutcome.Enrolled));
            Assert.That(result.Succeeded, Is.True);
            Assert.That(result.StreamId, Is.EqualTo(streamId));
            Assert.That(result.Price, Is.EqualTo(Price));
            Assert.That(result.Balance, Is.EqualTo(40));
            Assert.That(result.Message, Does.Contain("10 tokens paid").And.Contain("balance is now 40"));

            Assert.That(enrollment.MemberId, Is.EqualTo(member));
            Assert.That(enrollment.Status, Is.EqualTo(EnrollmentStatus.Active));
            Assert.That(enrollment.TokensPaid, Is.EqualTo(Price));
            Assert.That(enrollment.LedgerTransactionId, Is.EqualTo(payment.Id.ToString()));
            Assert.That(enrollment.ActivatedAt, Is.EqualTo(_app.Clock.Now));

            Assert.That(payment.Amount, Is.EqualTo(-Price));
            Assert.That(payment.IdempotencyKey, Is.EqualTo(enrollment.PaymentKey));
            Assert.That(payment.StreamId, Is.EqualTo(streamId));
            Assert.That(payment.BalanceAfter, Is.EqualTo(40));
            Assert.That(await _app.BalanceAsync(member), Is.EqualTo(40));
            Assert.That((await _app.StreamAsync(streamId)).SeatsTaken, Is.EqualTo(1));
        }
    }

    [Test]
    public async Task FreeClass_ActivatesTheSeat_WithoutTouchingTheLedger()
    {
        var member = await _app.AddMemberAsync("ana", tokens: 5);
        var streamId = await _app.ScheduleAsync(_instructor, price: 0);

        var result = await EnrollAsync(member, streamId);

        var enrollment = (await _app.EnrollmentsAsync(streamId)).Single();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.Outcome, Is.EqualTo(EnrollmentOutcome.Enrolled));
            Assert.That(result.Price, Is.Zero);
            Assert.That(enrollment.Status, Is.EqualTo(EnrollmentStatus.Active));
            Assert.That(enrollment.LedgerTransactionId, Is.Null);
            Assert.That(enrollment.TokensPaid, Is.Zero);
            Assert.That((await _app.LinesAsync(member)).Select(l => l.Kind), Is.EqualTo(new[] { TokenTransactionKind.Grant }), "no ledger line");
            Assert.That(await _app.BalanceAsync(member), Is.EqualTo(5));
            Assert.That((await _app.StreamAsync(streamId)).SeatsTaken, Is.EqualTo(1));
        }
    }

    [Test]
    public async Task InsufficientBalance_FailsTheSeat_ReleasesIt_AndChargesNothing()
    {
        var member = await _app.AddMemberAsync("ana", tokens: 7);
        var streamId = await _app.ScheduleAsync(_instructor, price: Price, capacity: 1);

        var result = await EnrollAsync(member, streamId);

        var enrollment = (await _app.EnrollmentsAsync(streamId)).Single();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.Outcome, Is.EqualTo(EnrollmentOutcome.InsufficientBalance));
            Assert.That(result.Succeeded, Is.False);
            Assert.That(result.Balance, Is.EqualTo(7));
            Assert.That(result.Price, Is.EqualTo(Price));
            Assert.That(result.Message, Is.EqualTo("Not enough tokens: this class costs 10 and your balance is 7."));
            Assert.That(enrollment.Status, Is.EqualTo(EnrollmentStatus.Failed));
            Assert.That(enrollment.FailureReason, Is.EqualTo("Insufficient balance."));
            Assert.That(enrollment.LedgerTransactionId, Is.Null);
            Assert.That(await _app.BalanceAsync(member), Is.EqualTo(7));
            Assert.That(await _app.LinesAsync(member, TokenTransactionKind.Enrollment), Is.Empty);
            Assert.That((await _app.StreamAsync(streamId)).SeatsTaken, Is.Zero, "the seat is free again");
        }

        // The freed seat (capacity 1) can be taken, by the same member once topped up (a minute later).
        _app.Clock.Advance(TimeSpan.FromMinutes(1));
        await _app.GrantAsync(member, 3);
        var retry = await EnrollAsync(member, streamId);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(retry.Outcome, Is.EqualTo(EnrollmentOutcome.Enrolled));
            Assert.That((await _app.EnrollmentsAsync(streamId)).Select(e => e.Status),
                Is.EqualTo(new[] { EnrollmentStatus.Failed, EnrollmentStatus.Active }));
            Assert.That(await _app.BalanceAsync(member), Is.Zero);
            Assert.That((await _app.StreamAsync(streamId)).SeatsTaken, Is.EqualTo(1));
        }
    }

    [Test]
    public async Task AlreadyEnrolled_IsReported_WithoutASecondCharge()
    {
        var member = await _app.AddMemberAsync("ana", tokens: 50);
        var streamId = await _app.ScheduleAsync(_instructor, price: Price);
        await EnrollAsync(member, streamId);

        var again = await EnrollAsync(member, streamId);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(again.Outcome, Is.EqualTo(EnrollmentOutcome.AlreadyEnrolled));
            Assert.That(again.Succeeded, Is.True);
            Assert.That(again.Message, Is.EqualTo("You are already enrolled in this class."));
            Assert.That(await _app.EnrollmentsAsync(streamId), Has.Count.EqualTo(1));
            Assert.That(await _app.LinesAsync(member, TokenTransactionKind.Enrollment), Has.Count.EqualTo(1));
            Assert.That(await _app.BalanceAsync(member), Is.EqualTo(40));
            Assert.That((await _app.StreamAsync(streamId)).SeatsTaken, Is.EqualTo(1));
        }
    }

    [Test]
    public async Task UnknownClass_IsNotFound_AndChargesNothing()
    {
        var member = await _app.AddMemberAsync("ana", tokens: 50);

        Assert.ThrowsAsync<NotFoundException>(() => EnrollAsync(member, Guid.NewGuid()));
        Assert.That(await _app.BalanceAsync(member), Is.EqualTo(50));
    }

    [Test]
    public async Task CancelledClass_TakesNoEnrollment_AndChargesNothing()
    {
        var member = await _app.AddMemberAsync("ana", tokens: 50);
        var streamId = await _app.ScheduleAsync(_instructor, price: Price);
        await using (var db = _app.Context())
        {
            var stream = await db.Streams.SingleAsync(s => s.Id == streamId);
            stream.Cancel(_app.Clock.GetUtcNow());
            await db.SaveChangesAsync();
        }

        var failure = Assert.ThrowsAsync<DomainException>(() => EnrollAsync(member, streamId));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(failure!.Message, Is.EqualTo("This class is cancelled and no longer takes enrollments."));
            Assert.That(await _app.EnrollmentsAsync(streamId), Is.Empty);
            Assert.That(await _app.BalanceAsync(member), Is.EqualTo(50));
        }
    }

    [Test]
    public async Task LedgerRejectsThePayment_FailsTheSeat_AndReleasesIt()
    {
        var member = await _app.AddMemberAsync("ana", tokens: 50);
        var streamId = await _app.ScheduleAsync(_instructor, price: Price);
        var ledger = new Mock<ITokenLedger>(MockBehavior.Strict);
        ledger.Setup(l => l.DeductAsync(It.IsAny<LedgerDeduction>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync(LedgerResult.Rejected("Unknown member."));
        var refusing = _app.BuildProvider(s => s.Replace(ServiceDescriptor.Singleton(ledger.Object)));

        var result = await AppHarness.SendAsync(refusing, member, new EnrollInStreamCommand(streamId));

        var enrollment = (await _app.EnrollmentsAsync(streamId)).Single();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.Outcome, Is.EqualTo(EnrollmentOutcome.PaymentRejected));
            Assert.That(result.Message, Does.Contain("Unknown member.").And.Contain("Nothing was charged"));
            Assert.That(enrollment.Status, Is.EqualTo(EnrollmentStatus.Failed));
            Assert.That(enrollment.FailureReason, Is.EqualTo("Unknown member."));
            Assert.That((await _app.StreamAsync(streamId)).SeatsTaken, Is.Zero);
            Assert.That(await _app.BalanceAsync(member), Is.EqualTo(50));
        }
    }

    [Test]
    public async Task APendingSeat_InAClassWhoseTimeIsOver_IsNotCharged()
    {
        var member = await _app.AddMemberAsync("ana", tokens: 50);
        var streamId = await _app.ScheduleAsync(_instructor, price: Price, startsIn: TimeSpan.FromMinutes(1));
        var (enrollmentId, _) = await _app.PendingSeatAsync(streamId, member, charged: false);
        _app.Clock.Advance(TimeSpan.FromMinutes(50)); // 1 min to the start + 45 min of class

        var error = Assert.ThrowsAsync<DomainException>(() => EnrollAsync(member, streamId));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(error!.Message, Does.StartWith("This class is over"));
            Assert.That(await _app.BalanceAsync(member), Is.EqualTo(50), "nothing charged");
            Assert.That((await _app.EnrollmentAsync(enrollmentId)).Status, Is.EqualTo(EnrollmentStatus.Pending), "left to the reconciliation job");
        }
    }

    // ---- concurrency ----------------------------------------------------------------------------

    [Test]
    public async Task TwentyParallelClicks_OfOneMember_GiveOneSeat_AndOneCharge()
    {
        var member = await _app.AddMemberAsync("ana", tokens: 100);
        var streamId = await _app.ScheduleAsync(_instructor, price: Price);

        var results = await AppHarness.RaceAsync(20, _ => EnrollAsync(member, streamId));

        var enrollments = await _app.EnrollmentsAsync(streamId);
        var payments = await _app.LinesAsync(member, TokenTransactionKind.Enrollment);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(results.Where(r => r.Error is not null).Select(r => r.Error!.ToString()), Is.Empty, "no click fails");
            Assert.That(results.Select(r => r.Value?.Outcome),
                Is.All.AnyOf(EnrollmentOutcome.Enrolled, EnrollmentOutcome.AlreadyEnrolled));
            Assert.That(results.Count(r => r.Value?.Outcome == EnrollmentOutcome.Enrolled), Is.GreaterThanOrEqualTo(1));
            Assert.That(enrollments, Has.Count.EqualTo(1), "one seat row, no failed leftovers");
            Assert.That(enrollments.Single().Status, Is.EqualTo(EnrollmentStatus.Active));
            Assert.That(payments, Has.Count.EqualTo(1));
            Assert.That(enrollments.Single().LedgerTransactionId, Is.EqualTo(payments.Single().Id.ToString()));
            Assert.That(await _app.BalanceAsync(member), Is.EqualTo(90));
            Assert.That((await _app.StreamAsync(streamId)).SeatsTaken, Is.EqualTo(1));
        }
    }

    [Test]
    public async Task FortyMembers_EnrollingInOneClassAtOnce_AllGetASeat_AndEachPaysOnce()
    {
        var streamId = await _app.ScheduleAsync(_instructor, price: Price);
        var members = new List<string>();
        for (var i = 0; i < 40; i++) members.Add(await _app.AddMemberAsync($"crowd{i}", tokens: Price));

        // Every seat changes the class row: they queue on its lock instead of failing on its version.
        var results = await AppHarness.RaceAsync(members.Count, i => EnrollAsync(members[i], streamId));

        var enrollments = await _app.EnrollmentsAsync(streamId);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(results.Where(r => r.Error is not null).Select(r => r.Error!.ToString()), Is.Empty, "nobody gets an error");
            Assert.That(results.Select(r => r.Value?.Outcome), Is.All.EqualTo(EnrollmentOutcome.Enrolled));
            Assert.That(enrollments.Select(e => e.Status).ToList(), Has.Count.EqualTo(40).And.All.EqualTo(EnrollmentStatus.Active));
            Assert.That((await _app.StreamAsync(streamId)).SeatsTaken, Is.EqualTo(40));
            foreach (var member in members) Assert.That(await _app.BalanceAsync(member), Is.Zero, member);
        }
    }

    [Test]
    public async Task MemberWithTokensForThreeClasses_EnrollingInTenAtOnce_GetsExactlyThree()
    {
        var member = await _app.AddMemberAsync("ana", tokens: 3 * Price);
        var streams = new List<Guid>();
        for (var i = 0; i < 10; i++) streams.Add(await _app.ScheduleAsync(_instructor, price: Price, title: $"Class {i}"));

        var results = await AppHarness.RaceAsync(10, i => EnrollAsync(member, streams[i]));

        var enrollments = new List<Enrollment>();
        foreach (var streamId in streams) enrollments.AddRange(await _app.EnrollmentsAsync(streamId, member));
        var seats = new List<int>();
        foreach (var streamId in streams) seats.Add((await _app.StreamAsync(streamId)).SeatsTaken);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(results.Where(r => r.Error is not null).Select(r => r.Error!.ToString()), Is.Empty);
            Assert.That(results.Count(r => r.Value?.Outcome == EnrollmentOutcome.Enrolled), Is.EqualTo(3));
            Assert.That(results.Count(r => r.Value?.Outcome == EnrollmentOutcome.InsufficientBalance), Is.EqualTo(7));
            Assert.That(enrollments.Count(e => e.Status == EnrollmentStatus.Active), Is.EqualTo(3));
            Assert.That(enrollments.Count(e => e.Status == EnrollmentStatus.Failed), Is.EqualTo(7));
            Assert.That(await _app.BalanceAsync(member), Is.Zero);
            Assert.That(await _app.LinesAsync(member, TokenTransactionKind.Enrollment), Has.Count.EqualTo(3));
            Assert.That(seats.Sum(), Is.EqualTo(3), "failed seats were released");
        }
    }

    [Test]
    public async Task TenMembers_RacingForThreeSeats_ThreeGetIn_TheOthersAreToldItIsFull_AndPayNothing()
    {
        var streamId = await _app.ScheduleAsync(_instructor, price: Price, capacity: 3);
        var members = new List<string>();
        for (var i = 0; i < 10; i++) members.Add(await _app.AddMemberAsync($"m{i}", tokens: 50));

        var results = await AppHarness.RaceAsync(10, i => EnrollAsync(members[i], streamId));

        var enrollments = await _app.EnrollmentsAsync(streamId);
        var balances = new List<int>();
        foreach (var member in members) balances.Add(await _app.BalanceAsync(member));
        var winners = results.Select((r, i) => (r, i)).Where(x => x.r.Value?.Outcome == EnrollmentOutcome.Enrolled).Select(x => members[x.i]).ToList();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(winners, Has.Count.EqualTo(3));
            Assert.That(results.Where(r => r.Value is null).Select(r => r.Error).ToList(), Has.Count.EqualTo(7).And.All.InstanceOf<DomainException>());
            Assert.That(results.Where(r => r.Error is not null).Select(r => r.Error!.Message), Is.All.EqualTo("This class is full."));
            Assert.That(enrollments, Has.Count.EqualTo(3));
            Assert.That(enrollments.Select(e => e.Status), Is.All.EqualTo(EnrollmentStatus.Active));
            Assert.That(enrollments.Select(e => e.MemberId), Is.EquivalentTo(winners));
            Assert.That((await _app.StreamAsync(streamId)).SeatsTaken, Is.EqualTo(3));
            Assert.That(balances.Count(b => b == 40), Is.EqualTo(3));
            Assert.That(balances.Count(b => b == 50), Is.EqualTo(7), "the losers paid nothing");
        }
    }

    // ---- a charge without a saved enrollment, and a ledger that is down ------------------------

    [Test]
    public async Task ChargedButNotSaved_EnrollingAgain_ActivatesWithThatCharge_AndDoesNotPayTwice()
    {
        var member = await _app.AddMemberAsync("ana", tokens: 50);
        var streamId = await _app.ScheduleAsync(_instructor, price: Price);
        var (enrollmentId, transactionId) = await _app.PendingSeatAsync(streamId, member, charged: true);

        var result = await EnrollAsync(member, streamId);

        var enrollment = await _app.EnrollmentAsync(enrollmentId);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.Outcome, Is.EqualTo(EnrollmentOutcome.Enrolled));
            Assert.That(enrollment.Status, Is.EqualTo(EnrollmentStatus.Active), "the same seat, not a new one");
            Assert.That(enrollment.LedgerTransactionId, Is.EqualTo(transactionId));
            Assert.That(await _app.EnrollmentsAsync(streamId), Has.Count.EqualTo(1));
            Assert.That(await _app.LinesAsync(member, TokenTransactionKind.Enrollment), Has.Count.EqualTo(1));
            Assert.That(await _app.BalanceAsync(member), Is.EqualTo(40));
            Assert.That((await _app.StreamAsync(streamId)).SeatsTaken, Is.EqualTo(1));
        }
    }

    [Test]
    public async Task LedgerUnavailable_KeepsTheSeatPending_ThenALaterAttemptPaysExactlyOnce()
    {
        var member = await _app.AddMemberAsync("ana", tokens: 50);
        var streamId = await _app.ScheduleAsync(_instructor, price: Price);
        var ledger = new Mock<ITokenLedger>(MockBehavior.Strict);
        ledger.Setup(l => l.DeductAsync(It.IsAny<LedgerDeduction>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync(LedgerResult.Unavailable("The token service did not answer."));
        var down = _app.BuildProvider(s => s.Replace(ServiceDescriptor.Singleton(ledger.Object)));

        var unconfirmed = await AppHarness.SendAsync(down, member, new EnrollInStreamCommand(streamId));

        var pending = (await _app.EnrollmentsAsync(streamId)).Single();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(unconfirmed.Outcome, Is.EqualTo(EnrollmentOutcome.PaymentUnconfirmed));
            Assert.That(unconfirmed.Succeeded, Is.False);
            Assert.That(unconfirmed.Price, Is.EqualTo(Price));
            Assert.That(unconfirmed.Balance, Is.Null);
            Assert.That(unconfirmed.Message, Does.Contain("you will not be charged twice"));
            Assert.That(pending.Status, Is.EqualTo(EnrollmentStatus.Pending));
            Assert.That(pending.LedgerTransactionId, Is.Null);
            Assert.That((await _app.StreamAsync(streamId)).SeatsTaken, Is.EqualTo(1), "the seat stays held while the payment is unknown");
            Assert.That(await _app.BalanceAsync(member), Is.EqualTo(50));
            Assert.That(await _app.LinesAsync(member, TokenTransactionKind.Enrollment), Is.Empty);
        }

        ledger.Verify(l => l.DeductAsync(
            It.Is<LedgerDeduction>(d => d.MemberId == member && d.Amount == Price && d.StreamId == streamId && d.IdempotencyKey == pending.PaymentKey),
            It.IsAny<CancellationToken>()), Times.Once);

        var retry = await EnrollAsync(member, streamId);
        var again = await EnrollAsync(member, streamId);

        var enrollment = await _app.EnrollmentAsync(pending.Id);
        var payment = (await _app.LinesAsync(member, TokenTransactionKind.Enrollment)).Single();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(retry.Outcome, Is.EqualTo(EnrollmentOutcome.Enrolled));
            Assert.That(again.Outcome, Is.EqualTo(EnrollmentOutcome.AlreadyEnrolled));
            Assert.That(enrollment.Status, Is.EqualTo(EnrollmentStatus.Active), "the pending seat is the one that got paid");
            Assert.That(enrollment.LedgerTransactionId, Is.EqualTo(payment.Id.ToString()));
            Assert.That(payment.IdempotencyKey, Is.EqualTo(pending.PaymentKey));
            Assert.That(await _app.EnrollmentsAsync(streamId), Has.Count.EqualTo(1));
            Assert.That(await _app.BalanceAsync(member), Is.EqualTo(40));
            Assert.That((await _app.StreamAsync(streamId)).SeatsTaken, Is.EqualTo(1));
        }
    }
}
