using Streaming.Domain.Common;
using Streaming.Domain.Streams;
using Streaming.Domain.UnitTests.TestData;

namespace Streaming.Domain.UnitTests.Streams;

public class LiveStreamScheduleTests
{
    private static readonly DateTimeOffset Now = TestClock.Now;
    private static readonly DateTimeOffset Start = TestClock.Tomorrow;

    private static LiveStream Schedule(
        string title = TestStreams.Title,
        string? description = TestStreams.Description,
        string? category = TestStreams.Category,
        DateTimeOffset? start = null,
        int durationMinutes = TestStreams.DurationMinutes,
        int price = TestStreams.Price,
        int? capacity = 20,
        string instructorId = TestStreams.InstructorId) =>
        LiveStream.Schedule(instructorId, title, description, category, start ?? Start, durationMinutes, price, capacity, Now);

    [Test]
    public void Schedule_WithValidData_SetsEveryDetail()
    {
        var stream = Schedule();

        using (Assert.EnterMultipleScope())
        {
            Assert.That(stream.InstructorId, Is.EqualTo(TestStreams.InstructorId));
            Assert.That(stream.Title, Is.EqualTo(TestStreams.Title));
            Assert.That(stream.Description, Is.EqualTo(TestStreams.Description));
            Assert.That(stream.Category, Is.EqualTo(TestStreams.Category));
            Assert.That(stream.ScheduledStart, Is.EqualTo(Start));
            Assert.That(stream.DurationMinutes, Is.EqualTo(TestStreams.DurationMinutes));
            Assert.That(stream.PriceInTokens, Is.EqualTo(TestStreams.Price));
            Assert.That(stream.Capacity, Is.EqualTo(20));
            Assert.That(stream.CreatedAt, Is.EqualTo(Now));
            Assert.That(stream.UpdatedAt, Is.EqualTo(Now));
        }
    }

    [Test]
    public void Schedule_StartsInScheduledStatusWithNoLifecycleTimestamps()
    {
        var stream = Schedule();

        using (Assert.EnterMultipleScope())
        {
            Assert.That(stream.Status, Is.EqualTo(StreamStatus.Scheduled));
            Assert.That(stream.StartedAt, Is.Null);
            Assert.That(stream.EndedAt, Is.Null);
            Assert.That(stream.CancelledAt, Is.Null);
            Assert.That(stream.RecordingExpiresAt, Is.Null);
            Assert.That(stream.MigrationScheduledAt, Is.Null);
            Assert.That(stream.PeakViewers, Is.Zero);
            Assert.That(stream.ThumbnailPath, Is.Null);
        }
    }

    [Test]
    public void Schedule_AssignsANewTimeOrderedId()
    {
        var first = Schedule();
        var second = Schedule();

        using (Assert.EnterMultipleScope())
        {
            Assert.That(first.Id, Is.Not.EqualTo(Guid.Empty));
            Assert.That(first.Id.Version, Is.EqualTo(7));
            Assert.That(second.Id, Is.Not.EqualTo(first.Id));
        }
    }

    [Test]
    public void ScheduledEnd_IsStartPlusDuration()
    {
        var stream = Schedule(durationMinutes: 45);

        Assert.That(stream.ScheduledEnd, Is.EqualTo(Start.AddMinutes(45)));
    }

