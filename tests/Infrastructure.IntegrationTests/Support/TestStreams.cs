using Streaming.Domain.Enrollments;
using Streaming.Domain.Streams;

namespace Streaming.Infrastructure.IntegrationTests.Support;

/// <summary>Classes and enrollments written through the domain model and a plain context.</summary>
internal static class TestStreams
{
    public static async Task<Guid> AddScheduledAsync(TestDatabase database, string instructorId, DateTimeOffset now, int price = 0, int? capacity = null)
    {
        await using var db = Db.Context(database);
        var stream = LiveStream.Schedule(instructorId, "Morning HIIT", "Bring water.", "HIIT", now.AddDays(1), 45, price, capacity, now);
        db.Streams.Add(stream);
        await db.SaveChangesAsync();
        return stream.Id;
    }

    /// <summary>Opens an enrollment and moves it to <paramref name="status"/> through the domain's own transitions.</summary>
    public static Enrollment Enroll(LiveStream stream, string memberId, EnrollmentStatus status, DateTimeOffset now)
    {
        var enrollment = Enrollment.Open(stream, memberId, memberHoldsSeat: false, now);
        if (status is EnrollmentStatus.Active or EnrollmentStatus.Refunded)
            enrollment.Activate(stream.IsFree ? null : "ledger-tx-1", now);
        if (status == EnrollmentStatus.Refunded) enrollment.Refund(now);
        if (status == EnrollmentStatus.Failed) enrollment.Fail("The payment was declined.");
        return enrollment;
    }

    /// <summary>In a context of its own: loads the class and saves a new enrollment in <paramref name="status"/>.</summary>
    public static async Task<Guid> AddEnrollmentAsync(TestDatabase database, Guid streamId, string memberId, EnrollmentStatus status, DateTimeOffset now)
    {
        await using var db = Db.Context(database);
        var stream = await db.Streams.SingleAsync(s => s.Id == streamId);
        var enrollment = Enroll(stream, memberId, status, now);
        db.Enrollments.Add(enrollment);
        await db.SaveChangesAsync();
        return enrollment.Id;
    }
}
