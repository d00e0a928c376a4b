using Streaming.Domain.Common;
using Streaming.Domain.Live;
using Streaming.Domain.Streams;
using Streaming.Domain.UnitTests.TestData;

namespace Streaming.Domain.UnitTests.Streams;

/// <summary>Classes that are over without anybody ending them, and whether they took place.</summary>
public class LiveStreamClosingTests
{
    private static readonly ClassClosingPolicy Policy = ClassClosingPolicy.Default;
    private static readonly DateTimeOffset Start = TestClock.Tomorrow;

    [Test]
    public void DueClosing_LiveWithTheBroadcasterSeenRecently_IsNone()
    {
        var stream = TestStreams.Live();

        Assert.That(stream.DueClosing(Start.AddMinutes(20), Start.AddMinutes(15), Policy), Is.EqualTo(ClassClosing.None));
    }

    [Test]
    public void DueClosing_LiveWithTheBroadcasterSilentForTheAbsenceLimit_Ends()
    {
        var stream = TestStreams.Live();

        Assert.That(stream.DueClosing(Start.AddMinutes(25), Start.AddMinutes(15), Policy), Is.EqualTo(ClassClosing.End));
        Assert.That(stream.DueClosing(Start.AddMinutes(24).AddSeconds(59), Start.AddMinutes(15), Policy), Is.EqualTo(ClassClosing.None));
    }

    [Test]
    public void DueClosing_LiveWithNoSignOfLifeEver_CountsFromGoingLive()
    {
        var stream = TestStreams.Live();

        Assert.That(stream.DueClosing(Start.AddMinutes(9), null, Policy), Is.EqualTo(ClassClosing.None));
        Assert.That(stream.DueClosing(Start.AddMinutes(10), null, Policy), Is.EqualTo(ClassClosing.End));
    }

    [Test]
    public void DueClosing_LivePastItsEndAndTheGrace_EndsEvenWhileBroadcasting()
    {
        var stream = TestStreams.Live(); // 60 minutes

        Assert.That(stream.DueClosing(Start.AddMinutes(74), Start.AddMinutes(74), Policy), Is.EqualTo(ClassClosing.None));
        Assert.That(stream.DueClosing(Start.AddMinutes(75), Start.AddMinutes(75), Policy), Is.EqualTo(ClassClosing.End));
    }

    [Test]
    public void DueClosing_NeverWentLive_IsNotHeldOncePastItsEndAndTheGrace()
    {
        var stream = TestStreams.Scheduled();

        Assert.That(stream.DueClosing(Start.AddMinutes(74), null, Policy), Is.EqualTo(ClassClosing.None));
        Assert.That(stream.DueClosing(Start.AddMinutes(75), null, Policy), Is.EqualTo(ClassClosing.NotHeld));
    }

    [Test]
    public void DueClosing_EndedOrCancelled_IsNone()
    {
        Assert.That(TestStreams.Ended().DueClosing(Start.AddDays(1), null, Policy), Is.EqualTo(ClassClosing.None));
        Assert.That(TestStreams.Cancelled().DueClosing(Start.AddDays(1), null, Policy), Is.EqualTo(ClassClosing.None));
    }

    [Test]
    public void CloseAsNotHeld_CancelsAndMarksItNotTakenPlace()
    {
        var stream = TestStreams.Scheduled();

        stream.CloseAsNotHeld(Start.AddMinutes(75));

        Assert.That(stream.Status, Is.EqualTo(StreamStatus.Cancelled));
        Assert.That(stream.TookPlace, Is.False);
        Assert.Throws<DomainException>(() => TestStreams.Live().CloseAsNotHeld(Start.AddMinutes(75)));
    }

    [TestCase(29, false)]
    [TestCase(30, true)]
    [TestCase(60, true)]
    public void JudgeTookPlace_NeedsTheMinimumShareOfTheDuration(int broadcastMinutes, bool tookPlace)
    {
        var stream = TestStreams.Ended(); // 60 minutes, half needed by default

        stream.JudgeTookPlace(TimeSpan.FromMinutes(broadcastMinutes), Policy);

        Assert.That(stream.TookPlace, Is.EqualTo(tookPlace));
    }

    [Test]
    public void JudgeTookPlace_BeforeTheEnd_IsRefused()
    {
        Assert.Throws<DomainException>(() => TestStreams.Live().JudgeTookPlace(TimeSpan.FromHours(1), Policy));
    }

    [Test]
    public void WhyNoEnrollments_LiveWithItsBroadcasterGone_SaysSo()
    {
        var stream = TestStreams.Live();

        Assert.That(stream.WhyNoEnrollments(Start.AddMinutes(5), Start.AddMinutes(4), Policy), Is.Null);
        Assert.That(stream.WhyNoEnrollments(Start.AddMinutes(20), Start.AddMinutes(4), Policy), Does.Contain("interrupted for over 10 minutes"));
        Assert.Throws<DomainException>(() => stream.EnsureTakesEnrollments(Start.AddMinutes(20), Start.AddMinutes(4), Policy));
    }

    [Test]
    public void WhyNoEnrollments_LivePastItsScheduledEnd_IsOver()
    {
        var stream = TestStreams.Live();

        Assert.That(stream.WhyNoEnrollments(Start.AddMinutes(61), Start.AddMinutes(61), Policy), Is.EqualTo("This class is over and no longer takes enrollments."));
    }

    [Test]
    public void WhyNoEnrollments_ScheduledButNotStartedLongAfterItsStart_SaysSo()
    {
        var stream = TestStreams.Scheduled();

        Assert.That(stream.WhyNoEnrollments(Start.AddMinutes(5), null, Policy), Is.Null, "an instructor a few minutes late");
        Assert.That(stream.WhyNoEnrollments(Start.AddMinutes(10), null, Policy), Does.Contain("has not started this class 10 minutes after its start"));
    }

    [Test]
    public void BroadcastPresence_CountsOnlyStretchesWithinTheHeartbeatGap()
    {
        var presence = BroadcastPresence.Start(Guid.NewGuid(), Start);

        presence.Seen(Start.AddSeconds(15), Policy.HeartbeatGap);
        presence.Seen(Start.AddSeconds(30), Policy.HeartbeatGap);
        presence.Seen(Start.AddMinutes(5), Policy.HeartbeatGap); // the page was gone for 4.5 minutes
        presence.Seen(Start.AddMinutes(5).AddSeconds(15), Policy.HeartbeatGap);
        presence.Seen(Start.AddMinutes(5), Policy.HeartbeatGap); // a late report changes nothing

        Assert.That(presence.Broadcast, Is.EqualTo(TimeSpan.FromSeconds(45)));
        Assert.That(presence.LastSeenAt, Is.EqualTo(Start.AddMinutes(5).AddSeconds(15)));
        Assert.That(presence.BroadcastUntil(Start.AddMinutes(5).AddSeconds(25), Policy.HeartbeatGap), Is.EqualTo(TimeSpan.FromSeconds(55)));
        Assert.That(presence.BroadcastUntil(Start.AddMinutes(10), Policy.HeartbeatGap), Is.EqualTo(TimeSpan.FromSeconds(45)));
    }
}
