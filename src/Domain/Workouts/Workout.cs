using Streaming.Domain.Common;
using Streaming.Domain.Live;
using Streaming.Domain.Streams;
using Streaming.Domain.Users;

namespace Streaming.Domain.Workouts;

/// <summary>
/// An on-demand workout in the catalog: what an ended live class became about two months after it
/// ended (see <see cref="LiveStream.IsDueForCatalog"/>). It plays the class's replay file, which
/// the retention job kept for it. One per class.
/// </summary>
public class Workout : BaseEntity
{
    public const int VideoKeyMaxLength = 500;

    private Workout()
    {
    }

    public Guid SourceStreamId { get; private set; }

    public string InstructorId { get; private set; } = default!;

    /// <summary>The instructor's public profile (loaded by queries that show it).</summary>
    public UserProfile Instructor { get; private set; } = default!;

    public string Title { get; private set; } = default!;

    public string Description { get; private set; } = "";

    public string? Category { get; private set; }

    public string? ThumbnailPath { get; private set; }

    public double DurationSeconds { get; private set; }

    /// <summary>The video's blob key (the class's replay MP4, kept privately since the replay window closed).</summary>
    public string VideoKey { get; private set; } = default!;

    public long VideoSizeBytes { get; private set; }

    public bool IsPublished { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset UpdatedAt { get; private set; }

    /// <summary>The workout a class becomes; the class must be due (<see cref="LiveStream.IsDueForCatalog"/>) and its replay available.</summary>
    public static Workout FromClass(LiveStream stream, LiveRecording recording, DateTimeOffset now)
    {
        if (!stream.IsDueForCatalog(now)) throw new DomainException("This class is not due for the workout catalog.");
        if (recording.StreamId != stream.Id) throw new DomainException("The recording belongs to another class.");
        if (recording.Status != LiveRecordingStatus.Available || recording.ReplayKey is null || recording.DurationSeconds is not > 0)
            throw new DomainException("The class has no replay to put in the catalog.");
        now = now.ToUniversalTime();
        return new Workout
        {
            SourceStreamId = stream.Id,
            InstructorId = stream.InstructorId,
            Title = stream.Title,
            Description = stream.Description,
            Category = stream.Category,
            ThumbnailPath = stream.ThumbnailPath,
            DurationSeconds = recording.DurationSeconds.Value,
            VideoKey = recording.ReplayKey,
            VideoSizeBytes = recording.ReplaySizeBytes ?? 0,
            IsPublished = true,
            CreatedAt = now,
            UpdatedAt = now,
        };
    }

    /// <summary>Takes the workout out of the catalog (members no longer see it) or puts it back.</summary>
    public void SetPublished(bool published, DateTimeOffset now)
    {
        if (IsPublished == published) return;
        IsPublished = published;
        UpdatedAt = now.ToUniversalTime();
    }
}
