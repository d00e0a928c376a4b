using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Moq;
using Streaming.Application.Common.Interfaces;
using Streaming.Application.Common.Options;
using Streaming.Application.Enrollments.Commands.CancelEnrollment;
using Streaming.Application.Enrollments.Commands.EnrollInStream;
using Streaming.Application.Enrollments.Commands.FillFreedSeats;
using Streaming.Application.Enrollments.Commands.JoinWaitlist;
using Streaming.Application.Enrollments.Commands.LeaveWaitlist;
using Streaming.Application.Enrollments.Commands.ReconcileEnrollments;
using Streaming.Application.Enrollments.Common;
using Streaming.Domain.Common;
using Streaming.Domain.Enrollments;
using Streaming.Domain.Tokens;

namespace Streaming.Infrastructure.IntegrationTests.Enrollments;

/// <summary>
/// A full class's waitlist with the real ledger: a freed seat goes to the first in line, who is
/// charged only then; a member who cannot pay is skipped with a notice and the next gets it; a
/// member who left is passed over; the line closes at the start; one seat is never given twice.
/// </summary>
[Parallelizable(ParallelScope.Self)]
public sealed class WaitlistTests
{
    private const int Price = 10;

    private AppHarness _app = null!;
    private Guid _streamId;
    private string _seated = null!;

    [SetUp]
    public async Task CreateAFullClass()
    {
        _app = await AppHarness.CreateAsync();
        var instructor = await _app.AddMemberAsync("coach");
        _streamId = await _app.ScheduleAsync(instructor, price: Price, capacity: 1);
        _seated = await _app.AddMemberAsync("seated", tokens: 50);
        Assert.That((await _app.SendAsync(_seated, new EnrollInStreamCommand(_streamId))).Outcome, Is.EqualTo(EnrollmentOutcome.Enrolled));
    }

    [TearDown]
    public async Task DropDatabase() => await _app.DisposeAsync();

    private async Task<string> InLineAsync(string name, int tokens)
    {
        var member = await _app.AddMemberAsync(name, tokens: tokens);
        await _app.SendAsync(member, new JoinWaitlistCommand(_streamId));
        return member;
    }

    private async Task<List<WaitlistEntry>> LineAsync()
    {
        await using var db = _app.Context();
        return await db.WaitlistEntries.AsNoTracking().Where(w => w.StreamId == _streamId).OrderBy(w => w.JoinedAt).ThenBy(w => w.Id).ToListAsync();
    }

    private async Task CancelTheSeatAsync() =>
        await _app.SendAsync(_seated, new CancelEnrollmentCommand((await _app.EnrollmentsAsync(_streamId, _seated)).Single().Id));

    [Test]
    public async Task A_freed_seat_skips_a_member_who_cannot_pay_and_goes_to_the_next_who_pays_then()
    {
        var poor = await InLineAsync("poor", tokens: 3);
        var leaver = await InLineAsync("leaver", tokens: 50);
        var next = await InLineAsync("next", tokens: 50);
        var last = await InLineAsync("last", tokens: 50);
        await _app.SendAsync(leaver, new LeaveWaitlistCommand(_streamId));
        Assert.That(await _app.BalanceAsync(next), Is.EqualTo(50), "nothing charged for a place in line");

        await CancelTheSeatAsync();

        var line = await LineAsync();
        Assert.That(line.Select(w => (w.MemberId, w.Status)), Is.EqualTo(new[]
        {
            (poor, WaitlistStatus.Skipped), (leaver, WaitlistStatus.Left), (next, WaitlistStatus.Enrolled), (last, WaitlistStatus.Waiting),
        }));
        Assert.That(line[0].Notice, Does.Contain("your balance (3 tokens) was below its price (10 tokens)"));
        Assert.That(line[2].Notice, Does.Contain("you are enrolled (10 tokens paid)"));
        Assert.That(await _app.BalanceAsync(poor), Is.EqualTo(3));
        Assert.That(await _app.BalanceAsync(next), Is.EqualTo(50 - Price));
        Assert.That(await _app.BalanceAsync(_seated), Is.EqualTo(50), "the cancelled seat was refunded");
        var seats = await _app.EnrollmentsAsync(_streamId);
        Assert.That(seats.Where(e => e.Status is EnrollmentStatus.Active).Select(e => e.MemberId), Is.EqualTo(new[] { next }));
        Assert.That((await _app.StreamAsync(_streamId)).SeatsTaken, Is.EqualTo(1));
    }

