using Streaming.Domain.Common;
using Streaming.Domain.Streams;
using Streaming.Domain.UnitTests.TestData;

namespace Streaming.Domain.UnitTests.Streams;

public class LiveStreamHorizonTests
{
    [Test]
    public void Schedule_MoreThanTwoYearsAhead_Throws()
    {
        var ex = Assert.Throws<DomainException>(() =>
            TestStreams.ScheduledIn(LiveStream.MaxScheduleAhead + TimeSpan.FromMinutes(1)));

        Assert.That(ex!.Message, Does.Contain("within the next two years"));
    }

    [Test]
    public void Schedule_ExactlyAtTheHorizon_IsAllowed()
    {
        var stream = TestStreams.ScheduledIn(LiveStream.MaxScheduleAhead);

        Assert.That(stream.Status, Is.EqualTo(StreamStatus.Scheduled));
    }

    [Test]
    public void Reschedule_PastTheHorizon_Throws()
    {
        var stream = TestStreams.Scheduled();

        Assert.Throws<DomainException>(() =>
            stream.Reschedule(TestClock.Now + LiveStream.MaxScheduleAhead + TimeSpan.FromDays(1), 30, TestClock.Now));
    }
}
