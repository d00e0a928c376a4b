using Streaming.Domain.Enrollments;
using Streaming.Domain.Common;
using Streaming.Domain.Streams;
using Streaming.Domain.UnitTests.TestData;

namespace Streaming.Domain.UnitTests.Streams;

public class LiveStreamChangeTests
{
    private static readonly DateTimeOffset Later = TestClock.Now.AddHours(2);
    private static readonly DateTimeOffset NextWeek = TestClock.Now.AddDays(7);

    // Reschedule

    [Test]
    public void Reschedule_WhenScheduled_MovesStartAndDuration()
    {
        var stream = TestStreams.Scheduled();

        stream.Reschedule(NextWeek, 90, Later);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(stream.ScheduledStart, Is.EqualTo(NextWeek));
            Assert.That(stream.DurationMinutes, Is.EqualTo(90));
            Assert.That(stream.ScheduledEnd, Is.EqualTo(NextWeek.AddMinutes(90)));
            Assert.That(stream.UpdatedAt, Is.EqualTo(Later));
            Assert.That(stream.Status, Is.EqualTo(StreamStatus.Scheduled));
        }
    }

    [Test]
    public void Reschedule_WithStartInThePast_Throws()
    {
        var stream = TestStreams.Scheduled();

        var ex = Assert.Throws<DomainException>(() => stream.Reschedule(Later.AddMinutes(-1), 60, Later));

        Assert.That(ex?.Message, Does.Contain("start time must be in the future"));
    }

    [Test]
    public void Reschedule_WithStartEqualToNow_Throws()
    {
        var stream = TestStreams.Scheduled();

        Assert.Throws<DomainException>(() => stream.Reschedule(Later, 60, Later));
    }

    [TestCase(0)]
    [TestCase(-1)]
    public void Reschedule_WithDurationNotPositive_ThrowsAndKeepsTiming(int durationMinutes)
    {
        var stream = TestStreams.Scheduled();

        Assert.Throws<DomainException>(() => stream.Reschedule(NextWeek, durationMinutes, Later));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(stream.ScheduledStart, Is.EqualTo(TestClock.Tomorrow));
            Assert.That(stream.DurationMinutes, Is.EqualTo(TestStreams.DurationMinutes));
            Assert.That(stream.UpdatedAt, Is.EqualTo(TestClock.Now));
        }
    }

    [Test]
    public void Reschedule_WhenLive_Throws()
    {
        var stream = TestStreams.Live();

        var ex = Assert.Throws<DomainException>(() => stream.Reschedule(NextWeek, 60, TestClock.Tomorrow));

        Assert.That(ex?.Message, Does.Contain("cannot reschedule a class that is live"));
    }

    [Test]
    public void Reschedule_WhenEnded_Throws()
    {
        var stream = TestStreams.Ended();

        Assert.Throws<DomainException>(() => stream.Reschedule(NextWeek, 60, TestClock.Tomorrow.AddHours(2)));
    }

    [Test]
    public void Reschedule_WhenCancelled_Throws()
    {
        var stream = TestStreams.Cancelled();

        Assert.Throws<DomainException>(() => stream.Reschedule(NextWeek, 60, Later));
    }

    // ChangePrice

    [Test]
    public void ChangePrice_WhenScheduledWithoutPaidEnrollments_ChangesPrice()
    {
        var stream = TestStreams.Scheduled(price: 10);

        stream.ChangePrice(25, hasPaidEnrollments: false);

        Assert.That(stream.PriceInTokens, Is.EqualTo(25));
    }

    [Test]
    public void ChangePrice_ToZero_MakesTheClassFree()
    {
        var stream = TestStreams.Scheduled(price: 10);

        stream.ChangePrice(0, hasPaidEnrollments: false);

        Assert.That(stream.IsFree, Is.True);
    }

    [Test]
    public void ChangePrice_ToTheSamePrice_IsANoOpEvenWithPaidEnrollments()
    {
        var stream = TestStreams.Scheduled(price: 10);

        Assert.DoesNotThrow(() => stream.ChangePrice(10, hasPaidEnrollments: true));
        Assert.That(stream.PriceInTokens, Is.EqualTo(10));
    }

    [Test]
    public void ChangePrice_ToTheSamePrice_IsANoOpEvenWhenNotScheduled()
    {
        var stream = TestStreams.Ended(price: 10);

        Assert.DoesNotThrow(() => stream.ChangePrice(10, hasPaidEnrollments: false));
    }

    [Test]
    public void ChangePrice_WithPaidEnrollments_ThrowsAndKeepsPrice()
    {
        var stream = TestStreams.Scheduled(price: 10);

        var ex = Assert.Throws<DomainException>(() => stream.ChangePrice(25, hasPaidEnrollments: true));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(ex?.Message, Does.Contain("price cannot change once members have enrolled"));
            Assert.That(stream.PriceInTokens, Is.EqualTo(10));
        }
    }

    [Test]
    public void ChangePrice_WhenLive_Throws()
    {
        var stream = TestStreams.Live(price: 10);

        var ex = Assert.Throws<DomainException>(() => stream.ChangePrice(25, hasPaidEnrollments: false));

        Assert.That(ex?.Message, Does.Contain("cannot change the price of a class that is live"));
    }

    [Test]
    public void ChangePrice_WhenEnded_Throws()
    {
        var stream = TestStreams.Ended(price: 10);

        Assert.Throws<DomainException>(() => stream.ChangePrice(25, hasPaidEnrollments: false));
    }

    [Test]
    public void ChangePrice_WhenCancelled_Throws()
    {
        var stream = TestStreams.Cancelled(price: 10);

        Assert.Throws<DomainException>(() => stream.ChangePrice(25, hasPaidEnrollments: false));
    }

    [Test]
    public void ChangePrice_ToNegativePrice_Throws()
    {
        var stream = TestStreams.Scheduled(price: 10);

        Assert.Throws<DomainException>(() => stream.ChangePrice(-5, hasPaidEnrollments: false));
    }

    // ChangeCapacity

    [Test]
    public void ChangeCapacity_BelowActiveEnrollments_ThrowsAndKeepsCapacity()
    {
        var stream = TestStreams.Scheduled(capacity: 10);

        var ex = Assert.Throws<DomainException>(() => Fill(stream, 3).ChangeCapacity(2));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(ex?.Message, Does.Contain("cannot be less than the 3 members already enrolled"));
            Assert.That(stream.Capacity, Is.EqualTo(10));
        }
    }

    [Test]
    public void ChangeCapacity_ToExactlyActiveEnrollments_Accepts()
    {
        var stream = TestStreams.Scheduled(capacity: 10);

        Fill(stream, 3).ChangeCapacity(3);

        Assert.That(stream.Capacity, Is.EqualTo(3));
    }

    [Test]
    public void ChangeCapacity_Upwards_Accepts()
    {
        var stream = TestStreams.Scheduled(capacity: 10);

        Fill(stream, 10).ChangeCapacity(50);

        Assert.That(stream.Capacity, Is.EqualTo(50));
    }

    [Test]
    public void ChangeCapacity_ToUnlimited_AcceptsWhateverIsEnrolled()
    {
        var stream = TestStreams.Scheduled(capacity: 10);

        Fill(stream, 10).ChangeCapacity(null);

        Assert.That(stream.Capacity, Is.Null);
    }

    [Test]
    public void ChangeCapacity_ToZero_Throws()
    {
        var stream = TestStreams.Scheduled(capacity: 10);

        Assert.Throws<DomainException>(() => Fill(stream, 0).ChangeCapacity(0));
    }

    // SeatsLeft

    [Test]
    public void SeatsLeft_WithCapacity_IsCapacityMinusSeatsTaken()
    {
        var stream = Fill(TestStreams.Scheduled(capacity: 10), 4);

        Assert.That(stream.SeatsLeft, Is.EqualTo(6));
    }

    [Test]
    public void SeatsLeft_WhenFull_IsZero()
    {
        var stream = Fill(TestStreams.Scheduled(capacity: 10), 10);

        Assert.That(stream.SeatsLeft, Is.Zero);
    }

    [Test]
    public void SeatsLeft_WithUnlimitedCapacity_IsNull()
    {
        var stream = Fill(TestStreams.Scheduled(capacity: null), 500);

        Assert.That(stream.SeatsLeft, Is.Null);
    }

    [Test]
    public void SeatsTaken_DropsWhenAnEnrollmentFailsOrIsRefunded()
    {
        var stream = TestStreams.Scheduled(capacity: 2);
        var failed = Enrollment.Open(stream, "a", memberHoldsSeat: false, TestClock.Now);
        var refunded = Enrollment.Open(stream, "b", memberHoldsSeat: false, TestClock.Now);
        Assert.That(stream.SeatsLeft, Is.Zero);

        failed.Fail("Insufficient balance.");
        refunded.Activate("tx", TestClock.Now);
        refunded.Refund(TestClock.Now);

        Assert.That(stream.SeatsTaken, Is.Zero);
    }

    private static LiveStream Fill(LiveStream stream, int seats)
    {
        TestStreams.FillSeats(stream, seats);
        return stream;
    }

    // Peak viewers

    [Test]
    public void PeakViewers_OfANewClass_IsZero()
    {
        Assert.That(TestStreams.Scheduled().PeakViewers, Is.Zero);
    }

    [Test]
    public void RecordConcurrentViewers_WithAHigherCount_RaisesThePeak()
    {
        var stream = TestStreams.Live();
        stream.RecordConcurrentViewers(12);

        stream.RecordConcurrentViewers(30);

        Assert.That(stream.PeakViewers, Is.EqualTo(30));
    }

    [Test]
    public void RecordConcurrentViewers_WithALowerCount_KeepsThePeak()
    {
        var stream = TestStreams.Live();
        stream.RecordConcurrentViewers(30);

        stream.RecordConcurrentViewers(5);

        Assert.That(stream.PeakViewers, Is.EqualTo(30));
    }

    // Duplicate

    [Test]
    public void Duplicate_CreatesAScheduledClassWithANewIdAndTheNewStart()
    {
        var original = TestStreams.Ended();
        var now = TestClock.Now.AddDays(3);

        var copy = original.Duplicate(NextWeek, now);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(copy.Id, Is.Not.EqualTo(original.Id));
            Assert.That(copy.Status, Is.EqualTo(StreamStatus.Scheduled));
            Assert.That(copy.ScheduledStart, Is.EqualTo(NextWeek));
            Assert.That(copy.CreatedAt, Is.EqualTo(now));
            Assert.That(copy.UpdatedAt, Is.EqualTo(now));
            Assert.That(copy.StartedAt, Is.Null);
            Assert.That(copy.EndedAt, Is.Null);
            Assert.That(copy.RecordingExpiresAt, Is.Null);
            Assert.That(copy.MigrationScheduledAt, Is.Null);
        }
    }

    [Test]
    public void Duplicate_CopiesDetailsPriceCapacityAndThumbnail()
    {
        var original = TestStreams.Scheduled(price: 15, capacity: 8);
        original.SetThumbnail("thumbnails/yoga.jpg", TestClock.Now);

        var copy = original.Duplicate(NextWeek, Later);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(copy.InstructorId, Is.EqualTo(original.InstructorId));
            Assert.That(copy.Title, Is.EqualTo(original.Title));
            Assert.That(copy.Description, Is.EqualTo(original.Description));
            Assert.That(copy.Category, Is.EqualTo(original.Category));
            Assert.That(copy.DurationMinutes, Is.EqualTo(original.DurationMinutes));
            Assert.That(copy.PriceInTokens, Is.EqualTo(15));
            Assert.That(copy.Capacity, Is.EqualTo(8));
            Assert.That(copy.ThumbnailPath, Is.EqualTo("thumbnails/yoga.jpg"));
        }
    }

    [Test]
    public void Duplicate_ResetsPeakViewers()
    {
        var original = TestStreams.Live();
        original.RecordConcurrentViewers(42);

        var copy = original.Duplicate(NextWeek, TestClock.Tomorrow);

        Assert.That(copy.PeakViewers, Is.Zero);
    }

    [Test]
    public void Duplicate_LeavesTheOriginalUntouched()
    {
        var original = TestStreams.Live();
        original.RecordConcurrentViewers(42);
        original.End(TestClock.Tomorrow.AddHours(1), RetentionPolicy.Default);
        var id = original.Id;

        original.Duplicate(NextWeek, TestClock.Tomorrow.AddHours(2));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(original.Id, Is.EqualTo(id));
            Assert.That(original.Status, Is.EqualTo(StreamStatus.Ended));
            Assert.That(original.ScheduledStart, Is.EqualTo(TestClock.Tomorrow));
            Assert.That(original.StartedAt, Is.EqualTo(TestClock.Tomorrow));
            Assert.That(original.EndedAt, Is.EqualTo(TestClock.Tomorrow.AddHours(1)));
            Assert.That(original.PeakViewers, Is.EqualTo(42));
            Assert.That(original.UpdatedAt, Is.EqualTo(TestClock.Tomorrow.AddHours(1)));
        }
    }

    [Test]
    public void Duplicate_WithStartInThePast_Throws()
    {
        var original = TestStreams.Ended();
        var now = TestClock.Tomorrow.AddHours(2);

        Assert.Throws<DomainException>(() => original.Duplicate(now.AddMinutes(-1), now));
    }
}