    [Test]
    public async Task Passes_racing_for_one_freed_seat_give_it_once()
    {
        var first = await InLineAsync("first", tokens: 50);
        var second = await InLineAsync("second", tokens: 50);
        await using (var db = _app.Context())
        {
            // The seat frees without the cancellation's own pass (as a failed payment does).
            var seat = await db.Enrollments.Include(e => e.Stream).SingleAsync(e => e.MemberId == _seated);
            seat.Refund(_app.Clock.GetUtcNow());
            await db.SaveChangesAsync();
        }

        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => _app.SendAsync("system", new FillFreedSeatsCommand())));

        var line = await LineAsync();
        Assert.That(line.Select(w => w.Status), Is.EqualTo(new[] { WaitlistStatus.Enrolled, WaitlistStatus.Waiting }));
        Assert.That(await _app.BalanceAsync(first), Is.EqualTo(50 - Price));
        Assert.That(await _app.BalanceAsync(second), Is.EqualTo(50));
        Assert.That((await _app.StreamAsync(_streamId)).SeatsTaken, Is.EqualTo(1));
    }

    [Test]
    public async Task A_payment_never_confirmed_skips_the_member_and_the_seat_goes_to_the_next()
    {
        var first = await InLineAsync("first", tokens: 50);
        var second = await InLineAsync("second", tokens: 50);
        var ledger = new Mock<ITokenLedger>();
        ledger.Setup(l => l.DeductAsync(It.IsAny<LedgerDeduction>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync(LedgerResult.Unavailable("The token service did not answer."));
        ledger.Setup(l => l.RefundAsync(It.IsAny<LedgerRefund>(), It.IsAny<CancellationToken>()))
            .Returns((LedgerRefund refund, CancellationToken token) => _app.WithLedgerAsync(real => real.RefundAsync(refund, token)));
        var down = _app.BuildProvider(s => s.Replace(ServiceDescriptor.Singleton(ledger.Object)));

        await AppHarness.SendAsync(down, _seated, new CancelEnrollmentCommand((await _app.EnrollmentsAsync(_streamId, _seated)).Single().Id));
        Assert.That((await LineAsync())[0].Notice, Does.Contain("is being confirmed"));

        _app.Clock.Advance(new EnrollmentOptions().ReconcileAfter + TimeSpan.FromSeconds(1));
        await _app.SendAsync("system", new ReconcileEnrollmentsCommand()); // the ledger never saw it: Failed, seat released
        var report = await _app.SendAsync("system", new FillFreedSeatsCommand());

        var line = await LineAsync();
        Assert.That(report, Is.EqualTo(new WaitlistReport(Given: 1, Skipped: 1, Closed: 0)));
        Assert.That(line.Select(w => (w.MemberId, w.Status)), Is.EqualTo(new[] { (first, WaitlistStatus.Skipped), (second, WaitlistStatus.Enrolled) }));
        Assert.That(line[0].Notice, Does.Contain("its payment could not be confirmed"));
        Assert.That(await _app.BalanceAsync(first), Is.EqualTo(50));
        Assert.That(await _app.BalanceAsync(second), Is.EqualTo(50 - Price));
    }

    [Test]
    public async Task The_line_closes_when_the_class_starts()
    {
        var waiting = await InLineAsync("waiting", tokens: 50);
        _app.Clock.Advance(TimeSpan.FromDays(1));

        var report = await _app.SendAsync("system", new FillFreedSeatsCommand());

        Assert.That(report, Is.EqualTo(new WaitlistReport(0, 0, 1)));
        var entry = (await LineAsync()).Single();
        Assert.That((entry.MemberId, entry.Status, entry.Notice), Is.EqualTo((waiting, WaitlistStatus.Closed, "The class started before a seat freed up.")));
        Assert.That(await _app.BalanceAsync(waiting), Is.EqualTo(50));
    }

    [Test]
    public async Task Joining_twice_at_once_keeps_one_place_and_leaving_someone_elses_place_is_not_found()
    {
        var member = await _app.AddMemberAsync("eager", tokens: 50);
        var other = await _app.AddMemberAsync("other", tokens: 50);

        var results = await Task.WhenAll(Enumerable.Range(0, 4).Select(async _ =>
        {
            try
            {
                return await _app.SendAsync(member, new JoinWaitlistCommand(_streamId));
            }
            catch (DomainException e)
            {
                return e.Message;
            }
        }));

        Assert.That(results.Count(r => r == "You joined the waitlist as number 1."), Is.EqualTo(1), string.Join(" | ", results));
        Assert.That(await LineAsync(), Has.Count.EqualTo(1));
        Assert.That(() => _app.SendAsync(other, new LeaveWaitlistCommand(_streamId)), Throws.InstanceOf<Application.Common.Exceptions.NotFoundException>());
        Assert.That((await LineAsync()).Single().Status, Is.EqualTo(WaitlistStatus.Waiting));
    }
}
