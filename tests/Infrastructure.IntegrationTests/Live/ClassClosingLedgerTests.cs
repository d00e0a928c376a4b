using Microsoft.Extensions.DependencyInjection.Extensions;
using Moq;
using Streaming.Application.Common.Interfaces;
using Streaming.Application.Enrollments.Commands.EnrollInStream;
using Streaming.Application.Enrollments.Common;
using Streaming.Application.Live.Commands.CloseOverdueClasses;
using Streaming.Application.Live.Commands.GoLive;
using Streaming.Application.Live.Common;
using Streaming.Domain.Enrollments;
using Streaming.Domain.Streams;
using Streaming.Domain.Tokens;
using Streaming.Domain.Users;
using Streaming.Infrastructure.IntegrationTests.Enrollments;

namespace Streaming.Infrastructure.IntegrationTests.Live;

/// <summary>
/// The closing job against a ledger that does not answer: the abandoned class is ended (and its
/// watch pages told) at once, the refunds stay owed, and a later pass with the ledger back pays
/// each of them exactly once.
/// </summary>
[Parallelizable(ParallelScope.Self)]
public sealed class ClassClosingLedgerTests
{
    private const int Price = 10;
    private const int Tokens = 50;

    private AppHarness _app = null!;

    [SetUp]
    public async Task CreateApp() => _app = await AppHarness.CreateAsync();

    [TearDown]
    public async Task DropDatabase() => await _app.DisposeAsync();

    [Test]
    public async Task An_abandoned_class_ends_at_once_and_its_refunds_wait_for_the_ledger()
    {
        var instructor = await _app.AddMemberAsync("coach");
        var streamId = await _app.ScheduleAsync(instructor, price: Price, startsIn: TimeSpan.FromHours(1));
        var members = new List<string>();
        for (var i = 0; i < 2; i++)
        {
            var member = await _app.AddMemberAsync($"m{i}", tokens: Tokens);
            var enrolled = await _app.SendAsync(member, new EnrollInStreamCommand(streamId));
            Assert.That(enrolled.Outcome, Is.EqualTo(EnrollmentOutcome.Enrolled), enrolled.Message);
            members.Add(member);
        }

        _app.Clock.Advance(TimeSpan.FromHours(1));
        await _app.SendAsync(instructor, new GoLiveCommand(streamId), Roles.Instructor);
        _app.Clock.Advance(TimeSpan.FromMinutes(10));

        var notified = new List<LiveStatusDto>();
        var notifier = new Mock<ILiveStatusNotifier>();
        notifier.Setup(n => n.NotifyAsync(It.IsAny<LiveStatusDto>(), It.IsAny<CancellationToken>()))
            .Callback((LiveStatusDto status, CancellationToken _) => notified.Add(status)).Returns(Task.CompletedTask);
        var ledgerDown = new Mock<ITokenLedger>();
        ledgerDown.Setup(l => l.RefundAsync(It.IsAny<LedgerRefund>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync(LedgerResult.Unavailable("The token service did not answer."));
        var down = _app.BuildProvider(s =>
        {
            s.Replace(ServiceDescriptor.Singleton(ledgerDown.Object));
            s.AddSingleton(notifier.Object);
        });
        var up = _app.BuildProvider(s => s.AddSingleton(notifier.Object));

        var first = await AppHarness.SendAsync(down, "system", new CloseOverdueClassesCommand());
        var second = await AppHarness.SendAsync(down, "system", new CloseOverdueClassesCommand());

        Assert.That(first, Is.EqualTo(new CloseOverdueClassesReport(Ended: 1, NotHeld: 0, Refunded: 0, RefundsPending: 2, Failed: 0)));
        Assert.That(second, Is.EqualTo(new CloseOverdueClassesReport(0, 0, 0, 2, 0)), "nothing ended twice; the refunds still owed");
        Assert.That((await _app.StreamAsync(streamId)).Status, Is.EqualTo(StreamStatus.Ended));
        Assert.That(notified.Select(s => (s.StreamId, s.Status)), Is.EqualTo(new[] { (streamId, StreamStatus.Ended) }), "the watch pages are told once");
        Assert.That((await _app.EnrollmentsAsync(streamId)).Select(e => e.Status), Is.All.EqualTo(EnrollmentStatus.Active),
            "not marked refunded while the tokens are not back");

        var third = await AppHarness.SendAsync(up, "system", new CloseOverdueClassesCommand());
        var fourth = await AppHarness.SendAsync(up, "system", new CloseOverdueClassesCommand());

        Assert.That(third, Is.EqualTo(new CloseOverdueClassesReport(0, 0, Refunded: 2, RefundsPending: 0, Failed: 0)));
        Assert.That(fourth.DidAnything, Is.False);
        foreach (var member in members)
        {
            Assert.That(await _app.BalanceAsync(member), Is.EqualTo(Tokens));
            Assert.That(await _app.LinesAsync(member, TokenTransactionKind.Refund), Has.Count.EqualTo(1));
        }

        Assert.That((await _app.EnrollmentsAsync(streamId)).Select(e => e.Status), Is.All.EqualTo(EnrollmentStatus.Refunded));
    }
}
