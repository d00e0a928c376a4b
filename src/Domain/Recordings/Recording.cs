using Streaming.Domain.Common;

namespace Streaming.Domain.Recordings;

/// <summary>
/// A meeting or voice call of the Meet family (TipJar, M10, …) and its recording: LiveKit Egress
/// writes a meeting's file once it ends, a super admin attaches a file by upload. Both kinds follow
/// one path; what differs is data: a meeting has a name, a call the people who were on it.
/// </summary>
public class Recording : BaseEntity
{
    public const int NameMaxLength = 200;
    public const int ParticipantsMaxLength = 300;
    public const int EgressIdMaxLength = 100;

    /// <summary>The column holds either, so it is as long as the longer.</summary>
    public const int SubjectMaxLength = ParticipantsMaxLength;

    private Recording()
    {
    }

    public RecordingType Kind { get; private set; }

    public string Product { get; private set; } = default!;

    public string OwnerId { get; private set; } = default!;

    /// <summary>A meeting's name, or who was on a call (names or phone numbers).</summary>
    public string Subject { get; private set; } = default!;

    /// <summary>Null until the file is attached.</summary>
    public RecordingFile? File { get; private set; }

    /// <summary>The LiveKit egress that produced the file; a repeated webhook changes nothing.</summary>
    public string? EgressId { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    /// <summary>
    /// When the recording-copy job last failed to copy the file from its URL (null: not failed, or
    /// a new file since). The job tries files that never failed first, then the one that failed
    /// longest ago, so URLs that stay broken take turns instead of holding up the rest.
    /// </summary>
    public DateTimeOffset? CopyFailedAt { get; private set; }

    public bool HasFile => File is not null;

    /// <summary>What people see: the meeting's name, or "Call with …".</summary>
    public string Title => Kind == RecordingType.Voice ? $"Call with {Subject}" : Subject;

    public static Recording OpenMeeting(string product, string ownerId, string name, DateTimeOffset now) =>
        Open(RecordingType.Meet, product, ownerId, name, now);

    public static Recording OpenCall(string product, string ownerId, string participants, DateTimeOffset now) =>
        Open(RecordingType.Voice, product, ownerId, participants, now);

    public static Recording Open(RecordingType kind, string product, string ownerId, string subject, DateTimeOffset now)
    {
        var meeting = kind == RecordingType.Meet;
        if (string.IsNullOrWhiteSpace(ownerId)) throw new DomainException(meeting ? "A meeting needs its owner." : "A call needs its owner.");
        if (string.IsNullOrWhiteSpace(subject)) throw new DomainException(meeting ? "A meeting needs a name." : "Say who was on the call.");
        if (subject.Trim().Length > SubjectMaxLengthOf(kind))
            throw new DomainException(meeting
                ? $"A meeting name is at most {NameMaxLength} characters."
                : $"The participants are at most {ParticipantsMaxLength} characters.");
        return new Recording
        {
            Kind = kind,
            Product = Products.Normalise(product),
            OwnerId = ownerId,
            Subject = subject.Trim(),
            CreatedAt = now.ToUniversalTime(),
        };
    }

    /// <summary>The longest <see cref="Subject"/> a kind takes.</summary>
    public static int SubjectMaxLengthOf(RecordingType kind) => kind == RecordingType.Meet ? NameMaxLength : ParticipantsMaxLength;

    /// <summary>
    /// Records the egress result. Returns false (and changes nothing) when this egress was
    /// already recorded: webhooks are delivered at least once.
    /// </summary>
    public bool RecordEgress(string egressId, RecordingFile file)
    {
        if (string.IsNullOrWhiteSpace(egressId) || egressId.Length > EgressIdMaxLength)
            throw new DomainException($"An egress result needs its egress id (at most {EgressIdMaxLength} characters).");
        if (Kind != RecordingType.Meet) throw new DomainException("Only meetings are recorded by LiveKit Egress.");
        if (EgressId == egressId) return false;
        Attach(file, attachedBy: null);
        EgressId = egressId;
        return true;
    }

    /// <summary>Attaches (or replaces) the file by hand.</summary>
    public void AttachFile(RecordingFile file, string attachedBy)
    {
        if (string.IsNullOrWhiteSpace(attachedBy)) throw new DomainException("Say who attached the recording.");
        Attach(file, attachedBy);
    }

    /// <summary>
    /// The file, kept at <paramref name="url"/> until now, was copied into the app's store under
    /// <paramref name="key"/>: the recording reads it from there (same file, length and date; no
    /// "ready" event). False, changing nothing, when the file is no longer the one at that URL (a new
    /// one was attached meanwhile).
    /// </summary>
    public bool MoveFileToStore(string url, string key, long sizeBytes)
    {
        if (File is null || File.Location != url) return false;
        if (key.Contains("://", StringComparison.Ordinal)) throw new DomainException("A copy in the app's store has a storage key, not a URL.");
        File = RecordingFile.Create(key, sizeBytes, File.DurationSeconds, File.RecordedAt);
        CopyFailedAt = null;
        return true;
    }

    /// <summary>
    /// Copying the file at <paramref name="url"/> into the store failed at <paramref name="at"/>:
    /// the recording goes to the back of the job's queue. False, changing nothing, when the file is
    /// no longer the one at that URL.
    /// </summary>
    public bool CopyFailed(string url, DateTimeOffset at)
    {
        if (File is null || File.Location != url) return false;
        CopyFailedAt = at;
        return true;
    }

    private void Attach(RecordingFile file, string? attachedBy)
    {
        var previous = File?.Location;
        File = file ?? throw new DomainException("A recording needs its file.");
        CopyFailedAt = null;
        AddDomainEvent(new RecordingReady(this, attachedBy));
        if (previous is not null && previous != file.Location) AddDomainEvent(new RecordingFileReplaced(this, previous));
    }
}
