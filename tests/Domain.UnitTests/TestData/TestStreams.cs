using Streaming.Domain.Common;
using Streaming.Domain.Streams;

namespace Streaming.Domain.UnitTests.TestData;

/// <summary>Builds <see cref="LiveStream"/>s in each status, with sensible defaults.</summary>
internal static class TestStreams
{
    public const string InstructorId = "instructor-1";
    public const string Title = "Morning Yoga Flow";
    public const string Description = "A gentle 60-minute flow for all levels.";
    public const string Category = "Yoga";
    public const int DurationMinutes = 60;
    public const int Price = 10;

    /// <summary>A scheduled class starting <paramref name="fromNow"/> after <see cref="TestClock.Now"/>.</summary>
    public static LiveStream ScheduledIn(
        TimeSpan fromNow,
        int price = Price,
        int? capacity = null,
        int durationMinutes = DurationMinutes) =>
        ScheduledAt(TestClock.Now + fromNow, TestClock.Now, price, capacity, durationMinutes);

    /// <summary>A scheduled class starting at <see cref="TestClock.Tomorrow"/>.</summary>
    public static LiveStream Scheduled(int price = Price, int? capacity = null) =>
        ScheduledIn(TimeSpan.FromDays(1), price, capacity);

    public static LiveStream ScheduledAt(
        DateTimeOffset start,
        DateTimeOffset now,
        int price = Price,
        int? capacity = null,
        int durationMinutes = DurationMinutes) =>
        LiveStream.Schedule(InstructorId, Title, Description, Category, start, durationMinutes, price, capacity, now);

    /// <summary>A class that went live at <see cref="TestClock.Tomorrow"/>.</summary>
    public static LiveStream Live(int price = Price, int? capacity = null)
    {
        var stream = Scheduled(price, capacity);
        stream.GoLive(TestClock.Tomorrow);
        return stream;
    }

    /// <summary>A class that went live at <see cref="TestClock.Tomorrow"/> and ended an hour later.</summary>
    public static LiveStream Ended(int price = Price)
    {
        var stream = Live(price);
        stream.End(TestClock.Tomorrow.AddHours(1), RetentionPolicy.Default);
        return stream;
    }

    public static LiveStream Cancelled(int price = Price)
    {
        var stream = Scheduled(price);
        stream.Cancel(TestClock.Now.AddHours(1));
        return stream;
    }

    /// <summary>Other members take <paramref name="seats"/> seats in <paramref name="stream"/>.</summary>
    public static void FillSeats(LiveStream stream, int seats)
    {
        for (var i = 0; i < seats; i++)
            Streaming.Domain.Enrollments.Enrollment.Open(stream, $"other-member-{i}", memberHoldsSeat: false, TestClock.Now);
    }
}
