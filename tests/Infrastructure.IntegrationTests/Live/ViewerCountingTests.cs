using Streaming.Application.Enrollments.Commands.EnrollInStream;
using Streaming.Application.Live.Commands.EndStream;
using Streaming.Application.Live.Commands.JoinViewing;
using Streaming.Domain.Common;
using Streaming.Domain.Viewing;
using Streaming.Infrastructure.IntegrationTests.Enrollments;

namespace Streaming.Infrastructure.IntegrationTests.Live;

/// <summary>
/// Viewers joining a live class through MediatR and real PostgreSQL: the class keeps its peak of
/// concurrent viewers, also when a whole class presses "watch" at the same moment.
/// </summary>
[Parallelizable(ParallelScope.Self)]
public sealed class ViewerCountingTests
{
    private AppHarness _app = null!;

    [OneTimeSetUp]
    public async Task CreateDatabase() => _app = await AppHarness.CreateAsync();

    [OneTimeTearDown]
    public async Task DropDatabase() => await _app.DisposeAsync();

    /// <summary>A live free class with <paramref name="count"/> enrolled members.</summary>
    private async Task<(string Instructor, Guid StreamId, List<string> Members)> LiveClassAsync(int count)
    {
        var instructor = await _app.AddMemberAsync("coach");
        var streamId = await _app.ScheduleAsync(instructor, price: 0);
        var members = new List<string>();
        for (var i = 0; i < count; i++)
        {
            var member = await _app.AddMemberAsync($"viewer{i}");
            await _app.SendAsync(member, new EnrollInStreamCommand(streamId));
            members.Add(member);
        }

        await using var db = _app.Context();
        var stream = await db.Streams.SingleAsync(s => s.Id == streamId);
        stream.GoLive(_app.Clock.GetUtcNow());
        await db.SaveChangesAsync();
        return (instructor, streamId, members);
    }

    [Test]
    public async Task ThirtyMembers_JoiningAtOnce_AllWatch_AndThePeakIsThirty()
    {
        var (_, streamId, members) = await LiveClassAsync(30);

        var results = await AppHarness.RaceAsync(members.Count, i => _app.SendAsync(members[i], new JoinViewingCommand(streamId, ViewingMode.Live)));

        await using var check = _app.Context();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(results.Where(r => r.Error is not null).Select(r => r.Error!.ToString()), Is.Empty, "every join is recorded");
            Assert.That(await check.ViewerSessions.CountAsync(v => v.StreamId == streamId), Is.EqualTo(30));
            Assert.That((await _app.StreamAsync(streamId)).PeakViewers, Is.EqualTo(30), "the last join saw everybody");
        }
    }

    [Test]
    public async Task EndingTheClass_WhileMembersJoin_LeavesNoViewingSessionOpen()
    {
        var (instructor, streamId, members) = await LiveClassAsync(20);

        var results = await AppHarness.RaceAsync(members.Count + 1, async i =>
        {
            if (i < members.Count) return await _app.SendAsync(members[i], new JoinViewingCommand(streamId, ViewingMode.Live));
            await _app.SendAsync(instructor, new EndStreamCommand(streamId));
            return Guid.Empty;
        });

        await using var check = _app.Context();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(results.Where(r => r.Error is not null && r.Error is not DomainException).Select(r => r.Error!.ToString()), Is.Empty,
                "a join either comes first or is told the class is not live");
            Assert.That(results.Where(r => r.Error is DomainException).Select(r => r.Error!.Message), Has.All.EqualTo("This class is not live."));
            Assert.That((await _app.StreamAsync(streamId)).Status, Is.EqualTo(Domain.Streams.StreamStatus.Ended));
            Assert.That(await check.ViewerSessions.CountAsync(v => v.StreamId == streamId && v.LeftAt == null), Is.Zero,
                "ending closed every session that got in before it");
        }
    }
}