    [Test]
    public void Schedule_StoresTheStartInUtc()
    {
        var startInParis = new DateTimeOffset(2030, 1, 11, 10, 0, 0, TimeSpan.FromHours(1));

        var stream = Schedule(start: startInParis);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(stream.ScheduledStart.Offset, Is.EqualTo(TimeSpan.Zero));
            Assert.That(stream.ScheduledStart, Is.EqualTo(new DateTimeOffset(2030, 1, 11, 9, 0, 0, TimeSpan.Zero)));
        }
    }

    [TestCase("")]
    [TestCase("   ")]
    public void Schedule_WithoutInstructor_Throws(string instructorId)
    {
        Assert.Throws<DomainException>(() => Schedule(instructorId: instructorId));
    }

    // Title

    [TestCase("")]
    [TestCase("   ")]
    [TestCase("\t\r\n")]
    public void Schedule_WithBlankTitle_Throws(string title)
    {
        var ex = Assert.Throws<DomainException>(() => Schedule(title: title));

        Assert.That(ex?.Message, Does.Contain("Title is required"));
    }

    [Test]
    public void Schedule_WithNullTitle_Throws()
    {
        Assert.Throws<DomainException>(() => Schedule(title: null!));
    }

    [Test]
    public void Schedule_TrimsTitle()
    {
        var stream = Schedule(title: "   Morning Yoga Flow  ");

        Assert.That(stream.Title, Is.EqualTo("Morning Yoga Flow"));
    }

    [Test]
    public void Schedule_WithTitleOfExactly120Characters_Accepts()
    {
        var title = new string('t', LiveStream.TitleMaxLength);

        var stream = Schedule(title: title);

        Assert.That(stream.Title, Is.EqualTo(title));
    }

    [Test]
    public void Schedule_WithTitleOver120Characters_Throws()
    {
        var ex = Assert.Throws<DomainException>(() => Schedule(title: new string('t', LiveStream.TitleMaxLength + 1)));

        Assert.That(ex?.Message, Does.Contain("at most 120 characters"));
    }

    [Test]
    public void Schedule_MeasuresTitleLengthAfterTrimming()
    {
        var title = new string('t', LiveStream.TitleMaxLength);

        var stream = Schedule(title: $"  {title}  ");

        Assert.That(stream.Title, Is.EqualTo(title));
    }

    // Description

    [Test]
    public void Schedule_WithNullDescription_StoresEmptyDescription()
    {
        var stream = Schedule(description: null);

        Assert.That(stream.Description, Is.Empty);
    }

    [Test]
    public void Schedule_TrimsDescription()
    {
        var stream = Schedule(description: "  Bring a mat.  ");

        Assert.That(stream.Description, Is.EqualTo("Bring a mat."));
    }

    [Test]
    public void Schedule_WithDescriptionOfExactly4000Characters_Accepts()
    {
        var description = new string('d', LiveStream.DescriptionMaxLength);

        var stream = Schedule(description: description);

        Assert.That(stream.Description, Has.Length.EqualTo(LiveStream.DescriptionMaxLength));
    }

    [Test]
    public void Schedule_WithDescriptionOver4000Characters_Throws()
    {
        var ex = Assert.Throws<DomainException>(() =>
            Schedule(description: new string('d', LiveStream.DescriptionMaxLength + 1)));

        Assert.That(ex?.Message, Does.Contain("Description must be at most 4000 characters"));
    }

    // Category

    [TestCase(null)]
    [TestCase("")]
    [TestCase("   ")]
    public void Schedule_WithoutCategory_StoresNoCategory(string? category)
    {
        var stream = Schedule(category: category);

        Assert.That(stream.Category, Is.Null);
    }

    [Test]
    public void Schedule_TrimsCategory()
    {
        var stream = Schedule(category: "  Pilates ");

        Assert.That(stream.Category, Is.EqualTo("Pilates"));
    }

    [Test]
    public void Schedule_WithCategoryOfExactly60Characters_Accepts()
    {
        var category = new string('c', LiveStream.CategoryMaxLength);

        var stream = Schedule(category: category);

        Assert.That(stream.Category, Is.EqualTo(category));
    }

    [Test]
    public void Schedule_WithCategoryOver60Characters_Throws()
    {
        Assert.Throws<DomainException>(() => Schedule(category: new string('c', LiveStream.CategoryMaxLength + 1)));
    }

    // Start

    [Test]
    public void Schedule_WithStartInThePast_Throws()
    {
        var ex = Assert.Throws<DomainException>(() => Schedule(start: Now.AddMinutes(-1)));

        Assert.That(ex?.Message, Does.Contain("start time must be in the future"));
    }

    [Test]
    public void Schedule_WithStartEqualToNow_Throws()
    {
        Assert.Throws<DomainException>(() => Schedule(start: Now));
    }

    [Test]
    public void Schedule_WithStartOneTickAfterNow_Accepts()
    {
        var stream = Schedule(start: Now.AddTicks(1));

        Assert.That(stream.ScheduledStart, Is.EqualTo(Now.AddTicks(1)));
    }

    // Duration

    [TestCase(0)]
    [TestCase(-30)]
    public void Schedule_WithDurationNotPositive_Throws(int durationMinutes)
    {
        var ex = Assert.Throws<DomainException>(() => Schedule(durationMinutes: durationMinutes));

        Assert.That(ex?.Message, Does.Contain("Duration must be at least one minute"));
    }

    [Test]
    public void Schedule_WithOneMinuteDuration_Accepts()
    {
        var stream = Schedule(durationMinutes: 1);

        Assert.That(stream.DurationMinutes, Is.EqualTo(1));
    }

    // Price

    [Test]
    public void Schedule_WithNegativePrice_Throws()
    {
        var ex = Assert.Throws<DomainException>(() => Schedule(price: -1));

        Assert.That(ex?.Message, Does.Contain("Price cannot be negative"));
    }

    [Test]
    public void Schedule_WithZeroPrice_IsFree()
    {
        var stream = Schedule(price: 0);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(stream.PriceInTokens, Is.Zero);
            Assert.That(stream.IsFree, Is.True);
        }
    }

    [Test]
    public void Schedule_WithPositivePrice_IsNotFree()
    {
        var stream = Schedule(price: 1);

        Assert.That(stream.IsFree, Is.False);
    }

    // Capacity

    [Test]
    public void Schedule_WithNullCapacity_IsUnlimited()
    {
        var stream = Schedule(capacity: null);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(stream.Capacity, Is.Null);
            Assert.That(stream.SeatsLeft, Is.Null);
        }
    }

    [TestCase(0)]
    [TestCase(-1)]
    public void Schedule_WithCapacityBelowOne_Throws(int capacity)
    {
        var ex = Assert.Throws<DomainException>(() => Schedule(capacity: capacity));

        Assert.That(ex?.Message, Does.Contain("Capacity must be at least 1"));
    }

    [Test]
    public void Schedule_WithCapacityOfOne_Accepts()
    {
        var stream = Schedule(capacity: 1);

        Assert.That(stream.Capacity, Is.EqualTo(1));
    }

    // UpdateDetails applies the same rules after scheduling.

    [Test]
    public void UpdateDetails_WithValidData_ReplacesTrimmedDetails()
    {
        var stream = Schedule();

        stream.UpdateDetails("  Evening Stretch ", "  Wind down. ", "  Mobility ");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(stream.Title, Is.EqualTo("Evening Stretch"));
            Assert.That(stream.Description, Is.EqualTo("Wind down."));
            Assert.That(stream.Category, Is.EqualTo("Mobility"));
        }
    }

    [Test]
    public void UpdateDetails_WithBlankCategory_ClearsCategory()
    {
        var stream = Schedule();

        stream.UpdateDetails(TestStreams.Title, TestStreams.Description, " ");

        Assert.That(stream.Category, Is.Null);
    }

    [Test]
    public void UpdateDetails_WithInvalidDescription_ThrowsAndKeepsEveryDetail()
    {
        var stream = Schedule();

        Assert.Throws<DomainException>(() =>
            stream.UpdateDetails("New title", new string('d', LiveStream.DescriptionMaxLength + 1), "New category"));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(stream.Title, Is.EqualTo(TestStreams.Title));
            Assert.That(stream.Description, Is.EqualTo(TestStreams.Description));
            Assert.That(stream.Category, Is.EqualTo(TestStreams.Category));
        }
    }

    [Test]
    public void UpdateDetails_WithBlankTitle_Throws()
    {
        var stream = Schedule();

        Assert.Throws<DomainException>(() => stream.UpdateDetails(" ", null, null));
    }

    // Thumbnail

    [Test]
    public void SetThumbnail_StoresPathAndTouchesUpdatedAt()
    {
        var stream = Schedule();
        var later = Now.AddMinutes(10);

        stream.SetThumbnail("thumbnails/yoga.jpg", later);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(stream.ThumbnailPath, Is.EqualTo("thumbnails/yoga.jpg"));
            Assert.That(stream.UpdatedAt, Is.EqualTo(later));
        }
    }

    [Test]
    public void SetThumbnail_WithNull_ClearsThumbnail()
    {
        var stream = Schedule();
        stream.SetThumbnail("thumbnails/yoga.jpg", Now);

        stream.SetThumbnail(null, Now.AddMinutes(1));

        Assert.That(stream.ThumbnailPath, Is.Null);
    }
}
