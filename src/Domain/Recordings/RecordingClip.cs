using Streaming.Domain.Common;

namespace Streaming.Domain.Recordings;

/// <summary>
/// A segment of a recording, cut by a background job: Pending → Processing → Ready | Failed.
/// A failed clip can be retried; a clip left in Processing by a stopped job goes back to Pending.
/// </summary>
public class RecordingClip : BaseEntity
{
    public const int ErrorMaxLength = 500;
    public const int NameMaxLength = 100;

    private RecordingClip()
    {
    }

    /// <summary>The <see cref="Recording"/> it is cut from.</summary>
    public Guid RecordingId { get; private set; }

    /// <summary>The recording's product (copied so access checks need not join the source).</summary>
    public string Product { get; private set; } = default!;

    public string OwnerId { get; private set; } = default!;

    /// <summary>The owner's name for the clip; null shows a name made from the times and the recording.</summary>
    public string? Name { get; private set; }

    public double StartSeconds { get; private set; }

    public double EndSeconds { get; private set; }

    public ClipStatus Status { get; private set; }

    public string? ClipLocation { get; private set; }

    public long? ClipSizeBytes { get; private set; }

    /// <summary>The measured length of the generated file (ffprobe).</summary>
    public double? ClipDurationSeconds { get; private set; }

    public string? Error { get; private set; }

    /// <summary>0–100 while processing.</summary>
    public int Progress { get; private set; }

    public int Attempts { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset UpdatedAt { get; private set; }

    public DateTimeOffset? CompletedAt { get; private set; }

    public double LengthSeconds => EndSeconds - StartSeconds;

    public static RecordingClip Request(
        Guid recordingId, string product, string ownerId,
        double startSeconds, double endSeconds, double sourceDurationSeconds, TimeSpan maxLength, DateTimeOffset now, string? name = null)
    {
        if (string.IsNullOrWhiteSpace(ownerId)) throw new DomainException("Sign in to create a clip.");
        var problems = ClipRange.Problems(startSeconds, endSeconds, sourceDurationSeconds, maxLength);
        if (problems.Count > 0) throw new DomainException(string.Join(" ", problems));
        now = now.ToUniversalTime();
        return new RecordingClip
        {
            RecordingId = recordingId,
            Product = Products.Normalise(product),
            OwnerId = ownerId,
            Name = NormaliseName(name),
            StartSeconds = Math.Round(startSeconds, 3),
            EndSeconds = Math.Round(endSeconds, 3),
            Status = ClipStatus.Pending,
            CreatedAt = now,
            UpdatedAt = now,
        };
    }

    /// <summary>The name people see; <paramref name="sourceTitle"/> fills in a clip without one.</summary>
    public string DisplayName(string sourceTitle) =>
        Name ?? $"Clip {ClipTime.Format(StartSeconds)}–{ClipTime.Format(EndSeconds)} of {sourceTitle}";

    /// <summary>A blank name goes back to the default one.</summary>
    /// <remarks>UpdatedAt stays: it orders the queue and tells a stopped job, not an edit.</remarks>
    public void Rename(string? name)
    {
        // The cutting job saves progress on this row; renaming under it would make its saves conflict.
        if (Status == ClipStatus.Processing) throw new DomainException("The clip is being cut: rename it when it is ready.");
        Name = NormaliseName(name);
    }

    private static string? NormaliseName(string? name)
    {
        var cleaned = new string((name ?? "").Select(c => char.IsControl(c) ? ' ' : c).ToArray()).Trim();
        if (cleaned.Length > NameMaxLength) throw new DomainException($"A clip's name is at most {NameMaxLength} characters.");
        return cleaned.Length == 0 ? null : cleaned;
    }

    /// <summary>A job takes the clip.</summary>
    public void StartProcessing(DateTimeOffset now)
    {
        if (Status != ClipStatus.Pending) throw new DomainException($"Only a pending clip can be processed (this one is {Describe()}).");
        Status = ClipStatus.Processing;
        Progress = 0;
        Error = null;
        Attempts++;
        UpdatedAt = now.ToUniversalTime();
    }

    public void ReportProgress(int percent, DateTimeOffset now)
    {
        if (Status != ClipStatus.Processing) return;
        Progress = Math.Clamp(percent, Progress, 99);
        UpdatedAt = now.ToUniversalTime();
    }

    public void Complete(string location, long sizeBytes, double measuredDurationSeconds, DateTimeOffset now)
    {
        if (Status != ClipStatus.Processing) throw new DomainException($"Only a clip being processed can be completed (this one is {Describe()}).");
        RecordingFile.EnsureSizeAndDuration(sizeBytes, measuredDurationSeconds);
        ClipLocation = RecordingFile.NormaliseLocation(location);
        ClipSizeBytes = sizeBytes;
        ClipDurationSeconds = measuredDurationSeconds;
        Status = ClipStatus.Ready;
        Progress = 100;
        CompletedAt = UpdatedAt = now.ToUniversalTime();
    }

    public void Fail(string message, DateTimeOffset now)
    {
        if (string.IsNullOrWhiteSpace(message)) throw new DomainException("Say why the clip failed.");
        if (Status != ClipStatus.Processing) throw new DomainException($"Only a clip being processed can fail (this one is {Describe()}).");
        Status = ClipStatus.Failed;
        Error = message.Length > ErrorMaxLength ? message[..ErrorMaxLength] : message;
        CompletedAt = UpdatedAt = now.ToUniversalTime();
    }

    /// <summary>The owner asks again after a failure.</summary>
    public void Retry(DateTimeOffset now)
    {
        if (Status != ClipStatus.Failed) throw new DomainException($"Only a failed clip can be retried (this one is {Describe()}).");
        Status = ClipStatus.Pending;
        Progress = 0;
        Error = null;
        CompletedAt = null;
        UpdatedAt = now.ToUniversalTime();
    }

    /// <summary>
    /// A job stopped (restart, crash) while processing: the clip goes back to the queue, so it is
    /// never stuck in Processing.
    /// </summary>
    public void Requeue(DateTimeOffset now)
    {
        if (Status != ClipStatus.Processing) throw new DomainException($"Only a clip being processed can be requeued (this one is {Describe()}).");
        Status = ClipStatus.Pending;
        Progress = 0;
        UpdatedAt = now.ToUniversalTime();
    }

    private string Describe() => Status.ToString().ToLowerInvariant();
}
