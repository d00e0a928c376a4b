using Streaming.Domain.Common;

namespace Streaming.Domain.Live;

public enum LiveRecordingStatus
{
    /// <summary>The broadcast page is uploading chunks (or the class ended and the job has not started yet).</summary>
    Recording = 0,

    /// <summary>The replay job is assembling and transcoding the chunks.</summary>
    Processing = 1,

    /// <summary>The replay MP4 is stored and playable.</summary>
    Available = 2,

    /// <summary>The replay could not be made; <see cref="LiveRecording.Error"/> says why.</summary>
    Failed = 3,

    /// <summary>The retention job deleted the files once the replay window closed.</summary>
    Deleted = 4,
}

/// <summary>
/// The browser recording of one live class: chunks uploaded in order while it is live, then
/// turned into a replay MP4 by the replay job once the class has ended.
/// Recording → Processing → Available | Failed; a stopped job's Processing goes back to Recording; any but
/// Processing → Deleted when the replay window closes (retention).
/// </summary>
public class LiveRecording
{
    public const int ErrorMaxLength = 500;
    public const int KeyMaxLength = 500;

    private LiveRecording()
    {
    }

    public Guid StreamId { get; private set; }

    public LiveRecordingStatus Status { get; private set; }

    /// <summary>Chunks received; the next chunk's index.</summary>
    public int ChunkCount { get; private set; }

    public long TotalBytes { get; private set; }

    public string? ReplayKey { get; private set; }

    public long? ReplaySizeBytes { get; private set; }

    public double? DurationSeconds { get; private set; }

    public string? Error { get; private set; }

    /// <summary>How many times the job started on it (a job that dies mid-way is retried a few times).</summary>
    public int Attempts { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset UpdatedAt { get; private set; }

    public DateTimeOffset? AvailableAt { get; private set; }

    public DateTimeOffset? DeletedAt { get; private set; }

    public static LiveRecording Start(Guid streamId, DateTimeOffset now)
    {
        now = now.ToUniversalTime();
        return new LiveRecording { StreamId = streamId, Status = LiveRecordingStatus.Recording, CreatedAt = now, UpdatedAt = now };
    }

    /// <summary>Takes the next chunk (index <see cref="ChunkCount"/>).</summary>
    public void AcceptChunk(long sizeBytes, DateTimeOffset now)
    {
        if (Status != LiveRecordingStatus.Recording) throw new DomainException("This recording no longer takes chunks.");
        if (sizeBytes <= 0) throw new DomainException("A recording chunk cannot be empty.");
        ChunkCount++;
        TotalBytes += sizeBytes;
        UpdatedAt = now.ToUniversalTime();
    }

    public void StartProcessing(DateTimeOffset now)
    {
        if (Status != LiveRecordingStatus.Recording)
            throw new DomainException($"A recording that is {Status.ToString().ToLowerInvariant()} cannot be processed.");
        Status = LiveRecordingStatus.Processing;
        Attempts++;
        Error = null;
        UpdatedAt = now.ToUniversalTime();
    }

    /// <summary>The job is still working (keeps it from being taken as stale).</summary>
    public void Touch(DateTimeOffset now) => UpdatedAt = now.ToUniversalTime();

    public void Complete(string replayKey, long sizeBytes, double durationSeconds, DateTimeOffset now)
    {
        if (Status != LiveRecordingStatus.Processing) throw new DomainException("Only a recording being processed can complete.");
        if (string.IsNullOrWhiteSpace(replayKey)) throw new DomainException("A replay needs its file.");
        if (durationSeconds <= 0) throw new DomainException("A replay cannot be empty.");
        now = now.ToUniversalTime();
        Status = LiveRecordingStatus.Available;
        ReplayKey = replayKey;
        ReplaySizeBytes = sizeBytes;
        DurationSeconds = durationSeconds;
        Error = null;
        AvailableAt = now;
        UpdatedAt = now;
    }

    public void Fail(string error, DateTimeOffset now)
    {
        if (Status == LiveRecordingStatus.Available) throw new DomainException("An available replay cannot fail.");
        error = string.IsNullOrWhiteSpace(error) ? "The replay could not be made." : error.Trim();
        Status = LiveRecordingStatus.Failed;
        Error = error.Length <= ErrorMaxLength ? error : error[..ErrorMaxLength];
        UpdatedAt = now.ToUniversalTime();
    }

    /// <summary>The files are gone (retention): nothing is left to play or to assemble.</summary>
    public void MarkDeleted(DateTimeOffset now)
    {
        if (Status == LiveRecordingStatus.Processing) throw new DomainException("A recording is deleted only when the replay job is not working on it.");
        now = now.ToUniversalTime();
        Status = LiveRecordingStatus.Deleted;
        ReplayKey = null;
        DeletedAt = now;
        UpdatedAt = now;
    }

    /// <summary>
    /// A job stopped (restart, crash) while processing: queue it again, or give up after
    /// <paramref name="maxAttempts"/> so a recording that kills the job is never retried forever.
    /// </summary>
    public void Requeue(int maxAttempts, DateTimeOffset now)
    {
        if (Status != LiveRecordingStatus.Processing) return;
        if (Attempts >= maxAttempts)
        {
            Fail($"The replay job stopped {Attempts} times while making this replay and gave up.", now);
            return;
        }

        Status = LiveRecordingStatus.Recording;
        UpdatedAt = now.ToUniversalTime();
    }
}

/// <summary>One uploaded piece of a browser recording (a consecutive slice of one WebM stream).</summary>
public class LiveRecordingChunk
{
    public const int Sha256HexLength = 64;

    private LiveRecordingChunk()
    {
    }

    public LiveRecordingChunk(Guid streamId, int index, long sizeBytes, string sha256, DateTimeOffset now)
    {
        if (index < 0) throw new DomainException("A chunk index cannot be negative.");
        if (sizeBytes <= 0) throw new DomainException("A recording chunk cannot be empty.");
        if (sha256.Length != Sha256HexLength) throw new DomainException("A chunk's SHA-256 must be 64 hex characters.");
        StreamId = streamId;
        Index = index;
        SizeBytes = sizeBytes;
        Sha256 = sha256;
        ReceivedAt = now.ToUniversalTime();
    }

    public Guid StreamId { get; private set; }

    public int Index { get; private set; }

    public long SizeBytes { get; private set; }

    /// <summary>Lower-case hex SHA-256 of the chunk's bytes.</summary>
    public string Sha256 { get; private set; } = default!;

    public DateTimeOffset ReceivedAt { get; private set; }
}
