using Streaming.Domain.Common;
using Streaming.Domain.Streams;
using Streaming.Domain.UnitTests.TestData;

namespace Streaming.Domain.UnitTests.Streams;

/// <summary>What a calendar event of the class carries: its revision (SEQUENCE) and its real times.</summary>
public class LiveStreamCalendarTests
{
    private static readonly DateTimeOffset NextWeek = TestClock.Now.AddDays(7);

    [Test]
    public void A_new_class_is_calendar_revision_zero()
    {
        Assert.That(TestStreams.Scheduled().CalendarSequence, Is.Zero);
    }

    [Test]
    public void Reschedule_RaisesTheSequenceByOnePerMove()
    {
        var stream = TestStreams.Scheduled();

        stream.Reschedule(NextWeek, TestStreams.DurationMinutes, TestClock.Now);
        stream.Reschedule(NextWeek, 90, TestClock.Now.AddMinutes(1));

        Assert.That(stream.CalendarSequence, Is.EqualTo(2));
    }

    [Test]
    public void Reschedule_ToTheSameTimes_ChangesNothing()
    {
        var stream = TestStreams.Scheduled();
        var updatedAt = stream.UpdatedAt;

        stream.Reschedule(stream.ScheduledStart, stream.DurationMinutes, TestClock.Now.AddHours(1));

        Assert.That(stream.CalendarSequence, Is.Zero);
        Assert.That(stream.UpdatedAt, Is.EqualTo(updatedAt));
    }

    [Test]
    public void A_refused_reschedule_keeps_the_sequence()
    {
        var stream = TestStreams.Scheduled();

        Assert.Throws<DomainException>(() => stream.Reschedule(TestClock.Now.AddMinutes(-5), 60, TestClock.Now));

        Assert.That(stream.CalendarSequence, Is.Zero);
    }

    [Test]
    public void New_details_or_price_do_not_raise_the_sequence()
    {
        var stream = TestStreams.Scheduled();

        stream.UpdateDetails("Renamed", "New words", null);
        stream.ChangePrice(3, hasPaidEnrollments: false);
        stream.ChangeCapacity(10);

        Assert.That(stream.CalendarSequence, Is.Zero);
    }

    [Test]
    public void Going_live_keeps_the_sequence_and_ending_raises_it()
    {
        var stream = TestStreams.Scheduled();

        stream.GoLive(TestClock.Tomorrow);
        var whileLive = stream.CalendarSequence;
        stream.End(TestClock.Tomorrow.AddMinutes(20), RetentionPolicy.Default);

        Assert.That(whileLive, Is.Zero);
        Assert.That(stream.CalendarSequence, Is.EqualTo(1));
    }

    [Test]
    public void Cancel_RaisesTheSequence()
    {
        var stream = TestStreams.Scheduled();
        stream.Reschedule(NextWeek, 60, TestClock.Now);

        stream.Cancel(TestClock.Now.AddHours(1));

        Assert.That(stream.CalendarSequence, Is.EqualTo(2));
    }

    [Test]
    public void Cancel_by_a_moderator_keeps_the_reason_and_the_instructors_own_cancel_has_none()
    {
        var moderated = TestStreams.Scheduled();
        var own = TestStreams.Scheduled();

        moderated.Cancel(TestClock.Now, " Reported as spam ");
        own.Cancel(TestClock.Now);

        Assert.That(moderated.CancellationReason, Is.EqualTo("Reported as spam"));
        Assert.That(own.CancellationReason, Is.Null);
    }

    [Test]
    public void A_class_that_ended_early_runs_from_its_real_start_to_its_real_end()
    {
        var stream = TestStreams.Scheduled();
        var started = TestClock.Tomorrow.AddMinutes(3);
        var ended = TestClock.Tomorrow.AddMinutes(25);
        stream.GoLive(started);

        var whileLive = (stream.ActualStart, stream.ActualEnd);
        stream.End(ended, RetentionPolicy.Default);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(whileLive, Is.EqualTo((TestClock.Tomorrow, TestClock.Tomorrow.AddMinutes(TestStreams.DurationMinutes))),
                "until it ends, the plan stands");
            Assert.That(stream.ActualStart, Is.EqualTo(started));
            Assert.That(stream.ActualEnd, Is.EqualTo(ended));
        }
    }

    [Test]
    public void A_scheduled_or_cancelled_class_keeps_its_planned_times()
    {
        var scheduled = TestStreams.Scheduled();
        var cancelled = TestStreams.Cancelled();

        using (Assert.EnterMultipleScope())
        {
            Assert.That(scheduled.ActualStart, Is.EqualTo(scheduled.ScheduledStart));
            Assert.That(scheduled.ActualEnd, Is.EqualTo(scheduled.ScheduledEnd));
            Assert.That(cancelled.ActualStart, Is.EqualTo(cancelled.ScheduledStart));
            Assert.That(cancelled.ActualEnd, Is.EqualTo(cancelled.ScheduledEnd));
        }
    }
}
