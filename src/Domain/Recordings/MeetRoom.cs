using Streaming.Domain.Common;

namespace Streaming.Domain.Recordings;

/// <summary>
/// A meeting of the Meet family (TipJar, M10, …) and its recording, which LiveKit Egress writes
/// once the meeting ends (or a super admin attaches by upload).
/// </summary>
public class MeetRoom : BaseEntity
{
    public const int NameMaxLength = 200;

    private MeetRoom()
    {
    }

    public string Product { get; private set; } = default!;

    public string OwnerId { get; private set; } = default!;

    public string Name { get; private set; } = default!;

    public string? RecordingLocation { get; private set; }

    public long? RecordingSizeBytes { get; private set; }

    public double? DurationSeconds { get; private set; }

    public DateTimeOffset? RecordedAt { get; private set; }

    /// <summary>The LiveKit egress that produced the recording; a repeated webhook changes nothing.</summary>
    public string? EgressId { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public bool HasRecording => RecordingLocation is not null;

    public static MeetRoom Open(string product, string ownerId, string name, DateTimeOffset now)
    {
        if (string.IsNullOrWhiteSpace(ownerId)) throw new DomainException("A meeting needs its owner.");
        if (string.IsNullOrWhiteSpace(name)) throw new DomainException("A meeting needs a name.");
        if (name.Trim().Length > NameMaxLength) throw new DomainException($"A meeting name is at most {NameMaxLength} characters.");
        return new MeetRoom
        {
            Product = Products.Normalise(product),
            OwnerId = ownerId,
            Name = name.Trim(),
            CreatedAt = now.ToUniversalTime(),
        };
    }

    /// <summary>
    /// Records the egress result. Returns false (and changes nothing) when this egress was
    /// already recorded: webhooks are delivered at least once.
    /// </summary>
    public bool RecordEgress(string egressId, string location, long sizeBytes, double durationSeconds, DateTimeOffset recordedAt)
    {
        if (string.IsNullOrWhiteSpace(egressId)) throw new DomainException("An egress result needs the egress id.");
        if (EgressId == egressId) return false;
        AttachRecording(location, sizeBytes, durationSeconds, recordedAt);
        EgressId = egressId;
        return true;
    }

    /// <summary>Attaches (or replaces) the recording file.</summary>
    public void AttachRecording(string location, long sizeBytes, double durationSeconds, DateTimeOffset recordedAt)
    {
        RecordingFile.EnsureSizeAndDuration(sizeBytes, durationSeconds);
        RecordingLocation = RecordingFile.NormaliseLocation(location);
        RecordingSizeBytes = sizeBytes;
        DurationSeconds = durationSeconds;
        RecordedAt = recordedAt.ToUniversalTime();
    }
}
