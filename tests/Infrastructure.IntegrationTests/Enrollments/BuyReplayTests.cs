using Microsoft.Extensions.DependencyInjection.Extensions;
using Moq;
using Streaming.Application.Common.Interfaces;
using Streaming.Application.Common.Options;
using Streaming.Application.Enrollments.Commands.BuyReplay;
using Streaming.Application.Enrollments.Commands.ReconcileEnrollments;
using Streaming.Application.Enrollments.Common;
using Streaming.Domain.Common;
using Streaming.Domain.Enrollments;
using Streaming.Domain.Live;
using Streaming.Domain.Tokens;

namespace Streaming.Infrastructure.IntegrationTests.Enrollments;

/// <summary>
/// Replay-only purchases keep the enrollment's money rules: many clicks at once pay once; a ledger
/// that does not answer leaves the purchase pending (nothing charged twice on retry); the
/// reconciliation job settles a purchase left pending — all without ever touching the seats.
/// </summary>
[Parallelizable(ParallelScope.Self)]
public sealed class BuyReplayTests
{
    private const int Price = 10;
    private const int Tokens = 50;

    private AppHarness _app = null!;
    private string _member = null!;
    private Guid _streamId;

    [SetUp]
    public async Task CreateAPastClass()
    {
        _app = await AppHarness.CreateAsync();
        var instructor = await _app.AddMemberAsync("coach");
        _member = await _app.AddMemberAsync("ana", tokens: Tokens);
        _streamId = await _app.ScheduleAsync(instructor, price: Price, capacity: 3, startsIn: TimeSpan.FromHours(1));
        await using var db = _app.Context();
        var stream = await db.Streams.FindAsync(_streamId);
        var now = _app.Clock.GetUtcNow().AddHours(1);
        stream!.GoLive(now);
        stream.End(now.AddMinutes(45), RetentionPolicy.Default);
        var recording = LiveRecording.Start(_streamId, now);
        recording.AcceptChunk(100, now);
        recording.StartProcessing(now);
        recording.Complete($"recordings/live/{_streamId}/replay.mp4", 1000, 2700, now.AddMinutes(46));
        db.LiveRecordings.Add(recording);
        await db.SaveChangesAsync();
        _app.Clock.Advance(TimeSpan.FromHours(3));
    }

    [TearDown]
    public async Task DropDatabase() => await _app.DisposeAsync();

    private async Task<int> SpentAsync() => -(await _app.LinesAsync(_member)).Where(l => l.StreamId == _streamId).Sum(l => l.Amount);

    [Test]
    public async Task Twelve_clicks_at_once_buy_once()
    {
        var results = await Task.WhenAll(Enumerable.Range(0, 12).Select(_ => _app.SendAsync(_member, new BuyReplayCommand(_streamId, Price))));

        Assert.That(results.Select(r => r.Outcome), Is.All.AnyOf(EnrollmentOutcome.Enrolled, EnrollmentOutcome.AlreadyEnrolled));
        Assert.That(await SpentAsync(), Is.EqualTo(Price));
        Assert.That(await _app.BalanceAsync(_member), Is.EqualTo(Tokens - Price));
        var accesses = await _app.EnrollmentsAsync(_streamId, _member);
        Assert.That(accesses.Select(a => (a.Kind, a.Status)), Is.EqualTo(new[] { (EnrollmentKind.ReplayOnly, EnrollmentStatus.Active) }));
        Assert.That((await _app.StreamAsync(_streamId)).SeatsTaken, Is.Zero, "a replay takes no seat");
    }

    [Test]
    public async Task A_ledger_that_does_not_answer_leaves_it_pending_and_the_retry_pays_once()
    {
        var ledger = new Mock<ITokenLedger>();
        ledger.Setup(l => l.DeductAsync(It.IsAny<LedgerDeduction>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync(LedgerResult.Unavailable("The token service did not answer."));
        var down = _app.BuildProvider(s => s.Replace(ServiceDescriptor.Singleton(ledger.Object)));

        var first = await AppHarness.SendAsync(down, _member, new BuyReplayCommand(_streamId, Price));
        var retry = await _app.SendAsync(_member, new BuyReplayCommand(_streamId, Price));
        var again = await _app.SendAsync(_member, new BuyReplayCommand(_streamId, Price));

        Assert.That(first.Outcome, Is.EqualTo(EnrollmentOutcome.PaymentUnconfirmed));
        Assert.That(first.Message, Does.Contain("you will not be charged twice"));
        Assert.That(retry.Outcome, Is.EqualTo(EnrollmentOutcome.Enrolled), retry.Message);
        Assert.That(again.Outcome, Is.EqualTo(EnrollmentOutcome.AlreadyEnrolled));
        Assert.That(await SpentAsync(), Is.EqualTo(Price));
        var key = ledger.Invocations.Select(i => ((LedgerDeduction)i.Arguments[0]).IdempotencyKey).Single();
        Assert.That((await _app.EnrollmentsAsync(_streamId, _member)).Single().PaymentKey, Is.EqualTo(key), "the retry used the same key");
    }

    [Test]
    public async Task The_reconciliation_job_fails_a_purchase_the_ledger_never_saw_without_touching_the_seats()
    {
        var ledger = new Mock<ITokenLedger>();
        ledger.Setup(l => l.DeductAsync(It.IsAny<LedgerDeduction>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync(LedgerResult.Unavailable("The token service did not answer."));
        var down = _app.BuildProvider(s => s.Replace(ServiceDescriptor.Singleton(ledger.Object)));
        await AppHarness.SendAsync(down, _member, new BuyReplayCommand(_streamId, Price));

        _app.Clock.Advance(new EnrollmentOptions().ReconcileAfter + TimeSpan.FromSeconds(1));
        var report = await _app.SendAsync("system", new ReconcileEnrollmentsCommand());

        Assert.That(report.Failed, Is.EqualTo(1));
        Assert.That((await _app.EnrollmentsAsync(_streamId, _member)).Single().Status, Is.EqualTo(EnrollmentStatus.Failed));
        Assert.That((await _app.StreamAsync(_streamId)).SeatsTaken, Is.Zero);
        Assert.That(await _app.BalanceAsync(_member), Is.EqualTo(Tokens));
        Assert.That((await _app.LinesAsync(_member, TokenTransactionKind.Enrollment)), Is.Empty);
    }
}
